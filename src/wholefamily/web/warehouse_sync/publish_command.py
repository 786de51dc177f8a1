"""``wholefamily publish``: copy the families of the latest identify run into the casework database."""

from __future__ import annotations

import time

import click
from rich.console import Console
from rich.table import Table

from wholefamily.command_line import StepCommand, workspace_option
from wholefamily.framework.model import FRAMEWORKS
from wholefamily.publish.extract import read_extract
from wholefamily.publish.records import SCOPES, Scope
from wholefamily.web.setup import django_setup
from wholefamily.workspace import Workspace


@click.command(
    cls=StepCommand,
    help=(
        "Copy the families of the latest identify run of a framework into the casework database: the "
        "families in scope with their members, people, needs, evidence and partner events of the last three "
        "years. Matched on warehouse ids (and, for families and people recorded by hand and sent back with "
        "export-casework, on their casework ids), so running it again changes only what changed. It never "
        "overwrites people's work: for a family with a lead practitioner, changes to members and needs "
        "become suggestions for the keyworker. The database is the workspace's casework.sqlite3 unless "
        "WHOLEFAMILY_DATABASE_URL names another."
    ),
)
@workspace_option
@click.option(
    "--framework",
    type=click.Choice(FRAMEWORKS),
    default="sf-2022",
    show_default=True,
    help="The framework whose latest identify run is published.",
)
@click.option(
    "--scope",
    type=click.Choice(SCOPES),
    default="eligible",
    show_default=True,
    help="eligible: families eligible for the programme; with-needs: every family with a need.",
)
def publish(workspace: Workspace, framework: str, scope: Scope) -> None:
    console = Console()
    began = time.perf_counter()
    with console.status(f"reading identify run ({framework}) from the warehouse"):
        extract = read_extract(workspace, framework, scope)
    with console.status("writing the casework database"):
        django_setup(workspace)
        from wholefamily.web.warehouse_sync.publish import (  # needs Django set up
            COUNT_NAMES,
            publish_extract,
        )

        result = publish_extract(extract)
    console.print(
        f"Published identify run [bold]{extract.identify_run}[/] ({extract.framework}, as of {extract.as_of}, "
        f"scope {scope}; link run {extract.link_run}) in {time.perf_counter() - began:.1f} s",
        highlight=False,
    )
    table = Table(title="Casework database")
    table.add_column("")
    table.add_column("count", justify="right")
    for name in COUNT_NAMES:
        table.add_row(name.replace("_", " "), f"{result.counts[name]:,}")
    console.print(table)
    if extract.outcomes.run_id is not None:
        console.print(f"Need outcomes from outcomes run {extract.outcomes.run_id}.", highlight=False)
    else:
        console.print(f"Need outcomes not published: {extract.outcomes.skipped}.", highlight=False)
    if extract.claims.run_id is not None:
        console.print(
            f"Claims for {extract.claims.period} from claims run {extract.claims.run_id}.", highlight=False
        )
    else:
        console.print(f"Claims not published: {extract.claims.skipped}.", highlight=False)
    if not result.changed:
        console.print("Nothing changed: casework already holds this identify run.")
