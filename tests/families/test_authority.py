"""Family formation over a small synthetic authority (true person links, so linkage errors are left out)."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from conftest import make_authority
from family_builders import link_from_truth

from wholefamily.decisions import DecisionStore
from wholefamily.families import FormationSettings, family_accuracy, form_families, members_on

pytestmark = pytest.mark.slow

FIRST, SECOND = dt.date(2026, 9, 30), dt.date(2026, 10, 31)


@pytest.fixture(scope="module")
def authority(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Generated, ingested and linked from the truth, with no families yet; tests form them in a copy."""
    yield make_authority(tmp_path_factory.mktemp("authority"), residents=2500, seed=5, deliveries=2)


def _copy(authority: Path, into: Path) -> Path:
    return Path(shutil.copytree(authority, into / "ws"))


@pytest.fixture(scope="module")
def formed(
    authority: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[duckdb.DuckDBPyConnection, dict[str, str]]]:
    """Families at the first delivery, then again when the second month arrives."""
    workspace = _copy(authority, tmp_path_factory.mktemp("formed"))
    con = duckdb.connect(str(workspace / "warehouse.duckdb"))
    store = DecisionStore(workspace / "decisions.sqlite")
    form_families(con, as_of=FIRST, decisions=store, run_id="R1")
    before = dict(
        con.execute("SELECT person_id, family_id FROM family_members WHERE end_date IS NULL").fetchall()
    )
    form_families(con, as_of=SECOND, decisions=store, run_id="R2")
    yield con, before
    con.close()


def test_most_true_families_are_formed_exactly(
    formed: tuple[duckdb.DuckDBPyConnection, dict[str, str]], authority: Path
) -> None:
    con, _ = formed
    accuracy = family_accuracy(con, authority / "truth", SECOND)
    assert accuracy.overall.families > 500
    assert accuracy.overall.exact_rate >= 0.83, accuracy.overall
    assert accuracy.several_observed.exact_rate >= 0.75, accuracy.several_observed
    # the families the files tie together: fewer than all, and formed exactly more often
    assert 0 < accuracy.tied.families < accuracy.overall.families
    assert accuracy.tied.exact_rate > accuracy.overall.exact_rate
    assert accuracy.tied.exact <= accuracy.overall.exact
    single = next(k for k in accuracy.by_kind if k.kind == "single")
    assert single.split == 0  # one observed person cannot be split
    assert sum(k.families for k in accuracy.by_kind) == accuracy.overall.families
    section = accuracy.as_section()
    assert section["rows"][0] == {
        "families": "all families",
        "count": accuracy.overall.families,  # type: ignore[index]
        "exact": accuracy.overall.exact,
        "exact_rate": round(accuracy.overall.exact_rate, 4),
        "over_merged": accuracy.overall.over_merged,
        "split": accuracy.overall.split,
    }


def test_every_person_is_in_exactly_one_family_and_families_stay_small(
    formed: tuple[duckdb.DuckDBPyConnection, dict[str, str]],
) -> None:
    con, _ = formed
    placed = con.execute("SELECT count(DISTINCT person_id) FROM person_mentions").fetchone()
    rows = con.execute(
        "SELECT count(*), count(DISTINCT person_id) FROM family_members WHERE end_date IS NULL"
    ).fetchone()
    assert rows == (placed[0], placed[0])  # type: ignore[index]
    limits = FormationSettings()
    biggest = con.execute("SELECT max(n_members), sum(n_members) FROM families").fetchone()
    assert biggest is not None and biggest[0] <= limits.max_members and biggest[1] == placed[0]  # type: ignore[index]


def test_ids_are_kept_when_a_new_month_arrives(
    formed: tuple[duckdb.DuckDBPyConnection, dict[str, str]],
) -> None:
    con, before = formed
    after = dict(
        con.execute("SELECT person_id, family_id FROM family_members WHERE end_date IS NULL").fetchall()
    )
    both = set(before) & set(after)
    same = sum(before[p] == after[p] for p in both)
    assert same / len(both) >= 0.97


def test_who_was_in_a_family_on_a_date(formed: tuple[duckdb.DuckDBPyConnection, dict[str, str]]) -> None:
    con, _ = formed
    # A household of parents and children (not one where a teenage sibling was read as a middle generation,
    # which makes the parents grandparents: the ids are random, so the first family by id may be one).
    family = con.execute(
        """SELECT family_id FROM family_members WHERE end_date IS NULL AND resident
           GROUP BY family_id HAVING bool_or(role IN ('parent', 'carer')) AND bool_or(role = 'child')
              AND count(*) >= 3
           ORDER BY family_id LIMIT 1"""
    ).fetchone()
    assert family is not None
    now = members_on(con, family[0], SECOND)
    assert {m.role for m in now} & {"parent", "carer"} and any(m.role == "child" for m in now)
    assert all(m.evidence for m in now if len(now) > 1)
    assert members_on(con, family[0], dt.date(1900, 1, 1)) == []


def test_formation_does_not_depend_on_which_linkage_run_ids_it_sees(authority: Path, tmp_path: Path) -> None:
    """Only the latest linkage run is read: an older run's rows are ignored."""
    workspace = _copy(authority, tmp_path)
    store = DecisionStore(tmp_path / "d.sqlite")
    with duckdb.connect(str(workspace / "warehouse.duckdb")) as con:
        form_families(con, as_of=SECOND, decisions=store, run_id="R1")
        link_from_truth(con, workspace / "truth", run_id="Z9")  # a later run of the same links
        con.execute(
            "INSERT INTO person_mentions SELECT mention_key, 'NOBODY', 'A0' FROM person_mentions LIMIT 5"
        )
        summary = form_families(con, as_of=SECOND, decisions=store, run_id="R2")
        assert con.execute("SELECT count(*) FROM family_members WHERE person_id = 'NOBODY'").fetchone() == (
            0,
        )
        assert summary.ids["new"] == 0
