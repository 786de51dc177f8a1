"""Command line of the quarantine: ``quarantine export``."""

from __future__ import annotations

from pathlib import Path

import click

from wholefamily.command_line import StepGroup, workspace_option
from wholefamily.ingest.quarantine import export_quarantine
from wholefamily.workspace import Workspace


@click.group(cls=StepGroup, help="The rows the latest ingest did not accept, and why.")
def quarantine() -> None:
    """Group of quarantine commands."""


@quarantine.command("export", help="Write the whole quarantine to FILE (.csv or .xlsx), spreadsheet-safe.")
@workspace_option
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def quarantine_export(workspace: Workspace, file: Path) -> None:
    written = export_quarantine(workspace, file)
    click.echo(f"Wrote {written:,} quarantined rows to {file}")
