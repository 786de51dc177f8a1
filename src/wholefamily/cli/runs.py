"""``wholefamily runs``: every published run of every step, newest first, with the runs it read."""

from __future__ import annotations

import click
from rich.console import Console
from rich.table import Table

from wholefamily.command_line import StepCommand, workspace_option
from wholefamily.warehouse.connection import open_warehouse
from wholefamily.warehouse.runs import recorded_runs
from wholefamily.workspace import Workspace

STEPS = ("ingest", "link", "families", "identify", "outcomes", "retention", "truth")


@click.command(
    cls=StepCommand,
    help=(
        "List the runs published to the warehouse, newest first: the step, when it ran, its as-of date, and "
        "the runs whose tables it read (its lineage), so that any published result can be traced back to the "
        "partner deliveries behind it."
    ),
)
@workspace_option
@click.option("--step", type=click.Choice(STEPS), help="Only the runs of this step.")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
def runs(workspace: Workspace, step: str | None, limit: int) -> None:
    with open_warehouse(workspace.warehouse, read_only=True) as con:
        found = recorded_runs(con, step)
    table = Table("run", "step", "started (UTC)", "finished (UTC)", "as of", "read", title="Published runs")
    for run in found[:limit]:
        table.add_row(
            run.run_id,
            run.step,
            f"{run.started_at:%Y-%m-%d %H:%M:%S}",
            f"{run.finished_at:%Y-%m-%d %H:%M:%S}",
            f"{run.as_of or ''}",
            "\n".join(run.inputs),
        )
    console = Console()
    console.print(table)
    if len(found) > limit:
        console.print(f"{len(found) - limit} older runs not shown (--limit)")
