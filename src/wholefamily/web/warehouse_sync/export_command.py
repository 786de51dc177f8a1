"""``wholefamily export-casework``: the families and people recorded by hand, as a partner extract for ingest."""

from __future__ import annotations

import datetime as dt

import click
from rich.console import Console

from wholefamily.command_line import StepCommand, workspace_option
from wholefamily.web.setup import django_setup
from wholefamily.workspace import Workspace


@click.command(
    "export-casework",
    cls=StepCommand,
    help=(
        "Write the families and people recorded by hand in the casework database (referrals made by hand) "
        "as a partner delivery, extracts/DATE/casework_referrals.csv, and its source config "
        "sources/casework_referrals.yaml if the workspace has none, so that the next `ingest` and `link` "
        "link them to partner records and family formation sees each family as one household. Running it "
        "again for a date rewrites that day's file only."
    ),
)
@workspace_option
@click.option(
    "--date",
    "delivery",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Delivery date, YYYY-MM-DD (default: today). The file holds casework as it stands now.",
)
def export_casework(workspace: Workspace, delivery: dt.datetime | None) -> None:
    django_setup(workspace)
    from wholefamily.web.warehouse_sync.casework_extract import (
        export_casework as write,  # needs Django set up
    )

    result = write(workspace, delivery.date() if delivery else dt.date.today())
    console = Console()
    shown = result.path.relative_to(workspace.root).as_posix()
    console.print(
        f"Wrote {shown}: {result.families:,} families, {result.people:,} people recorded in casework",
        highlight=False,
    )
    if result.config_written:
        console.print(f"Wrote sources/{result.path.stem}.yaml", highlight=False)
    console.print("Next: `wholefamily ingest` and `wholefamily link`.", highlight=False)
