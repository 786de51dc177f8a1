"""Data managers' corrections to family membership, re-applied to the formed groups on every run.

A decision names people by their person ids and the families by the members they had when it was made
(``to_members``, ``members``, ``other_members``), so it keeps its meaning when the evidence or the family
ids change later. Details, all strings (lists comma-separated):

- ``move_person``: person_id, to_family, to_members
- ``remove_person``: person_id, from_family
- ``split_family``: family_id, person_ids (the people who form the other family)
- ``merge_families``: family_id, members, other_family_id, other_members
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from wholefamily.decisions import FamilyDecision


@dataclass(frozen=True)
class Outcome:
    decision_id: int
    action: str
    applied: bool
    note: str


def people(text: str | None) -> list[str]:
    return [p.strip() for p in (text or "").split(",") if p.strip()]


def _group_of(
    con: duckdb.DuckDBPyConnection, members: list[str], family_id: str | None, exclude: list[str]
) -> int | None:
    """The group now holding most of these people (or, failing that, the previous members of the family)."""
    row = con.execute(
        """
        SELECT g.g FROM fm_group g JOIN fm_person p USING (idx)
        WHERE list_contains($members, p.person_id) AND NOT list_contains($exclude, p.person_id)
        GROUP BY g.g ORDER BY count(*) DESC, g.g LIMIT 1
        """,
        {"members": members, "exclude": exclude},
    ).fetchone()
    if row is None and family_id:
        row = con.execute(
            """
            SELECT g.g FROM fm_group g JOIN fm_person p USING (idx)
            JOIN fm_previous f ON f.person_id = p.person_id
            WHERE f.family_id = $family AND NOT list_contains($exclude, p.person_id)
            GROUP BY g.g ORDER BY count(*) DESC, g.g LIMIT 1
            """,
            {"family": family_id, "exclude": exclude},
        ).fetchone()
    return None if row is None else int(row[0])


def _move(con: duckdb.DuckDBPyConnection, persons: list[str], group: int) -> int:
    con.execute(
        "UPDATE fm_group SET g = $g FROM fm_person p WHERE fm_group.idx = p.idx AND list_contains($who, p.person_id)",
        {"g": group, "who": persons},
    )
    found = con.execute(
        "SELECT count(*) FROM fm_person WHERE list_contains($who, person_id)", {"who": persons}
    ).fetchone()
    return int(found[0]) if found else 0


def apply_decisions(con: duckdb.DuckDBPyConnection, decisions: list[FamilyDecision]) -> list[Outcome]:
    """Apply decisions in the order they were made; later ones win. Needs TEMP fm_group and fm_previous."""
    outcomes: list[Outcome] = []
    for d in decisions:
        det = d.details
        applied, note = False, ""
        if d.action == "move_person":
            who = [det.get("person_id", "")]
            target = _group_of(con, people(det.get("to_members")), det.get("to_family"), who)
            if target is None:
                note = f"family {det.get('to_family')} not found in this run"
            else:
                applied = _move(con, who, target) > 0
        elif d.action == "remove_person":
            applied = _move(con, [det.get("person_id", "")], -d.id) > 0
        elif d.action == "split_family":
            applied = _move(con, people(det.get("person_ids")), -d.id) > 0
        elif d.action == "merge_families":
            keep = _group_of(con, people(det.get("members")), det.get("family_id"), [])
            other = _group_of(con, people(det.get("other_members")), det.get("other_family_id"), [])
            if keep is None or other is None:
                note = "one of the families was not found in this run"
            else:
                con.execute("UPDATE fm_group SET g = $keep WHERE g = $other", {"keep": keep, "other": other})
                applied = True
        if not applied and not note:
            note = "the person is not in this run"
        if applied:
            con.execute(
                """
                INSERT INTO fm_group_flag
                SELECT p.idx, 'correction', $note FROM fm_person p
                WHERE list_contains($who, p.person_id)
                """,
                {
                    "note": f"decision {d.id}: {d.action.replace('_', ' ')} by {d.decided_by}",
                    "who": [
                        det.get("person_id", ""),
                        *people(det.get("person_ids")),
                        *people(det.get("other_members")),
                    ],
                },
            )
        outcomes.append(Outcome(d.id, d.action, applied, note))
    return outcomes
