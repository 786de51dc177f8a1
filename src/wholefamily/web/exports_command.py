"""``wholefamily export-worker``: run the casework site's background jobs (the exports users ask for),
queued in the site's database by django-tasks."""

from __future__ import annotations

import click
from django.core.management import call_command

from wholefamily.command_line import StepCommand, workspace_option
from wholefamily.web.setup import django_setup
from wholefamily.workspace import Workspace


@click.command(
    "export-worker",
    cls=StepCommand,
    help=(
        "Run the casework site's queued exports (keep it running beside `wholefamily serve`; with --batch, "
        "run what is queued and stop)."
    ),
)
@workspace_option
@click.option("--batch", is_flag=True, help="Run the queued jobs, then stop.")
def export_worker(workspace: Workspace, batch: bool) -> None:
    django_setup(workspace)
    call_command("db_worker", *(["--batch"] if batch else []), "--no-startup-delay")
