"""``wholefamily ingest``: partner extracts in, canonical warehouse out."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from wholefamily.ingest.config import SourceConfig
from wholefamily.ingest.deliveries import Delivery
from wholefamily.ingest.errors import IngestError
from wholefamily.ingest.run import Progress as RunProgress
from wholefamily.ingest.run import RunResult, run_ingest
from wholefamily.workspace import WorkspaceError, find_workspace


@click.command(
    help=(
        "Read every partner extract named by the workspace's source configs (sources/*.yaml), normalise "
        "and validate it, and publish the canonical warehouse (warehouse.duckdb): person mentions, events, "
        "quarantine and field warnings, with a run register.\n\n"
        "Each run rebuilds the tables from all deliveries dated on or before --as-of (default: all), so a "
        "past run can be reproduced. A run publishes everything or nothing: a file that cannot be read stops "
        "it with one message and exit status 2, leaving the warehouse as it was. Data-quality reports go to "
        "reports/<run id>/."
    )
)
@click.option(
    "--workspace",
    "workspace_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Workspace folder (default: the current folder or a parent, or $WHOLEFAMILY_HOME).",
)
@click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Use only deliveries dated on or before this date (YYYY-MM-DD).",
)
@click.option(
    "--source",
    "sources",
    multiple=True,
    metavar="ID",
    help="Ingest only this source (repeatable); other sources' published rows are kept.",
)
def ingest(workspace_dir: Path | None, as_of: dt.datetime | None, sources: tuple[str, ...]) -> None:
    console = Console(stderr=False)
    try:
        workspace = find_workspace(workspace_dir)
        with _progress(console) as (bar, hooks):
            result = run_ingest(workspace, as_of.date() if as_of else None, sources, hooks)
            del bar
    except (IngestError, WorkspaceError) as exc:
        Console(stderr=True).print(f"[bold red]ingest failed:[/] {escape(str(exc))}", highlight=False, soft_wrap=True)
        sys.exit(2)
    console.print(reconciliation_table(result))
    console.print(f"Run [bold]{result.run_id}[/] published to {workspace.warehouse}")
    console.print(f"Data-quality reports: {result.report_index}")


class _progress:
    """A rich progress bar fed by the run's callbacks: one task per source, advancing per file."""

    def __init__(self, console: Console) -> None:
        self.bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )
        self.task: int | None = None

    def __enter__(self) -> tuple[Progress, RunProgress]:
        self.bar.__enter__()
        return self.bar, RunProgress(self._source, self._file)

    def __exit__(self, *exc: object) -> None:
        self.bar.__exit__(None, None, None)

    def _source(self, config: SourceConfig, deliveries: list[Delivery]) -> None:
        if self.task is not None:
            self.bar.update(self.task, visible=False)
        self.task = self.bar.add_task(f"{config.source}: reading", total=len(deliveries))

    def _file(self, delivery: Delivery) -> None:
        if self.task is not None:
            self.bar.advance(self.task)
            done = self.bar.tasks[-1].completed >= (self.bar.tasks[-1].total or 0)
            if done:
                self.bar.update(self.task, description=self.bar.tasks[-1].description.replace("reading", "checking"))


def reconciliation_table(result: RunResult) -> Table:
    table = Table(title=f"Ingest run {result.run_id}: reconciliation by source")
    for name in ("Source", "Rows read", "Accepted", "Quarantined", "People read", "Accepted",
                 "Quarantined", "Events", "Warnings"):
        table.add_column(name, justify="left" if name == "Source" else "right")
    for source in result.sources:
        c = source.counts
        table.add_row(
            source.config.source,
            *(f"{v:,}" for v in (c.rows_read, c.rows_accepted, c.rows_quarantined, c.mentions_read,
                                 c.mentions_accepted, c.mentions_quarantined, c.events, c.warnings)),
        )
    return table
