"""``wholefamily remind``: email each keyworker their overdue and this week's work (run it daily, for example
from cron), through the mail settings ``WHOLEFAMILY_EMAIL_*`` (``config.py``)."""

from __future__ import annotations

import datetime as dt

import click

from wholefamily.command_line import StepCommand, workspace_option
from wholefamily.web.setup import django_setup
from wholefamily.workspace import Workspace


@click.command(
    "remind",
    cls=StepCommand,
    help=(
        "Email each keyworker of the workspace's casework site their overdue plan actions, reviews and team "
        "around the family meetings, and those due in the next 7 days (WHOLEFAMILY_EMAIL_* name the mail server)."
    ),
)
@workspace_option
def remind(workspace: Workspace) -> None:
    django_setup(workspace)
    from wholefamily.web.casework.record.reminders import send_reminders  # needs Django set up

    sent = send_reminders(dt.date.today())
    click.echo(f"Sent {len(sent)} reminder{'' if len(sent) == 1 else 's'}.")
