"""Tiny warehouses for rule tests: real warehouse tables, a few hand-written people and events."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from wholefamily.warehouse.tables import table

AS_OF = dt.date(2026, 10, 31)


def ago(days: int, base: dt.date = AS_OF) -> dt.date:
    return base - dt.timedelta(days=days)


def born(years: int, days: int = 0) -> dt.date:
    """A date of birth giving this age in full years at AS_OF (``days`` more days older)."""
    return AS_OF.replace(year=AS_OF.year - years) - dt.timedelta(days=days)


@dataclass
class Tiny:
    """People in families and their events; ``build`` writes the warehouse tables identify reads."""

    path: Path
    people: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)

    def person(self, pid: str, family: str, role: str, dob: dt.date, resident: bool = True) -> str:
        self.people.append(
            {"person_id": pid, "family_id": family, "role": role, "dob": dob, "resident": resident}
        )
        return pid

    def event(
        self,
        pid: str,
        kind: str,
        date: dt.date,
        end: dt.date | None = None,
        delivery: dt.date = AS_OF,
        **values: Any,
    ) -> None:
        n = len(self.events)
        self.events.append(
            {
                "event_key": f"{pid}:{n}:{kind}",
                "mention_key": f"{pid}:{delivery}",
                "source": f"src_{kind}",
                "record_key": f"r{n}",
                "kind": kind,
                "event_date": date,
                "end_date": end,
                "delivery_date": delivery,
                "run_id": "ingest",
                **values,
            }
        )

    def build(self) -> duckdb.DuckDBPyConnection:
        con = duckdb.connect(str(self.path))
        con.execute(table("events").ddl())
        con.execute(table("mentions").ddl())
        _insert(con, "events", self.events)
        keys = {(e["mention_key"], e["event_key"].split(":")[0]) for e in self.events}
        con.execute("CREATE TABLE person_mentions (mention_key VARCHAR, person_id VARCHAR, run_id VARCHAR)")
        con.executemany("INSERT INTO person_mentions VALUES (?, ?, 'L1')", sorted(keys))
        con.execute(
            "CREATE TABLE persons (person_id VARCHAR, first_name VARCHAR, surname VARCHAR, dob DATE, sex VARCHAR)"
        )
        con.executemany(
            "INSERT INTO persons VALUES (?, ?, 'Test', ?, NULL)",
            [(p["person_id"], p["person_id"], p["dob"]) for p in self.people],
        )
        con.execute("""CREATE TABLE family_members (family_id VARCHAR, person_id VARCHAR, role VARCHAR, resident BOOLEAN,
                       start_date DATE, end_date DATE, evidence VARCHAR[], run_id VARCHAR)""")
        con.executemany(
            "INSERT INTO family_members VALUES (?, ?, ?, ?, DATE '2000-01-01', NULL, [], 'F1')",
            [(p["family_id"], p["person_id"], p["role"], p["resident"]) for p in self.people],
        )
        return con


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict[str, Any]]) -> None:
    for row in rows:
        names = list(row)
        con.execute(
            f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})",
            [row[n] for n in names],
        )
