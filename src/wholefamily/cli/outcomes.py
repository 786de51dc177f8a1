"""``wholefamily outcomes``: each need of each family worked with, judged after closure;
``wholefamily evaluate outcomes``: agreement with a synthetic authority's truth."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
from rich.console import Console

from wholefamily.cli.framework_options import framework_option, plan_option
from wholefamily.command_line import StepCommand, as_of_option, workspace_option
from wholefamily.outcomes.accuracy import outcome_agreement, write_agreement
from wholefamily.outcomes.run import SUSTAIN_DAYS, OutcomesResult, run_outcomes
from wholefamily.outcomes.truth_casework import casework_on_formed_families
from wholefamily.workspace import Workspace


@click.command(
    cls=StepCommand,
    help=(
        "Judge every need of every family worked with (casework/milestones.csv, written by `wholefamily "
        "export-casework` from the casework site) after its closure, with the outcome measures of the framework: met, not met, relapsed or "
        "not yet measurable (with the reason: days still to run, a kind no partner delivers, a partner's "
        "delivery too old, no record), with the partner records that show it. Each need is judged over the "
        "sustain period after closure (--sustain-days, 183 by default: exactly that many days counts) and "
        "tracked at 12 and 24 months. The needs are those of the latest identify run of the framework as of "
        "--as-of or before. Results go to the warehouse (outcome_runs, outcome_families, need_outcomes, "
        "outcome_evidence).\n\n"
        "A local outcome plan (--plan FILE) may replace a need's measure; it is checked first."
    ),
)
@framework_option
@as_of_option("Judge as on this date (YYYY-MM-DD), with the deliveries received by then.", required=True)
@plan_option
@click.option(
    "--sustain-days",
    type=click.IntRange(min=1),
    default=SUSTAIN_DAYS,
    show_default=True,
    help="Days after closure an outcome must hold to be met (the claim's horizon).",
)
@workspace_option
def outcomes(
    framework: str, as_of: dt.date, plan: Path | None, sustain_days: int, workspace: Workspace
) -> None:
    console = Console()
    with console.status(f"judging outcomes ({framework}, as of {as_of})"):
        result = run_outcomes(workspace, framework, as_of, plan, sustain_days)
    print_outcomes(console, result, sustain_days)


def print_outcomes(console: Console, result: OutcomesResult, sustain_days: int = SUSTAIN_DAYS) -> None:
    console.print(
        f"Outcomes run [bold]{result.run_id}[/] ({result.framework.id}, as of {result.as_of}, needs of identify "
        f"run {result.identify_run_id}) in {result.seconds:.1f} s"
    )
    console.print(f"families worked with {result.families:,}; closed by then {result.closed:,}")
    console.print(
        f"needs at {sustain_days} days: "
        + (", ".join(f"{k.replace('_', ' ')} {v:,}" for k, v in sorted(result.statuses.items())) or "none")
    )


@click.command(
    "outcomes",
    cls=StepCommand,
    help=(
        "Agreement of the last outcomes run with truth/outcomes.parquet, per headline and need: the share of "
        "the true (family, need) pairs whose status the run gives; Markdown goes to reports/outcomes/."
    ),
)
@workspace_option
def evaluate_outcomes(workspace: Workspace) -> None:
    rows = outcome_agreement(workspace)
    path = write_agreement(workspace, rows)
    console = Console()
    for horizon in sorted({a.horizon_days for a in rows}):
        console.print(f"at {horizon} days after closure (agreed of true pairs; judged by the run):")
        for a in rows:
            if a.horizon_days == horizon and a.level == "headline":
                console.print(
                    f"  {a.key:<22} {a.rate:.4f}  {a.agreed:>6,} of {a.pairs:>6,}; judged {a.judged:,}",
                    highlight=False,
                )
    console.print(f"report: {path}")


@click.command(
    "formed-casework",
    cls=StepCommand,
    help=(
        "On a synthetic authority generated with --closures, after `link`: rewrite casework/milestones.csv "
        "with the ids of the families the pipeline formed (each true family's: the one holding most of its "
        "members), as a council's casework site would export them, so that `outcomes`, `claims` and "
        "`evaluate outcomes` run end to end on formed families. The generator's file is kept in "
        "truth/milestones.csv and the map in truth/family-map.csv."
    ),
)
@workspace_option
def formed_casework(workspace: Workspace) -> None:
    moved = casework_on_formed_families(workspace)
    Console().print(
        f"{moved.moved:,} of {moved.families:,} families worked with moved onto formed families; "
        f"written to {workspace.milestones}"
    )
