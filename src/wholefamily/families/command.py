"""``wholefamily families``: build family units, look at one, and correct membership by hand.

Corrections go to the workspace's decisions file (never into the warehouse) and are re-applied by every
build and every link run; after recording one, the families are rebuilt at the same reference date so
the change shows at once (``--no-rebuild`` to skip).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
import duckdb
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from wholefamily.decisions import DecisionError, DecisionStore, FamilyAction
from wholefamily.families.accuracy import family_accuracy
from wholefamily.families.formation import FamilySummary, FormationError, form_families
from wholefamily.families.membership import current_as_of, family_of, members_on
from wholefamily.families.registry import resolve
from wholefamily.warehouse.runs import new_run_id
from wholefamily.workspace import Workspace, WorkspaceError, find_workspace

_workspace_option = click.option(
    "--workspace",
    "workspace_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Workspace folder (default: the current folder or a parent, or $WHOLEFAMILY_HOME).",
)
_by_option = click.option("--by", "by", required=True, help="Who decides (recorded with the decision).")
_reason_option = click.option("--reason", default="", help="Why (recorded with the decision).")
_rebuild_option = click.option(
    "--no-rebuild", is_flag=True, help="Record only; apply at the next build or link."
)


def _fail(message: str) -> None:
    Console(stderr=True).print(f"[bold red]families:[/] {escape(message)}", highlight=False, soft_wrap=True)
    sys.exit(2)


@contextmanager
def _warehouse(workspace_dir: Path | None, *, read_only: bool = False) -> Iterator[tuple[Workspace, Any]]:
    try:
        workspace = find_workspace(workspace_dir)
    except WorkspaceError as exc:
        _fail(str(exc))
        raise  # unreachable: _fail exits
    if not workspace.warehouse.is_file():
        _fail(f"no warehouse at {workspace.warehouse}: run `wholefamily ingest` first")
    con = duckdb.connect(str(workspace.warehouse), read_only=read_only)
    try:
        yield workspace, con
    finally:
        con.close()


def _need_families(con: duckdb.DuckDBPyConnection) -> dt.date:
    as_of = current_as_of(con)
    if as_of is None:
        _fail("no families yet: run `wholefamily families build` (or `wholefamily link`)")
    assert as_of is not None
    return as_of


@click.group(
    "families",
    help=(
        "Family units formed from linked people: build them, show one, and correct membership. Corrections "
        "are stored in the workspace's decisions file with who made them, re-applied on every run, and can be "
        "withdrawn."
    ),
)
def families() -> None:
    """Command group."""


def print_summary(console: Console, summary: FamilySummary) -> None:
    table = Table(title=f"Families at {summary.as_of:%Y-%m-%d} (run {summary.run_id})")
    table.add_column("")
    table.add_column("count", justify="right")
    for label, value in (
        ("people placed", summary.people),
        ("families (every household)", summary.families),
        ("with children", summary.with_children),
        ("expectant", summary.expectant),
        ("non-resident members", summary.non_resident_members),
        ("ids kept from the last run", summary.ids.get("kept", 0)),
        ("new ids", summary.ids.get("new", 0)),
        ("families merged (aliases)", summary.ids.get("merged", 0)),
    ):
        table.add_row(label, f"{value:,}")
    for flag, count in sorted(summary.flags.items()):
        table.add_row(f"flagged: {flag.replace('_', ' ')}", f"{count:,}")
    console.print(table)
    for outcome in summary.decisions:
        state = "applied" if outcome.applied else f"[yellow]not applied[/]: {escape(outcome.note)}"
        console.print(f"decision {outcome.decision_id} ({outcome.action.replace('_', ' ')}): {state}")
    console.print(f"took {summary.seconds:.1f} s")


def _build(workspace: Workspace, con: duckdb.DuckDBPyConnection, as_of: dt.date, console: Console) -> None:
    try:
        with console.status("forming families") as status:
            summary = form_families(
                con,
                as_of=as_of,
                decisions=DecisionStore(workspace.decisions),
                run_id=new_run_id(),
                progress=lambda msg: status.update(f"families: {msg}"),
            )
    except FormationError as exc:
        _fail(str(exc))
        return
    print_summary(console, summary)


@families.command(
    "build",
    help=(
        "Form families from the current person links (person_mentions), re-applying every correction, and "
        "publish them. --as-of defaults to the latest delivery date in the warehouse."
    ),
)
@_workspace_option
@click.option("--as-of", type=click.DateTime(formats=["%Y-%m-%d"]), help="Reference date, YYYY-MM-DD.")
def build(workspace_dir: Path | None, as_of: dt.datetime | None) -> None:
    build_families(workspace_dir, as_of.date() if as_of else None, Console())


def build_families(workspace_dir: Path | None, as_of: dt.date | None, console: Console) -> None:
    """Form and publish families from the published person links (``link`` runs this after linking)."""
    with _warehouse(workspace_dir) as (workspace, con):
        _build(workspace, con, as_of or _latest_delivery(con), console)


def families_section(workspace: Workspace) -> dict[str, Any]:
    """Family formation against the synthetic truth, as a section of ``evaluate linkage``'s report."""
    with _warehouse(workspace.root, read_only=True) as (_, con):
        return dict(family_accuracy(con, workspace.truth, _need_families(con)).as_section())


def _latest_delivery(con: duckdb.DuckDBPyConnection) -> dt.date:
    try:
        row = con.execute("SELECT max(delivery_date) FROM main.mentions").fetchone()
    except duckdb.CatalogException:
        row = None
    if row is None or row[0] is None:
        _fail("the warehouse has no mentions: run `wholefamily ingest` first")
    assert row is not None
    return row[0]  # type: ignore[no-any-return]


@families.command(
    "show", help="A family's members on a date (default: the build date), with roles and evidence."
)
@click.argument("family_id")
@_workspace_option
@click.option("--on", "on", type=click.DateTime(formats=["%Y-%m-%d"]), help="Date, YYYY-MM-DD.")
def show(family_id: str, workspace_dir: Path | None, on: dt.datetime | None) -> None:
    console = Console()
    with _warehouse(workspace_dir, read_only=True) as (_, con):
        as_of = _need_families(con)
        date = on.date() if on else as_of
        current = resolve(con, family_id)
        members = members_on(con, family_id, date)
        if not members:
            _fail(f"family {family_id} has no members on {date:%Y-%m-%d}")
        if current != family_id:
            console.print(f"{family_id} was merged into [bold]{current}[/]")
        head = con.execute(
            "SELECT address, postcode, flags FROM main.families WHERE family_id = ?", [current]
        ).fetchone()
        where = ", ".join(str(v) for v in (head or (None, None))[:2] if v) or "address unknown"
        table = Table(title=f"Family {current} on {date:%Y-%m-%d}: {where}")
        for name in ("person", "role", "lives here", "from", "to", "evidence"):
            table.add_column(name, overflow="fold")
        for m in members:
            table.add_row(
                m.person_id,
                m.role.replace("_", " "),
                "yes" if m.resident else "no",
                f"{m.start_date}",
                f"{m.end_date or ''}",
                escape("\n".join(m.evidence) or "(no link)"),
            )
        console.print(table)
        for flag, detail in con.execute(
            "SELECT flag, detail FROM main.family_flags WHERE family_id = ? ORDER BY flag, detail", [current]
        ).fetchall():
            console.print(f"flag: {flag.replace('_', ' ')}" + (f" ({escape(str(detail))})" if detail else ""))


def _members(con: duckdb.DuckDBPyConnection, family_id: str) -> list[str]:
    rows = con.execute(
        "SELECT person_id FROM main.family_members WHERE family_id = ? AND end_date IS NULL ORDER BY person_id",
        [resolve(con, family_id)],
    ).fetchall()
    if not rows:
        _fail(f"no family {family_id} in the current build")
    return [str(r[0]) for r in rows]


def _decide(
    workspace_dir: Path | None,
    no_rebuild: bool,
    action: FamilyAction,
    details: Callable[[duckdb.DuckDBPyConnection], dict[str, str]],
    by: str,
    reason: str,
) -> None:
    console = Console()
    with _warehouse(workspace_dir) as (workspace, con):
        as_of = _need_families(con)
        try:
            decision = DecisionStore(workspace.decisions).decide_family(
                action, details(con), by=by, reason=reason
            )
        except DecisionError as exc:
            _fail(str(exc))
            return
        console.print(f"decision {decision.id} recorded: {action.replace('_', ' ')} {decision.details}")
        if not no_rebuild:
            _build(workspace, con, as_of, console)


@families.command("move", help="Move a person to another family (re-applied on every run).")
@click.argument("person_id")
@click.option("--to", "to_family", required=True, help="The family the person belongs to.")
@_by_option
@_reason_option
@_workspace_option
@_rebuild_option
def move(
    person_id: str, to_family: str, by: str, reason: str, workspace_dir: Path | None, no_rebuild: bool
) -> None:
    def details(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
        if family_of(con, person_id) is None:
            _fail(f"person {person_id} is in no family in the current build")
        return {
            "person_id": person_id,
            "to_family": resolve(con, to_family),
            "to_members": ",".join(p for p in _members(con, to_family) if p != person_id),
        }

    _decide(workspace_dir, no_rebuild, "move_person", details, by, reason)


@families.command("remove", help="Take a person out of their family: they form a family of their own.")
@click.argument("person_id")
@_by_option
@_reason_option
@_workspace_option
@_rebuild_option
def remove(person_id: str, by: str, reason: str, workspace_dir: Path | None, no_rebuild: bool) -> None:
    def details(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
        family = family_of(con, person_id)
        if family is None:
            _fail(f"person {person_id} is in no family in the current build")
        return {"person_id": person_id, "from_family": str(family)}

    _decide(workspace_dir, no_rebuild, "remove_person", details, by, reason)


@families.command("split", help="These are two families: the PERSON_IDs named form the second one.")
@click.argument("family_id")
@click.argument("person_ids", nargs=-1, required=True)
@_by_option
@_reason_option
@_workspace_option
@_rebuild_option
def split(
    family_id: str,
    person_ids: tuple[str, ...],
    by: str,
    reason: str,
    workspace_dir: Path | None,
    no_rebuild: bool,
) -> None:
    def details(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
        members = _members(con, family_id)
        strangers = sorted(set(person_ids) - set(members))
        if strangers:
            _fail(f"not members of {family_id}: {', '.join(strangers)}")
        if set(person_ids) == set(members):
            _fail("name some of the members, not all of them")
        return {"family_id": resolve(con, family_id), "person_ids": ",".join(sorted(person_ids))}

    _decide(workspace_dir, no_rebuild, "split_family", details, by, reason)


@families.command("merge", help="These are one family: OTHER_FAMILY_ID's members join FAMILY_ID.")
@click.argument("family_id")
@click.argument("other_family_id")
@_by_option
@_reason_option
@_workspace_option
@_rebuild_option
def merge(
    family_id: str, other_family_id: str, by: str, reason: str, workspace_dir: Path | None, no_rebuild: bool
) -> None:
    def details(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
        if resolve(con, family_id) == resolve(con, other_family_id):
            _fail("that is the same family")
        return {
            "family_id": resolve(con, family_id),
            "members": ",".join(_members(con, family_id)),
            "other_family_id": resolve(con, other_family_id),
            "other_members": ",".join(_members(con, other_family_id)),
        }

    _decide(workspace_dir, no_rebuild, "merge_families", details, by, reason)


@families.command("decisions", help="Every family correction, active and withdrawn, with who and when.")
@_workspace_option
def decisions(workspace_dir: Path | None) -> None:
    try:
        workspace = find_workspace(workspace_dir)
    except WorkspaceError as exc:
        _fail(str(exc))
        return
    DecisionStore(workspace.decisions).active_families()  # creates the file and schema when new
    table = Table(title="Family corrections")
    for name in ("id", "action", "details", "by", "when", "reason", "withdrawn"):
        table.add_column(name, overflow="fold")
    for row in family_history(workspace.decisions):
        table.add_row(*(escape(str(v)) if v is not None else "" for v in row))
    Console().print(table)


def family_history(path: Path) -> list[tuple[object, ...]]:
    """All family decisions, oldest first (the store's API lists only active ones)."""
    con = sqlite3.connect(path)
    try:
        return con.execute(
            "SELECT id, action, details, decided_by, decided_at, reason,"
            " CASE WHEN withdrawn_at IS NULL THEN NULL ELSE withdrawn_by || ' at ' || withdrawn_at END"
            " FROM family_decisions ORDER BY id"
        ).fetchall()
    finally:
        con.close()


@families.command(
    "withdraw", help="Withdraw a family correction: it stops being applied and stays in the history."
)
@click.argument("decision_id", type=int)
@_by_option
@_workspace_option
@_rebuild_option
def withdraw(decision_id: int, by: str, workspace_dir: Path | None, no_rebuild: bool) -> None:
    console = Console()
    with _warehouse(workspace_dir) as (workspace, con):
        try:
            DecisionStore(workspace.decisions).withdraw("family", decision_id, by=by)
        except DecisionError as exc:
            _fail(str(exc))
            return
        console.print(f"decision {decision_id} withdrawn")
        as_of = current_as_of(con)
        if as_of is not None and not no_rebuild:
            _build(workspace, con, as_of, console)
