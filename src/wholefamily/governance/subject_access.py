"""A subject access pack: everything the warehouse holds on one linked person, with third parties marked.

The pack gathers the person as linkage summarised them (``persons``), their mentions (each partner record's person fields as delivered, normalised), the
events tied to them, their family memberships and the needs evidence rows naming them. Other people named
in the same records, and the other members of their families, are third parties: in the **reviewer**
view their details are kept and flagged for the reviewer's decision; in the **redacted** view each is a
numbered "third party" and every value that identifies one (a name, a date of birth, an address, an
identifier, wherever it appears, a record key included) is replaced by a marker.

The casework site's records (notes, plans, documents, who viewed them) are not in this pack: the pipeline
never opens the site's database, and the pack says so.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from wholefamily.governance.errors import GovernanceError
from wholefamily.reports import render
from wholefamily.warehouse.connection import published_tables
from wholefamily.warehouse.tables import PERSON_COLUMNS

REDACTED = "[redacted: third party]"
#: A third party's fields that identify them, replaced wherever they appear in the redacted view.
IDENTIFYING = (
    "first_name",
    "middle_names",
    "surname",
    "name_raw",
    "dob",
    "address",
    "postcode",
    "nhs_number",
    "upn",
    "ni_number",
    "local_id",
    "other_ids",
)
NOT_INCLUDED = (
    "This pack holds what the data warehouse keeps: partner records, the events read from them, family "
    "memberships and the evidence of needs. Records in the casework site (assessments, plans, notes, "
    "documents, and the audit of who viewed them) are not included yet and must be searched in the site."
)
_PERSON_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_PARTS = re.compile(r"([|:])")


@dataclass(frozen=True)
class SubjectAccessPack:
    folder: Path
    mentions: int
    events: int
    families: int
    third_parties: int


def write_subject_access_pack(
    con: duckdb.DuckDBPyConnection, person_id: str, folder: Path, now: dt.datetime
) -> SubjectAccessPack:
    """Gather the pack for ``person_id`` and write ``redacted.{json,html}`` and ``reviewer.{json,html}``."""
    if not _PERSON_ID.match(person_id):
        raise GovernanceError(f"{person_id!r} is not a person id (letters, digits, '-' and '_')")
    tables = published_tables(con)
    if "person_mentions" not in tables:
        raise GovernanceError("the warehouse has no linked people: run `wholefamily link` first")
    reviewer = _gather(con, tables, person_id)
    if not reviewer["mentions"]:
        raise GovernanceError(_not_found(con, tables, person_id))
    reviewer["generated_at"] = now.isoformat(timespec="seconds")
    redacted = _redact(reviewer)
    folder.mkdir(parents=True, exist_ok=True)
    for view, pack in (("reviewer", reviewer), ("redacted", redacted)):
        (folder / f"{view}.json").write_text(json.dumps(pack, indent=2, default=str), "utf-8")
        (folder / f"{view}.html").write_text(
            render("wholefamily.governance", "subject_access.html", pack=pack), "utf-8"
        )
    return SubjectAccessPack(
        folder,
        len(reviewer["mentions"]),
        len(reviewer["events"]),
        len(reviewer["families"]),
        len(reviewer["third_parties"]),
    )


def _not_found(con: duckdb.DuckDBPyConnection, tables: set[str], person_id: str) -> str:
    """Why there is nothing for the id: merged into another person, retired, or never given."""
    row = (
        con.execute(
            "SELECT status, merged_into FROM main.person_registry WHERE person_id = ?", [person_id]
        ).fetchone()
        if "person_registry" in tables
        else None
    )
    if row is not None and row[1]:
        return f"person {person_id!r} was merged into {row[1]!r}: ask for the pack of {row[1]!r}"
    if row is not None:
        return f"person {person_id!r} is {row[0]} and has no records in the warehouse now"
    return f"no person {person_id!r} in the warehouse's linked people"


def _gather(con: duckdb.DuckDBPyConnection, tables: set[str], person_id: str) -> dict[str, Any]:
    params = {"person": person_id}
    con.execute(
        "CREATE OR REPLACE TEMP TABLE sa_keys AS SELECT DISTINCT mention_key FROM main.person_mentions "
        "WHERE person_id = $person",
        params,
    )
    mentions = _rows(
        con,
        "SELECT m.* FROM main.mentions m SEMI JOIN sa_keys k ON k.mention_key = m.mention_key "
        "ORDER BY m.source, m.delivery_date, m.record_key, m.people_group, m.person_index",
    )
    others = _rows(
        con,
        "WITH mine AS (SELECT DISTINCT m.source, m.record_key, m.delivery_date FROM main.mentions m "
        "SEMI JOIN sa_keys k ON k.mention_key = m.mention_key) "
        "SELECT coalesce(pm.person_id, o.mention_key) AS third_party, o.* "
        "FROM main.mentions o JOIN mine USING (source, record_key, delivery_date) "
        "LEFT JOIN main.person_mentions pm ON pm.mention_key = o.mention_key "
        "WHERE o.mention_key NOT IN (SELECT mention_key FROM sa_keys) "
        "ORDER BY o.source, o.delivery_date, o.record_key, o.people_group, o.person_index",
    )
    events = _rows(
        con,
        "SELECT e.* FROM main.events e SEMI JOIN sa_keys k ON k.mention_key = e.mention_key "
        "ORDER BY e.source, e.event_date, e.kind, e.event_key, e.delivery_date",
    )
    summary = (
        _rows(con, "SELECT * FROM main.persons WHERE person_id = $person", params)
        if "persons" in tables
        else []
    )
    families: list[dict[str, Any]] = []
    members: list[dict[str, Any]] = []
    if "family_members" in tables:
        families = _rows(
            con,
            "SELECT * FROM main.family_members WHERE person_id = $person ORDER BY start_date, family_id",
            params,
        )
        members = _rows(
            con,
            "SELECT person_id AS third_party, family_id, role, resident, start_date, end_date "
            "FROM main.family_members WHERE family_id IN "
            "(SELECT family_id FROM main.family_members WHERE person_id = $person) AND person_id <> $person "
            "ORDER BY family_id, start_date, person_id",
            params,
        )
    evidence = (
        _rows(
            con,
            "SELECT * FROM main.need_evidence WHERE person_id = $person "
            "ORDER BY run_id, family_id, descriptor_id, event_key",
            params,
        )
        if "need_evidence" in tables
        else []
    )
    labels = _labels(r["third_party"] for r in [*others, *members])
    third_parties = [{"third_party": label, "person": third} for third, label in labels.items()]
    return {
        "person_id": person_id,
        "view": "reviewer",
        "not_included": NOT_INCLUDED,
        "sources": sorted({m["source"] for m in mentions}),
        "person": summary[0] if summary else None,
        "mentions": mentions,
        "events": [_without_empty(e) for e in events],
        "families": families,
        "others_in_records": [
            {**r, "third_party": labels[r["third_party"]], "person": r["third_party"]} for r in others
        ],
        "family_members": [
            {**r, "third_party": labels[r["third_party"]], "person": r["third_party"]} for r in members
        ],
        "need_evidence": evidence,
        "third_parties": third_parties,
    }


def _labels(ids: Iterable[str]) -> dict[str, str]:
    """'Third party 1', 2, ... in the order of the ids (so the same warehouse gives the same labels), in
    that order."""
    return {third: f"Third party {n}" for n, third in enumerate(sorted(set(ids)), start=1)}


def _redact(reviewer: dict[str, Any]) -> dict[str, Any]:
    """The pack with third parties' details replaced by the marker, everywhere they appear."""
    own = _identifying_values(reviewer["mentions"])
    theirs = (
        _identifying_values(reviewer["others_in_records"]) | {t["person"] for t in reviewer["third_parties"]}
    ) - own
    redacted = {
        **reviewer,
        "view": "redacted",
        "others_in_records": [_blank(r, PERSON_COLUMNS) for r in reviewer["others_in_records"]],
        "family_members": [_blank(r, ()) for r in reviewer["family_members"]],
        "third_parties": [
            {"third_party": t["third_party"], "person": REDACTED} for t in reviewer["third_parties"]
        ],
    }
    return dict(_scrub(redacted, theirs))


def _blank(row: dict[str, Any], fields: Iterable[str]) -> dict[str, Any]:
    hidden = {*fields, "person", "mention_key"} - {"role"}
    return {k: (REDACTED if k in hidden and v is not None else v) for k, v in row.items()}


def _identifying_values(rows: list[dict[str, Any]]) -> set[str]:
    values: set[str] = set()
    for row in rows:
        for field in IDENTIFYING:
            value = row.get(field)
            if isinstance(value, list):
                values.update(str(v) for v in value)
                values.update(str(v).split(":", 1)[-1] for v in value)
            elif value is not None and str(value).strip():
                values.add(str(value))
    return values


def _scrub(value: Any, theirs: set[str]) -> Any:
    """Replace any text equal to a third party's identifying value, or any ':'/'|' part of it (a record
    key or mention key built from their id), with the marker."""
    if isinstance(value, dict):
        return {k: _scrub(v, theirs) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v, theirs) for v in value]
    if isinstance(value, str):
        if value in theirs:
            return REDACTED
        parts = _PARTS.split(value)
        if len(parts) > 1 and any(p in theirs for p in parts):
            return "".join(REDACTED if p in theirs else p for p in parts)
    return value


def _without_empty(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if v is not None}


def _rows(
    con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    cursor = con.execute(sql, params)
    names = [d[0] for d in cursor.description or []]
    return [
        {n: (v.isoformat() if hasattr(v, "isoformat") else v) for n, v in zip(names, row, strict=True)}
        for row in cursor.fetchall()
    ]
