"""A subject access pack on a generated authority, checked against the synthetic truth."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path
from typing import Any

import duckdb
import pytest
from click.testing import CliRunner

from wholefamily.cli import main
from wholefamily.governance.errors import GovernanceError
from wholefamily.governance.subject_access import IDENTIFYING, REDACTED, write_subject_access_pack
from wholefamily.warehouse.tables import table

KEY = ("source", "file", "row_number", "delivery_date", "people_group", "person_index")


def _subject(ws: Path) -> str:
    """The person (by truth id) found in the most sources, named in records with other people, with needs
    evidence naming them."""
    with duckdb.connect(str(ws / "warehouse.duckdb"), read_only=True) as con:
        row = con.execute(
            "SELECT pm.person_id FROM person_mentions pm JOIN mentions m USING (mention_key) "
            "WHERE (m.source, m.record_key) IN (SELECT source, record_key FROM mentions GROUP BY ALL "
            "HAVING count(DISTINCT mention_key) > 1) "
            "AND pm.person_id IN (SELECT person_id FROM need_evidence) "
            "GROUP BY pm.person_id HAVING count(DISTINCT m.source) >= 3 "
            "ORDER BY count(DISTINCT m.source) DESC, pm.person_id LIMIT 1"
        ).fetchone()
    assert row is not None
    return str(row[0])


def _truth_mentions(ws: Path, person: str) -> set[tuple[Any, ...]]:
    with duckdb.connect(str(ws / "warehouse.duckdb"), read_only=True) as con:
        rows = con.execute(
            "SELECT DISTINCT m.source, m.file, m.row_number, m.delivery_date::VARCHAR, m.people_group, "
            "m.person_index FROM mentions m JOIN read_parquet($truth) t ON m.source = t.source "
            "AND m.file = t.file AND m.sheet IS NOT DISTINCT FROM t.sheet AND m.row_number = t.row_number "
            "AND m.people_group = t.people_group AND m.person_index = t.person_index "
            "AND m.delivery_date = t.delivery_date WHERE t.person_id::VARCHAR = $person",
            {"truth": str(ws / "truth" / "mentions.parquet"), "person": person},
        ).fetchall()
    return set(rows)


def _leaves(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [leaf for v in value.values() for leaf in _leaves(v)]
    if isinstance(value, list):
        return [leaf for v in value for leaf in _leaves(v)]
    return [str(value)] if value is not None else []


@pytest.fixture(scope="module")
def pack(authority: tuple[Path, str]) -> tuple[Path, str, Path]:
    ws, _ = authority
    person = _subject(ws)
    result = CliRunner().invoke(
        main, ["governance", "subject-access", "--workspace", str(ws), "--person", person]
    )
    assert result.exit_code == 0, result.output
    assert "Not included: the casework site's records" in " ".join(result.output.split())
    return ws, person, ws / "governance" / "subject-access" / person


def test_the_pack_holds_every_record_of_the_person_from_three_sources(pack: tuple[Path, str, Path]) -> None:
    ws, person, folder = pack
    truth = _truth_mentions(ws, person)
    for view in ("reviewer", "redacted"):
        data = json.loads((folder / f"{view}.json").read_text("utf-8"))
        assert {tuple(m[k] for k in KEY) for m in data["mentions"]} == truth
        assert len(data["sources"]) >= 3
        assert data["families"] and data["families"][0]["person_id"] == person
        assert "casework site" in data["not_included"]
        assert data["person"]["person_id"] == person
    reviewer = json.loads((folder / "reviewer.json").read_text("utf-8"))
    keys = {m["mention_key"] for m in reviewer["mentions"]}
    assert reviewer["events"] and {e["mention_key"] for e in reviewer["events"]} <= keys
    assert reviewer["others_in_records"], "the chosen person should share a record with someone"
    with duckdb.connect(str(ws / "warehouse.duckdb"), read_only=True) as con:
        evidence = con.execute("SELECT count(*) FROM need_evidence WHERE person_id = ?", [person]).fetchone()
    assert evidence is not None and evidence[0] > 0
    assert len(reviewer["need_evidence"]) == evidence[0]
    assert {e["person_id"] for e in reviewer["need_evidence"]} == {person}
    assert "Reviewer's copy: not for sending" in (folder / "reviewer.html").read_text("utf-8")


def test_the_redacted_view_holds_no_other_persons_identifying_values(pack: tuple[Path, str, Path]) -> None:
    _, _, folder = pack
    reviewer = json.loads((folder / "reviewer.json").read_text("utf-8"))
    redacted = json.loads((folder / "redacted.json").read_text("utf-8"))

    def values(rows: list[dict[str, Any]]) -> set[str]:
        return {str(v) for r in rows for f in IDENTIFYING for v in _leaves(r.get(f)) if str(v).strip()}

    theirs = values(reviewer["others_in_records"]) - values(reviewer["mentions"])
    theirs |= {t["person"] for t in reviewer["third_parties"]}
    assert theirs
    leaves = _leaves(redacted)
    parts = {p for leaf in leaves for p in re.split(r"[|:]", leaf)}
    assert not (theirs & set(leaves)), theirs & set(leaves)
    assert not (theirs & parts)
    assert any(leaf == REDACTED for leaf in leaves)
    page = (folder / "redacted.html").read_text("utf-8")
    for value in theirs:
        if len(value) >= 4:
            assert not re.search(rf"\b{re.escape(value)}\b", page), value
    # the reviewer's copy keeps them, for the reviewer's decision
    assert theirs <= set(_leaves(reviewer)) | {
        p for leaf in _leaves(reviewer) for p in re.split(r"[|:]", leaf)
    }


def test_an_unknown_person_is_a_clear_error(authority: tuple[Path, str]) -> None:
    ws, _ = authority
    for person, message in (("nobody", "no person 'nobody'"), ("../x", "is not a person id")):
        result = CliRunner().invoke(
            main, ["governance", "subject-access", "--workspace", str(ws), "--person", person]
        )
        assert result.exit_code == 2
        assert message in result.output


def test_a_merged_person_id_names_the_person_it_was_merged_into(
    authority: tuple[Path, str], tmp_path: Path
) -> None:
    ws, _ = authority
    copy = tmp_path / "warehouse.duckdb"
    shutil.copyfile(ws / "warehouse.duckdb", copy)
    with duckdb.connect(str(copy)) as con:
        con.execute(table("person_registry").ddl())
        con.execute(
            "INSERT INTO person_registry VALUES ('P-OLD', 1, 'r1', 'merged', 'P00000001', 'r2'), "
            "('P-GONE', 2, 'r1', 'retired', NULL, 'r2')"
        )
        for person, message in (
            ("P-OLD", "person 'P-OLD' was merged into 'P00000001': ask for the pack of 'P00000001'"),
            ("P-GONE", "person 'P-GONE' is retired and has no records in the warehouse now"),
        ):
            with pytest.raises(GovernanceError, match=re.escape(message)):
                write_subject_access_pack(con, person, tmp_path / person, dt.datetime(2026, 11, 1))
    assert not (tmp_path / "P-OLD").exists()
