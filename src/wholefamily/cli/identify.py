"""``wholefamily identify``: find families' needs with evidence, eligibility and a priority order."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
from rich.console import Console

from wholefamily.cli.framework_options import framework_option, plan_option
from wholefamily.command_line import StepCommand, as_of_option, engine_option, workspace_option
from wholefamily.framework.identify import IdentifyResult, run_identify
from wholefamily.warehouse.spark import Engine
from wholefamily.workspace import Workspace


@click.command(
    cls=StepCommand,
    help=(
        "Evaluate an outcome framework's need descriptors on the warehouse at --as-of, using only "
        "deliveries received by then: every family's needs with their evidence, eligibility and a priority "
        "order, compared with the previous run of the same framework. Results go to the warehouse "
        "(identify_runs, family_needs, need_evidence, family_eligibility, identify_changes) and to "
        "reports/identify/<run>/ (CSV and summary.html).\n\n"
        "A local outcome plan (--plan FILE) changes thresholds and windows, adds local descriptors or "
        "switches descriptors off; it is checked first and nothing runs if it is wrong (exit status 2)."
    ),
)
@framework_option
@as_of_option("Identify as on this date (YYYY-MM-DD).", required=True)
@plan_option
@engine_option(
    "Where the rules run; needs, eligibility and the priority order are then worked out on DuckDB."
)
@workspace_option
def identify(framework: str, as_of: dt.date, plan: Path | None, engine: Engine, workspace: Workspace) -> None:
    console = Console()
    with console.status(f"identifying families ({framework}, as of {as_of}, on {engine})"):
        result = run_identify(workspace, framework, as_of, plan, engine)
    print_identify(console, result)


def print_identify(console: Console, result: IdentifyResult) -> None:
    console.print(
        f"Identify run [bold]{result.run_id}[/] ({result.framework.id}, as of {result.as_of}, "
        f"on {result.engine}) in {result.seconds:.1f} s"
    )
    console.print(f"families with needs {result.families_with_needs:,}; eligible {result.eligible:,}")
    if result.previous_run_id:
        summary = (
            ", ".join(f"{k.replace('_', ' ')} {v:,}" for k, v in sorted(result.changes.items()))
            or "no changes"
        )
        console.print(f"since run {result.previous_run_id}: {summary}")
    console.print(f"Report: {result.report}")
