"""Reading family membership back: who was in a family on a date, and which family a person is in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from wholefamily.families.errors import FormationError
from wholefamily.families.registry import resolve


@dataclass(frozen=True)
class Member:
    family_id: str
    person_id: str
    role: str
    resident: bool
    start_date: dt.date | None
    end_date: dt.date | None
    evidence: list[str]


def members_on(con: duckdb.DuckDBPyConnection, family_id: str, date: dt.date) -> list[Member]:
    """The members of a family on a date (an old, merged id is followed to the family it became)."""
    rows = con.execute(
        """
        SELECT family_id, person_id, role, resident, start_date, end_date, evidence FROM main.family_members
        WHERE family_id = $family AND start_date <= $date AND (end_date IS NULL OR end_date > $date)
        ORDER BY CASE role WHEN 'grandparent' THEN 0 WHEN 'parent' THEN 1 WHEN 'carer' THEN 2
                 WHEN 'other_adult' THEN 3 WHEN 'non_resident_parent' THEN 4 ELSE 5 END, person_id
        """,
        {"family": resolve(con, family_id), "date": date},
    ).fetchall()
    return [
        Member(str(f), str(p), str(r), bool(res), s, e, list(ev or [])) for f, p, r, res, s, e, ev in rows
    ]


def family_of(con: duckdb.DuckDBPyConnection, person_id: str) -> str | None:
    """The family a person belongs to now (None when the person is in no family)."""
    row = con.execute(
        "SELECT family_id FROM main.family_members WHERE person_id = ? AND end_date IS NULL LIMIT 1",
        [person_id],
    ).fetchone()
    return None if row is None else str(row[0])


def required_as_of(con: duckdb.DuckDBPyConnection) -> dt.date:
    """The reference date of the published families; an error before the first build."""
    as_of = current_as_of(con)
    if as_of is None:
        raise FormationError("no families yet: run `wholefamily families build` (or `wholefamily link`)")
    return as_of


def current_as_of(con: duckdb.DuckDBPyConnection) -> dt.date | None:
    """The reference date of the published families (None before the first build)."""
    try:
        row = con.execute("SELECT max(as_of) FROM main.families").fetchone()
    except duckdb.CatalogException:
        return None
    return None if row is None or row[0] is None else row[0]
