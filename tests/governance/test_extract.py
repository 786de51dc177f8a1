"""Pseudonymised extracts: stable per purpose, different across purposes, and no real identifier in the file."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from wholefamily.cli import main
from wholefamily.decisions import DecisionStore
from wholefamily.governance.errors import GovernanceError
from wholefamily.governance.extract import write_extract

AS_OF = dt.date(2026, 10, 31)


def _extract(ws: Path, purpose: str, out: Path) -> list[dict[str, str]]:
    result = CliRunner().invoke(
        main,
        [
            "governance",
            "extract",
            "--workspace",
            str(ws),
            "--purpose",
            purpose,
            "--out",
            str(out),
            "--as-of",
            "2026-10-31",
        ],
    )
    assert result.exit_code == 0, result.output
    if out.suffix == ".parquet":
        with duckdb.connect() as con:
            cursor = con.execute("SELECT * FROM read_parquet(?)", [str(out)])
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, (_text(v) for v in row), strict=True)) for row in cursor.fetchall()]
    with out.open(encoding="utf-8") as file:
        return list(csv.DictReader(file))


def _text(value: object) -> str:
    """A Parquet value as the CSV writes it."""
    return "" if value is None else str(value).lower() if isinstance(value, bool) else str(value)


def _real_identifiers(truth: Path) -> set[str]:
    """Every name, date of birth, identifier, postcode, address and id the truth holds, lower case."""
    with duckdb.connect() as con:
        rows = con.execute(
            f"""
            SELECT unnest([person_id, first_name, middle_names, surname, previous_surname, strftime(dob, '%Y-%m-%d'),
                           nhs_number, upn, ni_number])
            FROM read_parquet('{truth / "people.parquet"}')
            UNION SELECT unnest([line1, postcode, uprn::VARCHAR]) FROM read_parquet('{truth / "addresses.parquet"}')
            UNION SELECT family_id::VARCHAR FROM read_parquet('{truth / "memberships.parquet"}')
            """
        ).fetchall()
    return {str(v).lower() for (v,) in rows if v is not None and str(v).strip()}


def test_pseudonyms_are_stable_per_purpose_and_no_real_identifier_is_written(
    authority: tuple[Path, str], tmp_path: Path
) -> None:
    ws, _ = authority
    first = _extract(ws, "evaluation", tmp_path / "a.csv")
    again = _extract(ws, "evaluation", tmp_path / "b.parquet")
    other = _extract(ws, "claims", tmp_path / "c.csv")
    assert len(first) > 500
    assert [(r["person"], r["family"]) for r in first] == [(r["person"], r["family"]) for r in again]
    assert first == again
    evaluation_people = {r["person"] for r in first}
    assert len(evaluation_people) == len({(r["person"], r["family"]) for r in first})
    assert not evaluation_people & {r["person"] for r in other}
    assert not {r["family"] for r in first} & {r["family"] for r in other}
    assert len({r["person"] for r in other}) == len(evaluation_people)
    assert (ws / ".secrets" / "pseudonyms-evaluation.key").stat().st_mode & 0o077 == 0

    real = _real_identifiers(ws / "truth")
    for row in (*first, *other):
        for column, value in row.items():
            assert value.lower() not in real, (column, value)
    assert {r["age_band"] for r in first} <= {
        "0-4",
        "5-9",
        "10-15",
        "16-17",
        "18-24",
        "25-34",
        "35-44",
        "45-54",
        "55-64",
        "65+",
        "unknown",
    }
    assert all(" " not in r["postcode_district"] for r in first)
    assert any(r["family_eligible"] == "true" for r in first)


def test_a_restricted_person_is_left_out_until_lifted(authority: tuple[Path, str], tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(authority[0], ws)
    runner = CliRunner()
    before = _extract(ws, "evaluation", tmp_path / "before.csv")
    with duckdb.connect(str(ws / "warehouse.duckdb"), read_only=True) as con:
        (person_id,) = con.execute(
            "SELECT min(person_id) FROM need_evidence WHERE person_id IS NOT NULL"
        ).fetchone() or ("",)
    restricted = runner.invoke(
        main,
        [
            "governance",
            "restrict",
            "--workspace",
            str(ws),
            "--person",
            person_id,
            "--reason",
            "accuracy contested",
            "--by",
            "dpo",
        ],
    )
    assert restricted.exit_code == 0, restricted.output
    identified = runner.invoke(main, ["identify", "--workspace", str(ws), "--as-of", "2026-10-31"])
    assert identified.exit_code == 0, identified.output
    after = _extract(ws, "evaluation", tmp_path / "after.csv")
    assert len(after) == len(before) - 1
    with duckdb.connect(str(ws / "warehouse.duckdb"), read_only=True) as con:
        latest = "(SELECT run_id FROM identify_runs ORDER BY finished_at DESC LIMIT 1)"
        evidence = con.execute(
            f"SELECT count(*) FROM need_evidence WHERE person_id = ? AND run_id = {latest}",
            [person_id],
        ).fetchone()
    assert evidence == (0,)

    listed = runner.invoke(main, ["governance", "restrictions", "--workspace", str(ws)])
    assert listed.exit_code == 0, listed.output
    assert [
        (r.person_id, r.reason) for r in DecisionStore(ws / "decisions.sqlite").active_restrictions()
    ] == [(person_id, "accuracy contested")]
    lifted = runner.invoke(
        main,
        [
            "governance",
            "lift",
            "--workspace",
            str(ws),
            "--restriction",
            "1",
            "--reason",
            "corrected",
            "--by",
            "dpo",
        ],
    )
    assert lifted.exit_code == 0, lifted.output
    assert len(_extract(ws, "evaluation", tmp_path / "lifted.csv")) == len(before)


def test_an_extract_is_csv_or_parquet(authority: tuple[Path, str], tmp_path: Path) -> None:
    with (
        duckdb.connect(str(authority[0] / "warehouse.duckdb"), read_only=True) as con,
        pytest.raises(GovernanceError, match=r"csv or \.parquet"),
    ):
        write_extract(con, b"k" * 32, tmp_path / "x.xlsx", AS_OF)
