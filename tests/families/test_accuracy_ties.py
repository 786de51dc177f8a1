"""Family accuracy puts a true person split evenly between two formed families in the one holding the
earliest mention, not in the one whose random id sorts first, so a rebuild gives the same figure; and
counts as tied together the families that the evidence formation reads ties, a household that moved
included."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from wholefamily.families import family_accuracy
from wholefamily.warehouse.sql import sql_literal

AS_OF = dt.date(2026, 10, 31)


#: A mention: its key, source, row, true person, and where the record places it (postcode, role, surname).
Mention = tuple[str, str, int, str, str | None, str | None, str | None]


def _text(value: str | None) -> str:
    return "NULL" if value is None else sql_literal(value)


def _warehouse(
    truth: Path, mentions: list[Mention], linked: dict[str, str], family_of: dict[str, str]
) -> duckdb.DuckDBPyConnection:
    """A warehouse of ``mentions`` linked to people as ``linked`` says (mention key to person), the people in
    the formed families ``family_of`` names, and the truth: the true people of the mentions form one couple,
    TF1."""
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE mentions AS SELECT * FROM (VALUES "
        + ", ".join(
            f"('{k}', '{s}', '{s}.csv', NULL, {r}, 0, 0, DATE '2026-10-01', 'R{r}', "
            f"{_text(postcode)}, {_text(role)}, {_text(surname)}, NULL)"
            for k, s, r, _, postcode, role, surname in mentions
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
            f"('{s}', '{s}.csv', NULL, {r}, 0, 0, DATE '2026-10-01', '{t}')" for _, s, r, t, *_ in mentions
        )
        + ") AS t(source, file, sheet, row_number, people_group, person_index, delivery_date, person_id)) "
        f"TO '{truth / 'mentions.parquet'}' (FORMAT parquet)"
    )
    couple = sorted({t for _, _, _, t, *_ in mentions})
    con.execute(
        "COPY (SELECT * FROM (VALUES "
        + ", ".join(f"('TF1', 'couple', '{t}', 'adult', DATE '2020-01-01', NULL::DATE)" for t in couple)
        + ") AS m(family_id, family_kind, person_id, role, start_date, end_date)) "
        f"TO '{truth / 'memberships.parquet'}' (FORMAT parquet)"
    )
    return con


@pytest.mark.parametrize("first_id", ["F1", "F9"], ids=["earliest-sorts-first", "earliest-sorts-last"])
def test_a_person_split_evenly_counts_in_the_family_of_the_earliest_mention(
    tmp_path: Path, first_id: str
) -> None:
    other = "F5"
    # PA and PC (mentions a:1 and a:2) in one family, PB (b:1) in the other: T1 is split one mention each
    # true person T1 has mentions a:1 and b:1, linked to people PA and PB; T2 has a:2, linked to PC
    mentions: list[Mention] = [
        ("a:1", "a", 1, "T1", None, None, None),
        ("b:1", "b", 1, "T1", None, None, None),
        ("a:2", "a", 2, "T2", None, None, None),
    ]
    linked = {"a:1": "PA", "b:1": "PB", "a:2": "PC"}
    con = _warehouse(tmp_path, mentions, linked, {"PA": first_id, "PC": first_id, "PB": other})
    accuracy = family_accuracy(con, tmp_path, AS_OF)
    formed = dict(con.execute("SELECT truth_id, formed FROM fa_person").fetchall())
    assert formed == {"T1": first_id, "T2": first_id}, "T1 goes where its earliest mention, a:1, went"
    assert (accuracy.overall.families, accuracy.overall.exact, accuracy.overall.split) == (1, 1, 0)


@pytest.mark.parametrize(
    ("places", "tied"),
    [
        (["AB1 1AA", "CD2 2BB"], True),
        (["AB1 1AA"], False),
    ],
    ids=["seen-together-at-two-postcodes", "at-one-postcode-with-another-surname"],
)
def test_a_couple_seen_together_where_they_lived_is_tied(
    tmp_path: Path, places: list[str], tied: bool
) -> None:
    """Partners of two surnames, each in their own records, are tied by having moved together (formation's
    ``moved``), not by one postcode in common; a witness is not seen at home."""
    mentions: list[Mention] = [
        *((f"a:{i}", "a", i, "T1", postcode, None, "SMITH") for i, postcode in enumerate(places, start=1)),
        *((f"b:{i}", "b", i, "T2", postcode, None, "JONES") for i, postcode in enumerate(places, start=1)),
        ("c:1", "c", 1, "T2", "EF3 3CC", "witness", "JONES"),
        ("d:1", "d", 1, "T1", "EF3 3CC", "witness", "SMITH"),
    ]
    linked = {k: "PA" if t == "T1" else "PB" for k, _, _, t, *_ in mentions}
    con = _warehouse(tmp_path, mentions, linked, {"PA": "F1", "PB": "F1"})
    accuracy = family_accuracy(con, tmp_path, AS_OF)
    assert (accuracy.overall.families, accuracy.overall.exact) == (1, 1)
    assert accuracy.tied.families == int(tied)
