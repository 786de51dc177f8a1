"""``wholefamily evaluate impact``: the programme's effect on the families worked with, against matched
comparison families."""

from __future__ import annotations

import datetime as dt

import click
from rich.console import Console

from wholefamily.command_line import StepCommand, as_of_option, workspace_option
from wholefamily.evidence.impact import estimate_impact
from wholefamily.evidence.report import verdict, write_impact_report
from wholefamily.evidence.study import load_study
from wholefamily.workspace import Workspace


@click.command(
    "impact",
    cls=StepCommand,
    help=(
        "Compare the families worked with (casework/milestones.csv: work begun within 91 days of the index "
        "date) with comparable families never worked with (identified with a need on the index date: eligible "
        "but not reached, or below the threshold), among families with a dependent child and no child "
        "protection plan or care spell open that day. Propensity score matching (same headlines of need, "
        "nearest within a caliper, seeded) with inverse probability weighting as a check; balance "
        "(standardised mean differences before and after, target below 0.1); effects with 95% intervals on "
        "escalation (a child protection plan or entry to care), entry to care, police incidents, school "
        "attendance and out-of-work benefits in the year after; placebo-treatment and random-common-cause "
        "refutations. Report in reports/impact/ (impact.md, impact.json, balance.svg)."
    ),
)
@click.option(
    "--index-date",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    required=True,
    help="The day the families were identified (YYYY-MM-DD): an identify run as of that day gives their "
    "needs, and outcomes are counted in the year after it.",
)
@as_of_option("Read outcomes as the deliveries received by this date show them (YYYY-MM-DD).", required=True)
@click.option("--seed", type=int, default=1, show_default=True, help="Seed of the matching order and checks.")
@workspace_option
def evaluate_impact(index_date: dt.datetime, as_of: dt.date, seed: int, workspace: Workspace) -> None:
    study = load_study(workspace, index_date.date(), as_of)
    impact = estimate_impact(study, seed)
    paths = write_impact_report(workspace, impact)
    console = Console()
    console.print(
        f"worked with {impact.treated:,}; comparison {impact.comparison:,}; matched {impact.matched:,} "
        f"(unmatched {impact.unmatched:,}); balanced: {'yes' if impact.balanced else 'no'}"
    )
    for r in impact.results:
        m = r.matched
        console.print(
            f"  {r.label}: {m.effect:+.3f} (95% {m.low:+.3f} to {m.high:+.3f}; n {m.n}); weighted "
            f"{r.weighted.effect:+.3f}; placebo {verdict(r.placebo_passes)}; random cause "
            f"{verdict(r.random_cause_passes)}",
            highlight=False,
        )
    console.print(f"report: {paths[0]}")
