"""The runs a claims step reads: the outcomes run a build cites, and the latest build of a period."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from wholefamily.claims.errors import ClaimsError
from wholefamily.claims.period import Period
from wholefamily.warehouse.connection import published_tables


@dataclass(frozen=True)
class OutcomeRun:
    """The outcomes run a claims build reads (``outcome_runs``)."""

    run_id: str
    as_of: dt.date
    identify_run_id: str
    framework: str
    sustain_days: int


def outcome_run(con: duckdb.DuckDBPyConnection, as_of: dt.date | None) -> OutcomeRun:
    """The latest outcomes run (as of the date or before, when given): whose judgements a claim cites."""
    row = None
    if "outcome_runs" in published_tables(con):
        row = con.execute(
            """SELECT run_id, as_of, identify_run_id, framework, sustain_days FROM main.outcome_runs
               WHERE $as_of IS NULL OR as_of <= $as_of ORDER BY as_of DESC, run_id DESC LIMIT 1""",
            {"as_of": as_of},
        ).fetchone()
    if row is None:
        when = f" as of {as_of} or before" if as_of else ""
        raise ClaimsError(f"no outcomes run{when}: run `wholefamily outcomes --as-of D` first")
    return OutcomeRun(str(row[0]), row[1], str(row[2]), str(row[3]), int(row[4]))


def latest_claim_run(con: duckdb.DuckDBPyConnection, period: Period) -> str:
    """The latest claims build of the period (what the returns and a check read)."""
    row = None
    if "claim_runs" in published_tables(con):
        row = con.execute(
            "SELECT max(run_id) FROM main.claim_runs WHERE period = ?", [period.name]
        ).fetchone()
    if row is None or row[0] is None:
        raise ClaimsError(
            f"no claims build for {period.name}: run `wholefamily claims build --period {period.name}`"
        )
    return str(row[0])
