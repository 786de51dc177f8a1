"""``wholefamily claims``: build a period's claims with their evidence packs, check the packs, write the
quarterly returns."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
from rich.console import Console

from wholefamily.claims.build import ClaimsResult, build_claims
from wholefamily.claims.evidence import verify
from wholefamily.claims.period import Period, parse_period
from wholefamily.claims.returns import write_returns
from wholefamily.command_line import StepGroup, as_of_option, workspace_option
from wholefamily.workspace import Workspace


def _period(ctx: click.Context, param: click.Parameter, value: str) -> Period:
    return parse_period(value)


period_option = click.option(
    "--period",
    "period",
    required=True,
    callback=_period,
    help="The claim period, a calendar quarter: 2027Q1.",
)


@click.group(
    cls=StepGroup, help="Results claims: candidates and why the others are not, evidence packs, returns."
)
def claims() -> None:
    """The claims command group."""


@claims.command(
    "build",
    help=(
        "Test every family worked with against the claim rules (framework/data/claims-sf-2022.yaml, or a local "
        "file over them with --rules) on the latest outcomes run (as of --as-of or before, when given): "
        "claimable when every rule passes and the sustain horizon ends by the period's end; not claimable "
        "with each rule failed (and each need). Claims signed off in the site (casework/claims.csv) are "
        "read: a family submitted for another period is claimed before. Results go to the warehouse "
        "(claim_runs, claim_candidates, claim_reasons); each claimable or submitted family's evidence pack "
        "(JSON, HTML, PDF) to claims/PERIOD/, a submitted claim's pack kept as it was."
    ),
)
@period_option
@as_of_option("Read the latest outcomes run as of this date or before (YYYY-MM-DD; default: the latest).")
@click.option(
    "--rules", "rules", type=click.Path(dir_okay=False, path_type=Path), help="Local claim rules (YAML)."
)
@workspace_option
def build(period: Period, as_of: dt.date | None, rules: Path | None, workspace: Workspace) -> None:
    print_claims(Console(), build_claims(workspace, period, as_of, rules))


def print_claims(console: Console, result: ClaimsResult) -> None:
    period = result.period
    console.print(
        f"Claims run [bold]{result.run_id}[/] for {period.name} (outcomes run {result.outcome_run_id}) "
        f"in {result.seconds:.1f} s"
        + (" — an Earned Autonomy area: no claims" if result.earned_autonomy else "")
    )
    console.print(
        "families: " + ", ".join(f"{k.replace('_', ' ')} {v:,}" for k, v in sorted(result.statuses.items()))
    )
    for rule, families in sorted(result.reasons.items()):
        console.print(f"  not passing {rule.replace('_', ' ')}: {families:,}", highlight=False)
    packs = result.packs
    console.print(
        f"evidence packs in claims/{period.name}/: {len(packs.written):,} written, {len(packs.frozen):,} "
        f"frozen (submitted), {len(packs.removed):,} removed; every family and reason in "
        f"claims/{period.name}/candidates.csv",
        highlight=False,
    )


@claims.command(
    "verify",
    help=(
        "Assemble every evidence pack of the period again from the warehouse and compare it with the files "
        "(and their hashes in the manifest); exits with status 1 when any differs."
    ),
)
@period_option
@workspace_option
def verify_command(period: Period, workspace: Workspace) -> None:
    checked, problems = verify(workspace, period)
    console = Console()
    for problem in problems:
        console.print(f"[red]differs[/] {problem}", highlight=False, soft_wrap=True)
    console.print(f"{checked:,} evidence pack(s) checked, {len(problems):,} difference(s)", highlight=False)
    if problems:
        raise SystemExit(1)


@claims.command(
    "returns",
    help=(
        "Write the period's returns from its latest claims build: the quarterly progress figures and the "
        "claim, as CSV with a data dictionary beside each, to returns/PERIOD/."
    ),
)
@period_option
@workspace_option
def returns(period: Period, workspace: Workspace) -> None:
    for path in write_returns(workspace, period):
        Console().print(f"Wrote {path.relative_to(workspace.root).as_posix()}", highlight=False)
