"""Family accuracy puts a true person split evenly between two formed families in the one holding the
earliest mention, not in the one whose random id sorts first, so a rebuild gives the same figure."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from wholefamily.families import family_accuracy

AS_OF = dt.date(2026, 10, 31)


def _warehouse(truth: Path, family_of: dict[str, str]) -> duckdb.DuckDBPyConnection:
    """True person T1 has mentions a:1 and b:1, linked to people PA and PB; T2 has a:2, linked to PA's
    partner PC. ``family_of`` names the formed family of PA, PB and PC."""
    mentions = [("a:1", "a", 1, "T1"), ("b:1", "b", 1, "T1"), ("a:2", "a", 2, "T2")]
    linked = {"a:1": "PA", "b:1": "PB", "a:2": "PC"}
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE mentions AS SELECT * FROM (VALUES "
        + ", ".join(
            f"('{k}', '{s}', '{s}.csv', NULL, {r}, 0, 0, DATE '2026-10-01', 'R{r}', NULL, NULL, NULL, NULL)"
            for k, s, r, _ in mentions
        )
        + ") AS m(mention_key, source, file, sheet, row_number, people_group, person_index, delivery_date, "
        "record_key, postcode, role, surname, address)"
    )
    con.execute(
        "CREATE TABLE person_mentions AS SELECT * FROM (VALUES "
        + ", ".join(f"('{k}', '{p}', 'run1')" for k, p in linked.items())
        + ") AS p(mention_key, person_id, run_id)"
    )
    con.execute(
        "CREATE TABLE family_members AS SELECT * FROM (VALUES "
        + ", ".join(f"('{f}', '{p}', NULL::DATE)" for p, f in family_of.items())
        + ") AS f(family_id, person_id, end_date)"
    )
    con.execute(
        "COPY (SELECT * FROM (VALUES "
        + ", ".join(
            f"('{s}', '{s}.csv', NULL, {r}, 0, 0, DATE '2026-10-01', '{t}')" for _, s, r, t in mentions
        )
        + ") AS t(source, file, sheet, row_number, people_group, person_index, delivery_date, person_id)) "
        f"TO '{truth / 'mentions.parquet'}' (FORMAT parquet)"
    )
    con.execute(
        "COPY (SELECT * FROM (VALUES ('TF1', 'couple', 'T1', 'adult', DATE '2020-01-01', NULL::DATE), "
        "('TF1', 'couple', 'T2', 'adult', DATE '2020-01-01', NULL::DATE)) "
        "AS m(family_id, family_kind, person_id, role, start_date, end_date)) "
        f"TO '{truth / 'memberships.parquet'}' (FORMAT parquet)"
    )
    return con


@pytest.mark.parametrize("first_id", ["F1", "F9"], ids=["earliest-sorts-first", "earliest-sorts-last"])
def test_a_person_split_evenly_counts_in_the_family_of_the_earliest_mention(
    tmp_path: Path, first_id: str
) -> None:
    other = "F5"
    # PA and PC (mentions a:1 and a:2) in one family, PB (b:1) in the other: T1 is split one mention each
    con = _warehouse(tmp_path, {"PA": first_id, "PC": first_id, "PB": other})
    accuracy = family_accuracy(con, tmp_path, AS_OF)
    formed = dict(con.execute("SELECT truth_id, formed FROM fa_person").fetchall())
    assert formed == {"T1": first_id, "T2": first_id}, "T1 goes where its earliest mention, a:1, went"
    assert (accuracy.overall.families, accuracy.overall.exact, accuracy.overall.split) == (1, 1, 0)
