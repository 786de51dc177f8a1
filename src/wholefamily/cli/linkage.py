"""Command line of person linkage: ``link``, ``review``, ``explain`` and ``evaluate linkage``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click
from rich.console import Console
from rich.table import Table

from wholefamily.cli.families import print_summary
from wholefamily.command_line import StepCommand, StepGroup, as_of_option, engine_option, workspace_option
from wholefamily.decisions import DecisionStore, LinkVerdict
from wholefamily.families.accuracy import families_section
from wholefamily.linkage.evaluate import evaluate_linkage, write_report
from wholefamily.linkage.explain import explain_person
from wholefamily.linkage.review import decide, export_review_queue, review_queue
from wholefamily.warehouse.spark import Engine
from wholefamily.workspace import Workspace

if TYPE_CHECKING:
    from wholefamily.pipeline import Linked

_F = TypeVar("_F", bound=Callable[..., Any])


@click.command(
    cls=StepCommand,
    help=(
        "Link person mentions into people with Splink: score pairs of mentions, cluster them at the match "
        "threshold applying the data manager's decisions (`wholefamily review`), keep each person's id "
        "stable across runs, and publish person_mentions, persons, link_pairs, review_pairs, the person "
        "registry and a link_runs record (with the blocking rules, their comparison counts and the trained "
        "model) to the warehouse in one transaction."
    ),
)
@workspace_option
@as_of_option("Use each mention's latest delivery dated on or before this date (YYYY-MM-DD).")
@engine_option("Where pairs are scored; the model is always trained, and families formed, on DuckDB.")
@click.option(
    "--retrain",
    is_flag=True,
    help=(
        "Train the model afresh. Without it a run re-uses the last run's model when the mentions still have "
        "what it compares, and reports how far each field's fill rate has drifted since it was trained."
    ),
)
def link(workspace: Workspace, as_of: dt.date | None, engine: Engine, retrain: bool) -> None:
    from wholefamily.pipeline import link_and_form  # Splink and scipy load only for the commands using them

    console = Console()
    with console.status("linking") as status:

        def step(name: str) -> None:
            status.update(f"linking: {name}")
            console.log(name)

        linked = link_and_form(workspace, as_of, engine, step, retrain=retrain)
    print_link(console, linked)


def print_link(console: Console, linked: Linked) -> None:
    result = linked.people
    table = Table("", "count", title=f"Link run {result.run_id} ({result.engine}, {result.seconds:.1f} s)")
    for label, value in (
        ("person mentions", result.mentions),
        ("people", result.persons),
        ("scored pairs kept", result.pairs),
        ("pairs for review", result.review_pairs),
        ("decisions applied", result.decisions_applied),
        ("decisions in conflict", result.unresolvable_decisions),
        ("new person ids", result.new_ids),
        ("ids merged into another", result.merged_ids),
    ):
        table.add_row(label, f"{value:,}")
    console.print(table)
    if result.trained_run == result.run_id:
        console.print("Model trained in this run.")
    elif result.trained_run:
        moved = sorted(result.drift.items(), key=lambda item: -abs(item[1]))[:3]
        console.print(
            f"Model of run {result.trained_run} re-used (`link --retrain` trains afresh); fill rates since: "
            + (", ".join(f"{c} {v:+.1%}" for c, v in moved) or "unchanged")
        )
    print_summary(console, linked.families)


@click.group(
    cls=StepGroup,
    help="Clerical review: uncertain pairs, and the data manager's 'same'/'not same' decisions.",
)
def review() -> None:
    """Group of review commands."""


@review.command("list", help="Pairs in the uncertain band of the last link run, not yet decided.")
@workspace_option
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
def review_list(workspace: Workspace, limit: int) -> None:
    table = Table("mention A", "mention B", "weight", "linked now", "A", "B")
    for pair in review_queue(workspace, limit):
        table.add_row(
            pair.mention_key_a,
            pair.mention_key_b,
            f"{pair.match_weight:.1f}",
            "yes" if pair.linked_now else "no",
            pair.describe_a,
            pair.describe_b,
        )
    Console().print(table)


@review.command("export", help="Write the whole review queue to FILE (.csv or .xlsx), spreadsheet-safe.")
@workspace_option
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def review_export(workspace: Workspace, file: Path) -> None:
    written = export_review_queue(workspace, file)
    click.echo(f"Wrote {written:,} pairs to {file}")


def _decision_options(func: _F) -> _F:
    for decorate in (
        click.option("--reason", default="", help="Why (kept with the decision)."),
        click.option("--by", required=True, help="Who decided."),
        click.argument("key_b"),
        click.argument("key_a"),
        workspace_option,
    ):
        func = decorate(func)
    return func


def _record(workspace: Workspace, key_a: str, key_b: str, verdict: LinkVerdict, by: str, reason: str) -> None:
    decision = decide(workspace, key_a, key_b, verdict, by=by, reason=reason)
    Console().print(
        f"Decision {decision.id} recorded ({verdict}); it applies from the next `wholefamily link`."
    )


@review.command(
    "same", help="Record that two person mentions are the same person (applied on every later run)."
)
@_decision_options
def review_same(workspace: Workspace, key_a: str, key_b: str, by: str, reason: str) -> None:
    _record(workspace, key_a, key_b, "same", by, reason)


@review.command(
    "not-same", help="Record that two person mentions are not the same person (applied on every later run)."
)
@_decision_options
def review_not_same(workspace: Workspace, key_a: str, key_b: str, by: str, reason: str) -> None:
    _record(workspace, key_a, key_b, "not_same", by, reason)


@review.command("withdraw", help="Withdraw a decision by its id: it stops applying from the next link run.")
@workspace_option
@click.argument("decision_id", type=int)
@click.option("--by", required=True, help="Who withdrew it.")
def review_withdraw(workspace: Workspace, decision_id: int, by: str) -> None:
    DecisionStore(workspace.decisions).withdraw("link", decision_id, by=by)
    Console().print(f"Decision {decision_id} withdrawn.")


@review.command("history", help="Every link decision, withdrawn ones included, with who and when.")
@workspace_option
def review_history(workspace: Workspace) -> None:
    rows = DecisionStore(workspace.decisions).link_history()
    table = Table("id", "verdict", "mention A", "mention B", "by", "at", "reason", "withdrawn")
    for r in rows:
        withdrawn = f"{r['withdrawn_by']} {r['withdrawn_at']}" if r["withdrawn_at"] else ""
        table.add_row(
            str(r["id"]),
            str(r["verdict"]),
            str(r["left_key"]),
            str(r["right_key"]),
            str(r["decided_by"]),
            str(r["decided_at"]),
            str(r["reason"]),
            withdrawn,
        )
    Console().print(table)


@click.command(
    cls=StepCommand, help="Show which mentions make up a person and the match weight per field of each link."
)
@workspace_option
@click.argument("person_id")
def explain(workspace: Workspace, person_id: str) -> None:
    console = Console()
    found = explain_person(workspace, person_id)
    if found.resolved_from:
        console.print(f"{found.resolved_from} was merged into {found.person_id}.")
    mentions = Table(
        "mention", "name", "dob / age", "sex", "postcode", "ids", title=f"Person {found.person_id}"
    )
    for m in found.mentions:
        ids = " ".join(str(m[k]) for k in ("nhs_number", "upn", "ni_number") if m[k])
        mentions.add_row(
            m["mention_key"],
            " ".join(str(m[k]) for k in ("first_name", "middle_names", "surname") if m[k]),
            str(m["dob"] or (f"age {m['age']}" if m["age"] is not None else "")),
            str(m["sex"] or ""),
            str(m["postcode"] or ""),
            ids,
        )
    console.print(mentions)
    console.print(
        "[bold]Scored links[/] (match weight in total, then per field; tf_ = term-frequency adjustment)"
    )
    for p in found.pairs:
        fields = ", ".join(f"{k[3:]} {p[k]:+.1f}" for k in p if k.startswith("mw_") and p[k])
        console.print(
            f"{p['mention_key_l']} ~ {p['mention_key_r']}: [bold]{p['match_weight']:.1f}[/] ({fields})",
            highlight=False,
            soft_wrap=True,
        )
    for d in found.decisions:
        console.print(
            f"Decision {d['id']}: {d['verdict']} {d['left_key']} ~ {d['right_key']} by {d['decided_by']} "
            f"at {d['decided_at']} {d['reason']}"
        )


@click.group(cls=StepGroup, help="Measure the pipeline against a synthetic workspace's truth.")
def evaluate() -> None:
    """Group of evaluation commands."""


@evaluate.command(
    "linkage",
    help=(
        "Pairwise precision, recall and F1 of the last link run's people against truth/, and who fails to "
        "link by age band, sex, ethnicity and source; JSON and Markdown go to reports/linkage/."
    ),
)
@workspace_option
def evaluate_linkage_command(workspace: Workspace) -> None:
    result = evaluate_linkage(workspace)
    result.sections["families"] = families_section(workspace)
    json_path, md_path = write_report(result, workspace)
    Console().print(
        f"precision {result.precision:.5f}  recall {result.recall:.5f}  F1 {result.f1:.5f}\n"
        f"recall of pairs where neither side has an address or an identifier {result.sparse.recall:.5f} "
        f"({result.sparse.correct_pairs:,} of {result.sparse.true_pairs:,})\n"
        f"recall of pairs where a side has no address and no identifier {result.name_only.recall:.5f} "
        f"({result.name_only.correct_pairs:,} of {result.name_only.true_pairs:,}), of which both sides with a "
        f"date of birth {result.name_and_dob.recall:.5f} "
        f"({result.name_and_dob.correct_pairs:,} of {result.name_and_dob.true_pairs:,})\n"
        f"reports: {json_path} and {md_path}"
    )
