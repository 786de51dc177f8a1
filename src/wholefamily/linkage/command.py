"""Command line of person linkage: ``link``, ``review``, ``explain`` and ``evaluate linkage``."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from wholefamily.decisions import DecisionError, DecisionStore, LinkVerdict
from wholefamily.families.command import build_families, families_section
from wholefamily.linkage.errors import LinkageError
from wholefamily.workspace import Workspace, WorkspaceError, find_workspace

_F = TypeVar("_F", bound=Callable[..., Any])

workspace_option = click.option(
    "--workspace",
    "workspace_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Workspace folder (default: the current folder or a parent, or $WHOLEFAMILY_HOME).",
)


@contextmanager
def _failures(what: str) -> Iterator[None]:
    """Known failures become one red line and exit status 2, never a traceback."""
    try:
        yield
    except (LinkageError, WorkspaceError, DecisionError) as exc:
        Console(stderr=True).print(
            f"[bold red]{what} failed:[/] {escape(str(exc))}", highlight=False, soft_wrap=True
        )
        sys.exit(2)


@click.command(
    help=(
        "Link person mentions into people with Splink: score pairs of mentions, cluster them at the match "
        "threshold applying the data manager's decisions (`wholefamily review`), keep each person's id "
        "stable across runs, and publish person_mentions, persons, link_pairs, review_pairs, the person "
        "registry and a link_runs record (with the blocking rules, their comparison counts and the trained "
        "model) to the warehouse in one transaction."
    )
)
@workspace_option
@click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Use each mention's latest delivery dated on or before this date (YYYY-MM-DD).",
)
@click.option(
    "--engine",
    type=click.Choice(["duckdb", "spark"]),
    default="duckdb",
    show_default=True,
    help="Where pairs are scored; the model is always trained on DuckDB.",
)
def link(workspace_dir: Path | None, as_of: dt.datetime | None, engine: str) -> None:
    from wholefamily.linkage.run import run_link

    console = Console()
    with _failures("link"):
        workspace = find_workspace(workspace_dir)
        with console.status("linking") as status:

            def step(name: str) -> None:
                status.update(f"linking: {name}")
                console.log(name)

            result = run_link(
                workspace, as_of.date() if as_of else None, "spark" if engine == "spark" else "duckdb", step
            )
    table = Table("", "count", title=f"Link run {result.run_id} ({engine}, {result.seconds:.1f} s)")
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
    build_families(workspace.root, as_of.date() if as_of else None, console)


@click.group(help="Clerical review: uncertain pairs, and the data manager's 'same'/'not same' decisions.")
def review() -> None:
    """Group of review commands."""


@review.command("list", help="Pairs in the uncertain band of the last link run, not yet decided.")
@workspace_option
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
def review_list(workspace_dir: Path | None, limit: int) -> None:
    from wholefamily.linkage.run import open_warehouse

    with _failures("review list"):
        workspace = find_workspace(workspace_dir)
        con = open_warehouse(workspace, read_only=True)
        try:
            if not con.execute("SELECT 1 FROM duckdb_tables() WHERE table_name = 'review_pairs'").fetchall():
                raise LinkageError("no link run in the warehouse: run `wholefamily link` first")
            rows = con.execute(
                """
                WITH m AS (SELECT * FROM main.mentions
                           QUALIFY row_number() OVER (PARTITION BY mention_key ORDER BY delivery_date DESC) = 1)
                SELECT r.mention_key_a, r.mention_key_b, r.match_weight, r.person_id_a = r.person_id_b,
                       concat_ws(' ', a.first_name, a.surname, a.dob, a.postcode),
                       concat_ws(' ', b.first_name, b.surname, b.dob, b.postcode)
                FROM main.review_pairs AS r
                JOIN m AS a ON a.mention_key = r.mention_key_a JOIN m AS b ON b.mention_key = r.mention_key_b
                ORDER BY abs(r.match_weight - (SELECT max(match_threshold) FROM main.link_runs
                                               WHERE run_id = r.run_id)), r.mention_key_a
                LIMIT ?
                """,
                [limit],
            ).fetchall()
        finally:
            con.close()
    table = Table("mention A", "mention B", "weight", "linked now", "A", "B")
    for a, b, w, same, da, db in rows:
        table.add_row(a, b, f"{w:.1f}", "yes" if same else "no", da, db)
    Console().print(table)


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


def _record(
    workspace_dir: Path | None, key_a: str, key_b: str, verdict: LinkVerdict, by: str, reason: str
) -> None:
    with _failures("review"):
        workspace = find_workspace(workspace_dir)
        _check_keys(workspace, [key_a, key_b])
        decision = DecisionStore(workspace.decisions).decide_link(key_a, key_b, verdict, by=by, reason=reason)
    Console().print(
        f"Decision {decision.id} recorded ({verdict}); it applies from the next `wholefamily link`."
    )


@review.command(
    "same", help="Record that two person mentions are the same person (applied on every later run)."
)
@_decision_options
def review_same(workspace_dir: Path | None, key_a: str, key_b: str, by: str, reason: str) -> None:
    _record(workspace_dir, key_a, key_b, "same", by, reason)


@review.command(
    "not-same", help="Record that two person mentions are not the same person (applied on every later run)."
)
@_decision_options
def review_not_same(workspace_dir: Path | None, key_a: str, key_b: str, by: str, reason: str) -> None:
    _record(workspace_dir, key_a, key_b, "not_same", by, reason)


@review.command("withdraw", help="Withdraw a decision by its id: it stops applying from the next link run.")
@workspace_option
@click.argument("decision_id", type=int)
@click.option("--by", required=True, help="Who withdrew it.")
def review_withdraw(workspace_dir: Path | None, decision_id: int, by: str) -> None:
    with _failures("review withdraw"):
        DecisionStore(find_workspace(workspace_dir).decisions).withdraw("link", decision_id, by=by)
    Console().print(f"Decision {decision_id} withdrawn.")


@review.command("history", help="Every link decision, withdrawn ones included, with who and when.")
@workspace_option
def review_history(workspace_dir: Path | None) -> None:
    with _failures("review history"):
        rows = DecisionStore(find_workspace(workspace_dir).decisions).link_history()
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


def _check_keys(workspace: Workspace, keys: list[str]) -> None:
    from wholefamily.linkage.run import open_warehouse

    con = open_warehouse(workspace, read_only=True)
    try:
        found = {
            r[0]
            for r in con.execute(
                "SELECT DISTINCT mention_key FROM main.mentions WHERE list_contains($k, mention_key)",
                {"k": keys},
            ).fetchall()
        }
    finally:
        con.close()
    missing = [k for k in keys if k not in found]
    if missing:
        raise LinkageError(f"no person mention with key {', '.join(map(repr, missing))} in the warehouse")


@click.command(help="Show which mentions make up a person and the match weight per field of each link.")
@workspace_option
@click.argument("person_id")
def explain(workspace_dir: Path | None, person_id: str) -> None:
    from wholefamily.linkage.explain import explain_person

    console = Console()
    with _failures("explain"):
        found = explain_person(find_workspace(workspace_dir), person_id)
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


@click.group(help="Measure the pipeline against a synthetic workspace's truth.")
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
def evaluate_linkage_command(workspace_dir: Path | None) -> None:
    from wholefamily.linkage.evaluate import evaluate_linkage, write_report

    with _failures("evaluate linkage"):
        workspace = find_workspace(workspace_dir)
        result = evaluate_linkage(workspace)
        result.sections["families"] = families_section(workspace)
        json_path, md_path = write_report(result, workspace)
    Console().print(
        f"precision {result.precision:.5f}  recall {result.recall:.5f}  F1 {result.f1:.5f}\n"
        f"reports: {json_path} and {md_path}"
    )
