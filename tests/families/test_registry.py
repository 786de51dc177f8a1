"""Stable family ids across runs: kept by overlap, oldest on a merge, largest part on a split."""

from __future__ import annotations

import datetime as dt
import re

from family_builders import Tiny, family_of, form, person

from union_find import UnionFind
from wholefamily.decisions import DecisionStore
from wholefamily.families.registry import new_family_ids
from wholefamily.graph import components


def test_new_ids_are_opaque_unique_and_sort_by_creation() -> None:
    first = new_family_ids(500, now=1_700_000_000.0)
    later = new_family_ids(3, now=1_700_000_001.0)
    assert len(set(first)) == 500
    assert all(re.fullmatch(r"F[0-9A-HJKMNP-TV-Z]{26}", i) for i in first + later)
    assert max(first) < min(later)
    assert new_family_ids(0) == []


def test_components_match_a_plain_union_find() -> None:
    import numpy as np

    rng = np.random.default_rng(3)
    n = 2000
    a, b = rng.integers(0, n, 1500), rng.integers(0, n, 1500)
    sets = UnionFind(n)
    for x, y in zip(a.tolist(), b.tolist(), strict=True):
        sets.join(x, y)
    label = components(n, a, b)
    for x, y in zip(range(n - 1), range(1, n), strict=True):
        assert (label[x] == label[y]) == (sets.root(x) == sets.root(y))
    assert all(label[i] <= i for i in range(n))
    assert (label[label] == label).all()  # with the line above: the smallest member labels each component


def _lane_and_frost(tiny: Tiny) -> None:
    """The LANEs in a tenancy, two FROST children at school at the same postcode (another surname)."""
    tiny.add(
        "housing_tenancies",
        "T1",
        [
            {**person("MUM", "LANE", "1985-01-01", "WX1 1AA"), "role": "tenant"},
            {**person("K1", "LANE", "2012-01-01"), "role": "occupant"},
        ],
    )
    for pid, dob in (("K2", "2014-01-01"), ("K3", "2016-01-01")):
        tiny.add(
            "school_attendance",
            f"S{pid}",
            [person(pid, "FROST", dob, "WX1 1AA")],
            date="2026-09-01",
            end="2026-12-20",
            kind="school_attendance",
        )


def test_a_merge_keeps_the_oldest_id_and_a_split_leaves_it_with_one_part(
    tiny: Tiny, store: DecisionStore
) -> None:
    _lane_and_frost(tiny)
    con = tiny.build()
    form(con, store, run_id="R1")
    lane, frost = family_of(con, "MUM"), family_of(con, "K2")
    assert lane != frost and family_of(con, "K3") == frost
    # a new record states the FROST children live with MUM: two families of two merge, the oldest id stays
    tiny.add(
        "childrens_social_care",
        "E1",
        [
            person("K2", "FROST", "2014-01-01"),
            person("K3", "FROST", "2016-01-01"),
            {**person("MUM", "LANE", "1985-01-01"), "role": "mother"},
        ],
        date="2026-10-01",
    )
    con.close()
    con = tiny.build(run_id="L2")
    summary = form(con, store, run_id="R2")
    oldest, newer = min(lane, frost), max(lane, frost)
    assert {family_of(con, p) for p in ("MUM", "K1", "K2", "K3")} == {oldest}
    assert summary.ids["merged"] == 1
    assert con.execute("SELECT alias_id, family_id FROM family_aliases").fetchall() == [(newer, oldest)]
    assert dict(con.execute("SELECT family_id, status FROM family_registry").fetchall()) == {
        oldest: "active",
        newer: "merged",
    }
    # the partner withdraws that record: one part keeps the id, the other gets a new one
    tiny.mentions = [m for m in tiny.mentions if m["source"] != "childrens_social_care"]
    tiny.events = [e for e in tiny.events if e["source"] != "childrens_social_care"]
    con.close()
    con = tiny.build(run_id="L3")
    form(con, store, as_of=dt.date(2026, 11, 30), run_id="R3")
    parts = {family_of(con, "MUM"), family_of(con, "K2")}
    assert oldest in parts and newer not in parts and len(parts) == 2
    # the part that left has its membership closed on the run date: earlier dates still answer
    moved = "K2" if family_of(con, "K2") != oldest else "MUM"
    assert con.execute(
        "SELECT end_date FROM family_members WHERE person_id = ? AND family_id = ?", [moved, oldest]
    ).fetchone() == (dt.date(2026, 11, 30),)


def test_a_family_taking_in_one_person_keeps_its_own_id(tiny: Tiny, store: DecisionStore) -> None:
    _lane_and_frost(tiny)
    tiny.add(
        "dwp_benefits",
        "C1",
        [person("UNCLE", "MOORE", "1970-01-01", "WX1 1AA")],
        date="2026-01-01",
        kind="benefit_spell",
    )
    con = tiny.build()
    form(con, store, run_id="R1")
    lane, uncle = family_of(con, "MUM"), family_of(con, "UNCLE")
    tiny.add(
        "housing_tenancies",
        "T1",
        [
            {**person("MUM", "LANE", "1985-01-01", "WX1 1AA"), "role": "tenant"},
            {**person("K1", "LANE", "2012-01-01"), "role": "occupant"},
            {**person("UNCLE", "MOORE", "1970-01-01"), "role": "occupant"},
        ],
        delivery="2026-11-30",
    )
    con.close()
    con = tiny.build(run_id="L2")
    form(con, store, as_of=dt.date(2026, 11, 30), run_id="R2")
    assert family_of(con, "UNCLE") == lane  # the bigger part keeps its id, old or not
    assert con.execute("SELECT family_id FROM family_aliases WHERE alias_id = ?", [uncle]).fetchone() == (
        lane,
    )
