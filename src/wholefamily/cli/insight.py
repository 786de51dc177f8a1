"""``wholefamily insight``: population indicators, equity and demand by small area, suppressed."""

from __future__ import annotations

import datetime as dt

import click
from rich.console import Console

from wholefamily.command_line import StepGroup, as_of_option, workspace_option
from wholefamily.insight.report import write_indicators
from wholefamily.insight.suppression import DEFAULT_THRESHOLD
from wholefamily.workspace import Workspace


@click.group(cls=StepGroup, help="Population insight: indicators by small area against the population.")
def insight() -> None:
    """The insight command group."""


@insight.command(
    "indicators",
    help=(
        "Write the population indicators as of a date to reports/insight/DATE/: children with each need per "
        "1,000 children by postcode district and sector, the trend by month and quarter, eligible families "
        "worked with, equity (identified and engaged by sex, ethnic group, age band and district against the "
        "population) and demand (families approaching eligibility), each a CSV with its data dictionary, and "
        "a report (indicators.md). Reads the latest identify run as of the date, casework/milestones.csv and "
        "the population file reference/population.csv. Every count below the threshold is suppressed, with "
        "the others needed so that none can be worked out."
    ),
)
@as_of_option("The date the indicators describe (YYYY-MM-DD).", required=True)
@click.option(
    "--threshold",
    type=click.IntRange(min=1),
    default=DEFAULT_THRESHOLD,
    show_default=True,
    help="Counts from 1 to one below this are suppressed.",
)
@click.option("--suppress-zero", is_flag=True, help="Suppress zeros too (by default a zero is shown).")
@workspace_option
def indicators(as_of: dt.date, threshold: int, suppress_zero: bool, workspace: Workspace) -> None:
    written = write_indicators(workspace, as_of, threshold, suppress_zero)
    console = Console()
    for path in written.files:
        console.print(f"Wrote {path.relative_to(workspace.root).as_posix()}", highlight=False)
