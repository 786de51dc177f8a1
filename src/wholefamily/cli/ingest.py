"""``wholefamily ingest``: partner extracts in, canonical warehouse out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import click
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from wholefamily.command_line import StepCommand, as_of_option, workspace_option
from wholefamily.ingest.config import SourceConfig
from wholefamily.ingest.deliveries import Delivery
from wholefamily.ingest.load import Counts
from wholefamily.ingest.run import Progress as RunProgress
from wholefamily.ingest.run import RunResult, run_ingest
from wholefamily.workspace import Workspace


@click.command(
    cls=StepCommand,
    help=(
        "Read every partner extract named by the workspace's source configs (sources/*.yaml), normalise "
        "and validate it, and publish the canonical warehouse (warehouse.duckdb): person mentions, events, "
        "quarantine and field warnings, with a run register.\n\n"
        "Each run rebuilds the tables from all deliveries dated on or before --as-of (default: all), so a "
        "past run can be reproduced. A run publishes everything or nothing: a file that cannot be read stops "
        "it with one message and exit status 2, leaving the warehouse as it was. Data-quality reports go to "
        "reports/<run id>/."
    ),
)
@workspace_option
@as_of_option("Use only deliveries dated on or before this date (YYYY-MM-DD).")
@click.option(
    "--source",
    "sources",
    multiple=True,
    metavar="ID",
    help="Ingest only this source (repeatable); other sources' published rows are kept.",
)
def ingest(workspace: Workspace, as_of: dt.date | None, sources: tuple[str, ...]) -> None:
    console = Console()
    with progress_bars(console) as hooks:
        result = run_ingest(workspace, as_of, sources, hooks)
    print_ingest(console, result, workspace)


def print_ingest(console: Console, result: RunResult, workspace: Workspace) -> None:
    console.print(
        reconciliation_table(
            f"Ingest run {result.run_id}", [(s.config.source, s.counts) for s in result.sources]
        )
    )
    for source in result.sources:
        for warning in [*source.agreement_warnings, *source.delivery_warnings()]:
            console.print(f"[bold yellow]Warning:[/] {source.config.source}: {escape(warning)}")
    console.print(f"Run [bold]{result.run_id}[/] published to {workspace.warehouse}")
    console.print(f"Data-quality reports: {result.report_index}")


@contextmanager
def progress_bars(console: Console) -> Iterator[RunProgress]:
    """A rich progress bar fed by the run's callbacks: one bar per source, advancing per file read."""
    current: list[TaskID] = []

    def source_started(config: SourceConfig, deliveries: list[Delivery]) -> None:
        if current:
            bar.update(current[-1], visible=False)
        current.append(bar.add_task(f"{config.source}: reading and checking", total=len(deliveries)))

    def file_read(delivery: Delivery) -> None:
        bar.advance(current[-1])

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        yield RunProgress(source_started, file_read)


def reconciliation_table(title: str, sources: Sequence[tuple[str, Counts]]) -> Table:
    """Per source: rows read = accepted + quarantined + exact duplicates dropped, people read = accepted +
    quarantined, with events and warnings (and rows refused, when a delivery was refused)."""
    refused = any(c.rows_refused for _, c in sources)
    table = Table(title=title, box=box.SIMPLE_HEAD, show_edge=False, padding=0)
    table.add_column("Source", overflow="fold", min_width=12)
    table.add_column("Of", no_wrap=True, min_width=6)
    for name in (
        "Read",
        "Accepted",
        "Quarantined",
        "Duplicates",
        "Events",
        "Warnings",
        *(("Refused",) if refused else ()),
    ):
        table.add_column(name, justify="right", no_wrap=True, min_width=len(name))
    for source, c in sources:
        table.add_row(
            source,
            "rows",
            f"{c.rows_read:,}",
            f"{c.rows_accepted:,}",
            f"{c.rows_quarantined:,}",
            f"{c.rows_duplicates_dropped:,}",
            f"{c.events:,}",
            f"{c.warnings:,}",
            *((f"{c.rows_refused:,}",) if refused else ()),
        )
        table.add_row(
            "",
            "people",
            f"{c.mentions_read:,}",
            f"{c.mentions_accepted:,}",
            f"{c.mentions_quarantined:,}",
            "",
            "",
            "",
            *(("",) if refused else ()),
            end_section=True,
        )
    return table
