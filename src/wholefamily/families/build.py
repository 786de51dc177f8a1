"""Building a workspace's families, and the data manager's corrections that rebuild them.

A correction is checked against the current build (the people and families it names must exist there),
recorded in the workspace's decisions file with who made it, and then (unless asked not to) the families
are rebuilt at the same reference date so that it shows at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import duckdb

from wholefamily.decisions import DecisionStore, FamilyAction, FamilyDecision
from wholefamily.families.errors import FormationError
from wholefamily.families.formation import FamilySummary, form_families
from wholefamily.families.membership import current_as_of, family_of, required_as_of
from wholefamily.families.registry import resolve
from wholefamily.warehouse.connection import open_warehouse
from wholefamily.warehouse.runs import new_run_id
from wholefamily.workspace import Workspace

Progress = Callable[[str], None]
Details = Callable[[duckdb.DuckDBPyConnection], dict[str, str]]


def build_families(
    workspace: Workspace, as_of: dt.date | None = None, progress: Progress | None = None
) -> FamilySummary:
    """Form and publish families from the published person links, at ``as_of`` (default: the latest
    delivery date in the warehouse)."""
    with open_warehouse(workspace.warehouse) as con:
        return _form(workspace, con, as_of or latest_delivery(con), progress)


def _form(
    workspace: Workspace, con: duckdb.DuckDBPyConnection, as_of: dt.date, progress: Progress | None
) -> FamilySummary:
    return form_families(
        con, as_of=as_of, decisions=DecisionStore(workspace.decisions), run_id=new_run_id(), progress=progress
    )


def latest_delivery(con: duckdb.DuckDBPyConnection) -> dt.date:
    try:
        row = con.execute("SELECT max(delivery_date) FROM main.mentions").fetchone()
    except duckdb.CatalogException:
        row = None
    if row is None or row[0] is None:
        raise FormationError("the warehouse has no mentions: run `wholefamily ingest` first")
    return row[0]  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Corrected:
    decision: FamilyDecision
    rebuilt: FamilySummary | None


def correct(
    workspace: Workspace, action: FamilyAction, details: Details, *, by: str, reason: str, rebuild: bool
) -> Corrected:
    """Check a correction against the current build, record it, and rebuild the families."""
    with open_warehouse(workspace.warehouse) as con:
        as_of = required_as_of(con)
        decision = DecisionStore(workspace.decisions).decide_family(
            action, details(con), by=by, reason=reason
        )
        return Corrected(decision, _form(workspace, con, as_of, None) if rebuild else None)


def withdraw(workspace: Workspace, decision_id: int, *, by: str, rebuild: bool) -> FamilySummary | None:
    """Withdraw a correction; the families are rebuilt without it (when there are families)."""
    with open_warehouse(workspace.warehouse) as con:
        DecisionStore(workspace.decisions).withdraw("family", decision_id, by=by)
        as_of = current_as_of(con)
        return _form(workspace, con, as_of, None) if as_of is not None and rebuild else None


def current_members(con: duckdb.DuckDBPyConnection, family_id: str) -> list[str]:
    rows = con.execute(
        "SELECT person_id FROM main.family_members WHERE family_id = ? AND end_date IS NULL ORDER BY person_id",
        [resolve(con, family_id)],
    ).fetchall()
    if not rows:
        raise FormationError(f"no family {family_id} in the current build")
    return [str(r[0]) for r in rows]


def _family_of(con: duckdb.DuckDBPyConnection, person_id: str) -> str:
    family = family_of(con, person_id)
    if family is None:
        raise FormationError(f"person {person_id} is in no family in the current build")
    return family


def move_person(person_id: str, to_family: str) -> Details:
    def details(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
        _family_of(con, person_id)
        return {
            "person_id": person_id,
            "to_family": resolve(con, to_family),
            "to_members": ",".join(p for p in current_members(con, to_family) if p != person_id),
        }

    return details


def remove_person(person_id: str) -> Details:
    def details(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
        return {"person_id": person_id, "from_family": _family_of(con, person_id)}

    return details


def split_family(family_id: str, person_ids: tuple[str, ...]) -> Details:
    def details(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
        members = current_members(con, family_id)
        strangers = sorted(set(person_ids) - set(members))
        if strangers:
            raise FormationError(f"not members of {family_id}: {', '.join(strangers)}")
        if set(person_ids) == set(members):
            raise FormationError("name some of the members, not all of them")
        return {"family_id": resolve(con, family_id), "person_ids": ",".join(sorted(person_ids))}

    return details


def merge_families(family_id: str, other_family_id: str) -> Details:
    def details(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
        if resolve(con, family_id) == resolve(con, other_family_id):
            raise FormationError("that is the same family")
        return {
            "family_id": resolve(con, family_id),
            "members": ",".join(current_members(con, family_id)),
            "other_family_id": resolve(con, other_family_id),
            "other_members": ",".join(current_members(con, other_family_id)),
        }

    return details
