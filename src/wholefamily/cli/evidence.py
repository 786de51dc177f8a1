"""``wholefamily evaluate impact``: the programme's effect on the families worked with, against matched
comparison families; ``wholefamily evaluate risk``: the escalation-risk model on a time-split hold-out."""

from __future__ import annotations

import datetime as dt

import click
from rich.console import Console

from wholefamily.command_line import StepCommand, as_of_option, workspace_option
from wholefamily.evidence.impact import estimate_impact
from wholefamily.evidence.report import verdict, write_impact_report
from wholefamily.evidence.risk.report import write_risk_report
from wholefamily.evidence.risk.run import evaluate_risk as run_risk
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
@click.option(
    "--seed",
    type=int,
    default=1,
    show_default=True,
    help="Seed of the placebo draw, the noise covariate and the bootstrap.",
)
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


@click.command(
    "risk",
    cls=StepCommand,
    help=(
        "Evaluate the escalation-risk model (decision support only; off unless risk-model.yaml in the "
        "workspace says enabled: true): trained on families as of --as-of less two horizons, tested on "
        "families as of --as-of less one horizon against what happened by --as-of (a strict time split), "
        "compared with a plain logistic regression and the priority order of the identify run as of the test "
        "date; ROC and PR AUC, Brier score and calibration, precision and recall at the team's capacity, a "
        "fairness audit by sex, ethnicity, age band and area, and each family's top factors. Model card, "
        "figures and the score log (with the model version) in reports/risk/<as-of>/."
    ),
)
@as_of_option(
    "The end of the test window (YYYY-MM-DD): outcomes are read as delivered by then.", required=True
)
@click.option("--seed", type=int, default=1, show_default=True, help="Seed of the model's fitting.")
@workspace_option
def evaluate_risk(as_of: dt.date, seed: int, workspace: Workspace) -> None:
    result = run_risk(workspace, as_of, seed)
    paths = write_risk_report(workspace, result)
    console = Console()
    console.print(
        f"model {result.model_version}: trained as of {result.train.as_of} ({result.train_escalated} escalated), "
        f"tested as of {result.test.as_of} ({int(result.test_y.sum())} of {len(result.test.family_ids):,} escalated)"
    )
    for name, m in result.metrics.items():
        console.print(
            f"  {name}: ROC AUC {m.roc_auc:.3f}, PR AUC {m.pr_auc:.3f}, precision {m.precision_at_capacity:.3f} "
            f"and recall {m.recall_at_capacity:.3f} in the top {result.settings.capacity}",
            highlight=False,
        )
    if not result.clearly_better:
        console.print("[bold]The model is not clearly better than the comparisons: do not use it.[/bold]")
    flagged = [f"{g.attribute} {g.measure.replace('_', ' ')} {g.gap:.3f}" for g in result.gaps if g.flagged]
    console.print("fairness gaps beyond the tolerance: " + (", ".join(flagged) or "none"))
    console.print(f"model card: {paths[0]}")
