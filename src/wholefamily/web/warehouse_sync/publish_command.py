"""``wholefamily publish``: copy the families of the latest identify run into the casework database."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from wholefamily.framework.model import FRAMEWORKS
from wholefamily.publish.extract import PublishError, read_extract
from wholefamily.publish.records import SCOPES, Scope
from wholefamily.web.config import ConfigError
from wholefamily.web.setup import django_setup
from wholefamily.workspace import WorkspaceError, find_workspace


@click.command(
    help=(
        "Copy the families of the latest identify run of a framework into the casework database: the "
        "families in scope with their members, people, needs, evidence and partner events of the last three "
        "years. Matched on warehouse ids (and, for families and people recorded by hand and sent back with "
        "export-casework, on their casework ids), so running it again changes only what changed. It never "
        "overwrites people's work: for a family with a lead practitioner, changes to members and needs "
        "become suggestions for the keyworker. The database is the workspace's casework.sqlite3 unless "
        "WHOLEFAMILY_DATABASE_URL names another."
    )
)
@click.option(
    "--workspace",
    "workspace_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Workspace folder (default: the current folder or a parent, or $WHOLEFAMILY_HOME).",
)
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
def publish(workspace_dir: Path | None, framework: str, scope: Scope) -> None:
    console = Console()
    began = time.perf_counter()
    try:
        workspace = find_workspace(workspace_dir)
        with console.status(f"reading identify run ({framework}) from the warehouse"):
            extract = read_extract(workspace, framework, scope)
        with console.status("writing the casework database"):
            django_setup(workspace)
            from wholefamily.web.warehouse_sync.publish import (  # needs Django set up
                COUNT_NAMES,
                publish_extract,
            )

            result = publish_extract(extract)
    except (PublishError, WorkspaceError, ConfigError) as exc:
        Console(stderr=True).print(
            f"[bold red]publish failed:[/] {escape(str(exc))}", highlight=False, soft_wrap=True
        )
        sys.exit(2)
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
    if not result.changed:
        console.print("Nothing changed: casework already holds this identify run.")
