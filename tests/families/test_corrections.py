"""Data managers' corrections: stored in the decisions file, re-applied on every run, withdrawable."""

from __future__ import annotations

import duckdb
import pytest
from family_builders import Tiny, family_of, form, members, person

from wholefamily.decisions import DecisionStore


@pytest.fixture
def two_homes(tiny: Tiny) -> duckdb.DuckDBPyConnection:
    """Two households at one postcode: the GREENs (tenancy) and the PATELs (tenancy), plus a lodger."""
    tiny.add(
        "housing_tenancies",
        "T1",
        [
            {**person("G1", "GREEN", "1980-01-01", "WX1 1AA"), "role": "tenant"},
            {**person("G2", "GREEN", "2012-01-01"), "role": "occupant"},
            {**person("G3", "GREEN", "2014-01-01"), "role": "occupant"},
        ],
    )
    tiny.add(
        "housing_tenancies",
        "T2",
        [
            {**person("P1", "PATEL", "1975-01-01", "WX1 1AA"), "role": "tenant"},
            {**person("P2", "PATEL", "2010-01-01"), "role": "occupant"},
        ],
    )
    tiny.add(
        "dwp_benefits",
        "C1",
        [person("LODGER", "MOSS", "1999-01-01", "WX1 1AA")],
        date="2026-01-01",
        kind="benefit_spell",
    )
    return tiny.build()


def test_move_survives_a_rerun_and_withdrawal_undoes_it(
    two_homes: duckdb.DuckDBPyConnection, store: DecisionStore
) -> None:
    con = two_homes
    form(con, store, run_id="R1")
    green, patel = family_of(con, "G1"), family_of(con, "P1")
    decision = store.decide_family(
        "move_person",
        {"person_id": "P2", "to_family": green, "to_members": "G1,G2,G3"},
        by="data manager",
        reason="lives with aunt",
    )
    summary = form(con, store, run_id="R2")
    assert [o.applied for o in summary.decisions] == [True]
    assert family_of(con, "P2") == green and family_of(con, "P1") == patel
    assert any(
        e.startswith("correction: decision")
        for e in con.execute(
            "SELECT evidence FROM family_members WHERE person_id = 'P2' AND end_date IS NULL"
        ).fetchone()[0]
    )  # type: ignore[index]
    form(con, store, run_id="R3")  # the next month: still applied
    assert family_of(con, "P2") == green
    store.withdraw("family", decision.id, by="data manager")
    form(con, store, run_id="R4")
    assert family_of(con, "P2") == patel


def test_remove_and_split_and_merge(two_homes: duckdb.DuckDBPyConnection, store: DecisionStore) -> None:
    con = two_homes
    form(con, store, run_id="R1")
    green, patel = family_of(con, "G1"), family_of(con, "P1")
    store.decide_family("remove_person", {"person_id": "G3", "from_family": green}, by="dm")
    form(con, store, run_id="R2")
    assert set(members(con, family_of(con, "G3"))) == {"G3"}
    assert family_of(con, "G1") == green
    store.decide_family("split_family", {"family_id": green, "person_ids": "G2"}, by="dm")
    form(con, store, run_id="R3")
    assert set(members(con, family_of(con, "G2"))) == {"G2"} and family_of(con, "G1") == green
    split_off = family_of(con, "G2")
    store.decide_family(
        "merge_families",
        {"family_id": green, "members": "G1", "other_family_id": patel, "other_members": "P1,P2"},
        by="dm",
    )
    form(con, store, run_id="R4")
    # GREEN now has one member, PATEL two: the bigger part keeps its id, the other becomes its alias
    assert family_of(con, "P1") == family_of(con, "G1") == patel
    assert con.execute("SELECT family_id FROM family_aliases WHERE alias_id = ?", [green]).fetchone() == (
        patel,
    )
    for run in ("R5", "R6"):  # every correction survives re-runs, ids too
        form(con, store, run_id=run)
        assert family_of(con, "P1") == family_of(con, "G1") == patel
        assert family_of(con, "G2") == split_off
        assert set(members(con, family_of(con, "G3"))) == {"G3"}


def test_a_decision_about_someone_no_longer_present_is_reported(
    two_homes: duckdb.DuckDBPyConnection, store: DecisionStore
) -> None:
    form(two_homes, store, run_id="R1")
    store.decide_family("move_person", {"person_id": "GONE", "to_family": "FX", "to_members": "G1"}, by="dm")
    summary = form(two_homes, store, run_id="R2")
    assert [(o.applied, o.note) for o in summary.decisions] == [(False, "the person is not in this run")]
