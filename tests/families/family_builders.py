"""Test data for family formation: tiny hand-built warehouses, and person links taken from the truth.

A tiny warehouse has the real ``mentions`` and ``events`` tables (same DDL as ingest) and a
``person_mentions`` table saying which person each mention is, so each complex case is written as the
records partners would send.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from wholefamily.decisions import DecisionStore
from wholefamily.families import FamilySummary, FormationSettings, form_families
from wholefamily.warehouse.tables import table

AS_OF = dt.date(2026, 10, 31)


def link_from_truth(con: duckdb.DuckDBPyConnection, truth_dir: Path, run_id: str = "truth") -> None:
    """person_mentions from the generator's truth: every mention gets its true person (linkage left out)."""
    con.execute("DROP TABLE IF EXISTS person_mentions")
    con.execute(
        """
        CREATE TABLE person_mentions AS
        SELECT m.mention_key, t.person_id, $run AS run_id
        FROM mentions m JOIN read_parquet($truth) t
          ON m.source = t.source AND m.file = t.file AND m.sheet IS NOT DISTINCT FROM t.sheet
         AND m.row_number = t.row_number AND m.people_group = t.people_group
         AND m.person_index = t.person_index AND m.delivery_date = t.delivery_date
        """,
        {"truth": str(truth_dir / "mentions.parquet"), "run": run_id},
    )


@dataclass
class Tiny:
    """Records for a tiny warehouse; ``add`` one record's people, ``build`` writes the tables."""

    path: Path
    mentions: list[dict[str, object]] = field(default_factory=list)
    events: list[dict[str, object]] = field(default_factory=list)
    links: dict[str, str] = field(default_factory=dict)

    def add(
        self,
        source: str,
        record: str,
        people: list[dict[str, object]],
        *,
        date: str | None = None,
        end: str | None = None,
        kind: str = "service_contact",
        delivery: str = "2026-10-31",
        values: dict[str, object] | None = None,
    ) -> None:
        """One record naming these people (each a dict with person plus mention fields); with ``date`` each
        person gets an event of ``kind`` on it."""
        for index, person in enumerate(people):
            key = f"{source}:{record}:{index}:{delivery}"
            row = {k: v for k, v in person.items() if k != "person"}
            self.mentions.append(
                {
                    "mention_key": key,
                    "source": source,
                    "record_key": record,
                    "people_group": "p",
                    "person_index": index,
                    "delivery_date": delivery,
                    "file": f"{source}.csv",
                    "row_number": len(self.mentions) + 2,
                    "run_id": "ingest",
                    **row,
                }
            )
            self.links[key] = str(person["person"])
            if date:
                self.events.append(
                    {
                        "event_key": f"{key}:e",
                        "mention_key": key,
                        "source": source,
                        "record_key": record,
                        "kind": kind,
                        "event_date": date,
                        "end_date": end,
                        "delivery_date": delivery,
                        "run_id": "ingest",
                        **(values or {}),
                    }
                )

    def build(self, run_id: str = "L1") -> duckdb.DuckDBPyConnection:
        con = duckdb.connect(str(self.path))
        for name, rows in (("mentions", self.mentions), ("events", self.events)):
            con.execute(f"DROP TABLE IF EXISTS {name}")
            con.execute(table(name).ddl())
            for row in rows:
                names = list(row)
                con.execute(
                    f"INSERT INTO {name} ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})",
                    [row[n] for n in names],
                )
        con.execute("DROP TABLE IF EXISTS person_mentions")
        con.execute("CREATE TABLE person_mentions (mention_key VARCHAR, person_id VARCHAR, run_id VARCHAR)")
        if self.links:
            con.executemany(
                "INSERT INTO person_mentions VALUES (?, ?, ?)",
                [(k, p, run_id) for k, p in self.links.items()],
            )
        return con


def form(
    con: duckdb.DuckDBPyConnection,
    store: DecisionStore,
    as_of: dt.date = AS_OF,
    settings: FormationSettings | None = None,
    run_id: str = "R",
) -> FamilySummary:
    return form_families(con, as_of=as_of, decisions=store, run_id=run_id, settings=settings)


def family_of(con: duckdb.DuckDBPyConnection, person: str) -> str:
    row = con.execute(
        "SELECT family_id FROM family_members WHERE person_id = ? AND end_date IS NULL", [person]
    ).fetchall()
    assert len(row) == 1, f"{person} is in {len(row)} families"
    return str(row[0][0])


def members(con: duckdb.DuckDBPyConnection, family_id: str) -> dict[str, tuple[str, bool]]:
    """person -> (role, resident) for the family's current members."""
    rows = con.execute(
        "SELECT person_id, role, resident FROM family_members WHERE family_id = ? AND end_date IS NULL",
        [family_id],
    ).fetchall()
    return {str(p): (str(r), bool(res)) for p, r, res in rows}


def person(
    pid: str, surname: str, dob: str, postcode: str | None = None, **extra: object
) -> dict[str, object]:
    return {"person": pid, "surname": surname, "first_name": pid, "dob": dob, "postcode": postcode, **extra}
