"""``wholefamily ssd export``: the early help casework as a Standard Safeguarding Dataset extract."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console

from wholefamily.command_line import StepGroup, workspace_option
from wholefamily.web.setup import django_setup
from wholefamily.workspace import Workspace


@click.group(
    "ssd",
    cls=StepGroup,
    help="Early help history in the Standard Safeguarding Dataset's shape (docs/ssd.md).",
)
def ssd() -> None:
    """The ``ssd`` command group."""


@ssd.command(
    "export",
    help=(
        "Write the casework site's early help episodes (each referral routed to early help, from the day it was "
        "received to the family's closure) as a Standard Safeguarding Dataset extract: ssd_person.csv, "
        "ssd_family.csv and ssd_early_help_episodes.csv in DIR, with exactly the model's columns and its date "
        "format. Existing files of those names in DIR are replaced; every exported family's audit log says so."
    ),
)
@workspace_option
@click.argument("folder", metavar="DIR", type=click.Path(file_okay=False, path_type=Path))
def export(workspace: Workspace, folder: Path) -> None:
    django_setup(workspace)
    from wholefamily.web.warehouse_sync.ssd_export import export_ssd  # needs Django set up

    result = export_ssd(folder)
    Console().print(
        f"Wrote {result.episodes:,} early help episodes of {result.families:,} families "
        f"({result.people:,} people) to {folder}",
        highlight=False,
    )
