"""What publish leaves out: restricted people, and families casework keeps as tombstones, under any new id."""

from __future__ import annotations

import datetime as dt

from wholefamily.publish.records import (
    Extract,
    FamilyRecord,
    MemberRecord,
    NeedRecord,
    PersonRecord,
    leave_out,
)


def _family(warehouse_id: str, aliases: list[str] | None = None) -> FamilyRecord:
    return FamilyRecord(warehouse_id, "1 Road", "WX1 1AA", True, 1, "", aliases=aliases or [])


def _person(warehouse_id: str) -> PersonRecord:
    return PersonRecord(warehouse_id, "A", "B", None, "", "", "", "", "")


def _extract() -> Extract:
    members = [
        MemberRecord(family, person, "parent", True, None, [])
        for family, person in (("F1", "P1"), ("F2", "P2"), ("F3", "P3"), ("F3", "P4"))
    ]
    need = NeedRecord("F3", "education", "Education", "absence", "Absence", True, ["P3", "P4"], "")
    return Extract(
        identify_run="r",
        framework="sf-2022",
        as_of=dt.date(2026, 10, 31),
        link_run="l",
        scope="eligible",
        families=[_family("F1"), _family("F2", aliases=["F0"]), _family("F3")],
        standing=[],
        people=[_person(p) for p in ("P1", "P2", "P3", "P4")],
        members=members,
        needs=[need],
        evidence=[],
        timeline=[],
    )


def test_families_left_out_under_their_own_id_or_the_id_they_were_merged_into() -> None:
    left = leave_out(_extract(), families={"F1", "F0"}, people=set())
    assert [f.warehouse_id for f in left.families] == ["F3"]
    assert {m.family_id for m in left.members} == {"F3"}


def test_a_person_left_out_is_dropped_from_memberships_and_needs() -> None:
    left = leave_out(_extract(), families=set(), people={"P4"})
    assert [p.warehouse_id for p in left.people] == ["P1", "P2", "P3"]
    assert ("F3", "P4") not in {(m.family_id, m.person_id) for m in left.members}
    assert left.needs[0].people == ["P3"]


def test_nothing_to_leave_out_is_the_same_extract() -> None:
    extract = _extract()
    assert leave_out(extract, families=set(), people=set()) is extract
