"""Why a person is one person: their mentions, and the strongest scored pairs that join them, with each
pair's match weight per field (from the last link run's ``link_pairs``), plus the decisions that bear on
them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wholefamily.decisions import DecisionStore
from wholefamily.linkage.errors import LinkageError
from wholefamily.warehouse.connection import open_warehouse, published_tables
from wholefamily.workspace import Workspace


@dataclass(frozen=True)
class Explanation:
    person_id: str
    resolved_from: str | None  # the id asked for, when it was merged into ``person_id``
    mentions: list[dict[str, Any]]
    pairs: list[dict[str, Any]]  # mention_key_l, mention_key_r, match_weight, and mw_<field> per comparison
    decisions: list[dict[str, Any]]


def explain_person(workspace: Workspace, person_id: str) -> Explanation:
    con = open_warehouse(workspace.warehouse, read_only=True)
    try:
        if not {"person_mentions", "link_pairs", "person_registry"} <= published_tables(con):
            raise LinkageError("no link run in the warehouse: run `wholefamily link` first")
        asked, resolved = person_id, person_id
        for _ in range(100):  # follow merges to the surviving id
            row = con.execute(
                "SELECT status, merged_into FROM main.person_registry WHERE person_id = ?", [resolved]
            ).fetchall()
            if not row:
                raise LinkageError(f"no person {person_id!r} in the registry")
            if row[0][0] != "merged" or row[0][1] is None:
                break
            resolved = row[0][1]
        mentions = _dicts(
            con.execute(
                """
            SELECT pm.mention_key, m.source, m.delivery_date, m.first_name, m.middle_names, m.surname, m.dob,
                   m.age, m.sex, m.postcode, m.nhs_number, m.upn, m.ni_number
            FROM main.person_mentions AS pm
            JOIN (SELECT * FROM main.mentions
                  QUALIFY row_number() OVER (PARTITION BY mention_key ORDER BY delivery_date DESC) = 1) AS m
              USING (mention_key)
            WHERE pm.person_id = ? ORDER BY pm.mention_key
            """,
                [resolved],
            )
        )
        if not mentions:
            raise LinkageError(f"person {person_id!r} has no mentions in the last link run (status: retired)")
        pairs = _dicts(
            con.execute(
                """
            SELECT p.* EXCLUDE (run_id) FROM main.link_pairs AS p
            JOIN main.person_mentions AS a ON a.mention_key = p.mention_key_l
            JOIN main.person_mentions AS b ON b.mention_key = p.mention_key_r
            WHERE a.person_id = $p AND b.person_id = $p
            ORDER BY p.match_weight DESC
            """,
                {"p": resolved},
            )
        )
    finally:
        con.close()
    keys = {m["mention_key"] for m in mentions}
    decisions = [
        {
            "id": d.id,
            "verdict": d.verdict,
            "left_key": d.left_key,
            "right_key": d.right_key,
            "decided_by": d.decided_by,
            "decided_at": d.decided_at,
            "reason": d.reason,
        }
        for d in DecisionStore(workspace.decisions).active_links()
        if d.left_key in keys or d.right_key in keys
    ]
    return Explanation(resolved, asked if asked != resolved else None, mentions, pairs, decisions)


def _dicts(cursor: Any) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
