"""``wholefamily export-casework``: the families and people recorded by hand, as a partner extract for ingest,
and the casework milestones that ``wholefamily outcomes`` reads."""

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
        "again for a date rewrites that day's file only.\n\n"
        "It also rewrites casework/milestones.csv: for every published family casework worked with, when the "
        "work began, the assessment and plan dates and the closure with its reason, which `wholefamily "
        "outcomes` reads (the pipeline never reads the casework database), and casework/claims.csv: the "
        "claims coordinators signed off, which the next `wholefamily claims build` treats as submitted."
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
    from wholefamily.web.warehouse_sync.casework_extract import (  # these need Django set up
        export_casework as write,
    )
    from wholefamily.web.warehouse_sync.claims_export import export_claims
    from wholefamily.web.warehouse_sync.milestones_export import export_milestones

    result = write(workspace, delivery.date() if delivery else dt.date.today())
    milestones = export_milestones(workspace)
    claims = export_claims(workspace)
    console = Console()
    shown = result.path.relative_to(workspace.root).as_posix()
    console.print(
        f"Wrote {shown}: {result.families:,} families, {result.people:,} people recorded in casework",
        highlight=False,
    )
    if result.config_written:
        console.print(f"Wrote sources/{result.path.stem}.yaml", highlight=False)
    console.print(
        f"Wrote casework/milestones.csv: {milestones.families:,} families worked with, {milestones.closed:,} "
        "closed",
        highlight=False,
    )
    console.print(f"Wrote casework/claims.csv: {claims.claims:,} claims signed off", highlight=False)
    console.print(
        "Next: `wholefamily ingest` and `wholefamily link`; `wholefamily outcomes` reads the milestones.",
        highlight=False,
    )
