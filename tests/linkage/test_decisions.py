"""The data manager's decisions are re-applied on every run, stable ids follow the merge and split rules,
and a withdrawn decision stops applying."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from wholefamily.decisions import DecisionStore
from wholefamily.linkage.model import ModelParameters
from wholefamily.linkage.run import run_link
from wholefamily.workspace import Workspace

pytestmark = pytest.mark.slow


def rows(ws: Workspace, sql: str, params: list[object] | None = None) -> list[tuple[object, ...]]:
    with duckdb.connect(str(ws.warehouse), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def person_of(ws: Workspace, key: str) -> str:
    return str(rows(ws, "SELECT person_id FROM person_mentions WHERE mention_key = ?", [key])[0][0])


@pytest.fixture(scope="module")
def linked_once(authority: Workspace, trained: ModelParameters) -> Workspace:
    run_link(authority, params=trained)
    return authority


@pytest.fixture
def linked(linked_once: Workspace, tmp_path: Path) -> Workspace:
    """A copy of the linked authority for each test, so that no test sees another's decisions or runs."""
    copy = tmp_path / "authority"
    shutil.copytree(linked_once.root, copy)
    return Workspace(copy)


def test_not_same_splits_keeping_the_id_on_the_larger_part_and_withdrawal_merges_back(
    linked: Workspace, trained: ModelParameters
) -> None:
    (person,) = rows(
        linked, "SELECT person_id FROM persons WHERE n_mentions BETWEEN 4 AND 8 ORDER BY person_id LIMIT 1"
    )[0]
    keys = [
        str(r[0])
        for r in rows(
            linked,
            "SELECT mention_key FROM person_mentions WHERE person_id = ? ORDER BY mention_key",
            [person],
        )
    ]
    store = DecisionStore(linked.decisions)
    decision = store.decide_link(keys[0], keys[1], "not_same", by="data manager", reason="different people")

    result = run_link(linked, params=trained)

    assert result.decisions_applied == 1
    assert person_of(linked, keys[0]) != person_of(linked, keys[1])
    sizes = dict(
        rows(
            linked,
            "SELECT person_id, count(*) FROM person_mentions WHERE list_contains(?, mention_key) "
            "GROUP BY person_id",
            [keys],
        )
    )
    assert sizes[person] == max(sizes.values()), "the id stays with the largest part"
    split_off = next(p for p in sizes if p != person)
    assert rows(linked, "SELECT status FROM person_registry WHERE person_id = ?", [split_off]) == [
        ("active",)
    ]

    store.withdraw("link", decision.id, by="data manager")
    run_link(linked, params=trained)

    assert person_of(linked, keys[0]) == person_of(linked, keys[1]) == person, (
        "the oldest id survives the merge"
    )
    assert rows(linked, "SELECT person_id FROM person_aliases WHERE alias_id = ?", [split_off]) == [(person,)]
    assert rows(
        linked, "SELECT status, merged_into FROM person_registry WHERE person_id = ?", [split_off]
    ) == [("merged", person)]


def test_same_merges_two_people_under_the_older_id(linked: Workspace, trained: ModelParameters) -> None:
    (a, ka), (b, kb) = rows(
        linked,
        "SELECT pm.person_id, min(pm.mention_key) FROM person_mentions pm JOIN person_registry r USING (person_id) "
        "GROUP BY ALL ORDER BY any_value(r.registered_seq) LIMIT 2",
    )
    DecisionStore(linked.decisions).decide_link(str(ka), str(kb), "same", by="data manager")

    run_link(linked, params=trained)

    assert person_of(linked, str(ka)) == person_of(linked, str(kb))
    (older,) = rows(
        linked,
        "SELECT person_id FROM person_registry WHERE person_id IN (?, ?) ORDER BY registered_seq LIMIT 1",
        [a, b],
    )[0]
    assert person_of(linked, str(ka)) == older
    assert rows(
        linked,
        "SELECT count(*) FROM review_pairs WHERE mention_key_a = least(?, ?) "
        "AND mention_key_b = greatest(?, ?)",
        [ka, kb, ka, kb],
    ) == [(0,)]


def test_a_decided_review_pair_leaves_the_review_list(linked: Workspace, trained: ModelParameters) -> None:
    a, b = rows(linked, "SELECT mention_key_a, mention_key_b FROM review_pairs ORDER BY 1, 2 LIMIT 1")[0]
    DecisionStore(linked.decisions).decide_link(str(a), str(b), "not_same", by="data manager")

    run_link(linked, params=trained)

    assert rows(
        linked, "SELECT count(*) FROM review_pairs WHERE mention_key_a = ? AND mention_key_b = ?", [a, b]
    ) == [(0,)]
    assert person_of(linked, str(a)) != person_of(linked, str(b))
