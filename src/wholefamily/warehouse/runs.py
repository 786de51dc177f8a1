"""Runs and their lineage: run ids, and the record of which runs' tables each run read.

Every step's publish writes one ``step_runs`` row in the same transaction as its tables, with the ids of
the runs whose published tables it read (``inputs``). Freshness is then a question of lineage ("did
identify read the families now published?"), never of comparing ids or clocks.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import duckdb

from wholefamily import __version__
from wholefamily.warehouse.connection import published_tables
from wholefamily.warehouse.sql import quote_ident

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_run_id(now: float | None = None) -> str:
    """A ULID: 48-bit milliseconds then 80 random bits, Crockford base 32. Unique, and never personal data."""
    millis = int((time.time() if now is None else now) * 1000)
    value = (millis << 80) | int.from_bytes(os.urandom(10), "big")
    return "".join(_CROCKFORD[(value >> shift) & 31] for shift in range(125, -1, -5))


def utc_now() -> dt.datetime:
    """Now in UTC, without a zone (the register's timestamps are all UTC)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class StepRun:
    """One run of a step, as recorded in ``step_runs`` when it publishes."""

    run_id: str
    step: str
    started_at: dt.datetime
    as_of: dt.date | None
    inputs: Sequence[str] = field(default=())

    def row(self) -> dict[str, object]:
        return {
            "run_id": self.run_id,
            "step": self.step,
            "started_at": self.started_at,
            "finished_at": utc_now(),
            "as_of": self.as_of,
            "inputs": sorted(set(self.inputs)),
            "wholefamily_version": __version__,
        }


def runs_behind(con: duckdb.DuckDBPyConnection, tables: Iterable[str]) -> list[str]:
    """The ids of the runs that wrote the published rows of ``tables`` (those that exist): what a step
    reading them records as its inputs."""
    present = published_tables(con)
    selects = [f"SELECT DISTINCT run_id FROM main.{quote_ident(t)}" for t in tables if t in present]  # noqa: S608
    if not selects:
        return []
    return sorted(str(r[0]) for r in con.execute(" UNION ".join(selects)).fetchall() if r[0] is not None)


@dataclass(frozen=True)
class RunRecord:
    run_id: str
    step: str
    started_at: dt.datetime
    finished_at: dt.datetime
    as_of: dt.date | None
    inputs: tuple[str, ...]


def recorded_runs(con: duckdb.DuckDBPyConnection, step: str | None = None) -> list[RunRecord]:
    """Published runs, newest first (by when they finished), optionally of one step."""
    if "step_runs" not in published_tables(con):
        return []
    rows = con.execute(
        """
        SELECT run_id, step, started_at, finished_at, as_of, inputs FROM main.step_runs
        WHERE $step IS NULL OR step = $step ORDER BY finished_at DESC, run_id DESC
        """,
        {"step": step},
    ).fetchall()
    return [RunRecord(r[0], r[1], r[2], r[3], r[4], tuple(r[5])) for r in rows]


def run_inputs(con: duckdb.DuckDBPyConnection, run_id: str) -> tuple[str, ...] | None:
    """The runs ``run_id`` read, or None when it has no lineage record (published by an older version)."""
    if "step_runs" not in published_tables(con):
        return None
    row = con.execute("SELECT inputs FROM main.step_runs WHERE run_id = ?", [run_id]).fetchone()
    return None if row is None else tuple(row[0])
