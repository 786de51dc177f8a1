"""Manual decisions are stored apart from the data, replaced, withdrawn, and never lost."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from wholefamily.decisions import DecisionError, DecisionStore


def test_a_link_decision_is_stored_with_who_and_when_in_key_order(tmp_path: Path) -> None:
    store = DecisionStore(tmp_path / "decisions.sqlite")
    decision = store.decide_link("police:9:person:1", "health:4:patient:0", "not_same", by="dm.ali")
    assert (decision.left_key, decision.right_key) == ("health:4:patient:0", "police:9:person:1")
    assert [d.verdict for d in store.active_links()] == ["not_same"]
    assert store.active_links()[0].decided_by == "dm.ali"


def test_a_new_decision_on_a_pair_replaces_the_old_one_which_stays_in_history(tmp_path: Path) -> None:
    store = DecisionStore(tmp_path / "decisions.sqlite")
    store.decide_link("a", "b", "same", by="dm.ali")
    store.decide_link("b", "a", "not_same", by="dm.bea", reason="different mothers")
    assert [(d.verdict, d.decided_by) for d in store.active_links()] == [("not_same", "dm.bea")]
    with sqlite3.connect(tmp_path / "decisions.sqlite") as con:
        assert con.execute("select count(*) from link_decisions").fetchone() == (2,)


def test_a_withdrawn_decision_is_no_longer_applied(tmp_path: Path) -> None:
    store = DecisionStore(tmp_path / "decisions.sqlite")
    link = store.decide_link("a", "b", "same", by="dm.ali")
    family = store.decide_family("move_person", {"person_id": "P1", "to_family": "F2"}, by="dm.ali")
    store.withdraw("link", link.id, by="dm.bea")
    assert store.active_links() == []
    assert store.active_families() == [family]
    with pytest.raises(DecisionError, match="no active link decision"):
        store.withdraw("link", link.id, by="dm.bea")


@pytest.mark.parametrize(
    ("a", "b", "verdict", "by"), [("a", "a", "same", "x"), ("a", "b", "maybe", "x"), ("a", "b", "same", " ")]
)
def test_bad_decisions_are_refused(tmp_path: Path, a: str, b: str, verdict: str, by: str) -> None:
    with pytest.raises(DecisionError):
        DecisionStore(tmp_path / "d.sqlite").decide_link(a, b, verdict, by=by)  # type: ignore[arg-type]
