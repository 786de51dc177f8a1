"""Scoring identical mentions once (``linkage.distinct``) gives every pair of mentions the pair and weight
Splink gives it when it compares every mention, but for copies of one row, which are each paired with the
row's first copy only (at the weight their other pairs have): copies are paired where a blocking rule pairs
them, and kept apart where a rule keeps them apart."""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

import duckdb
import pytest
from tests_linkage_helpers import every_mention_scored

from wholefamily.linkage import distinct, engine
from wholefamily.linkage.model import ModelParameters
from wholefamily.linkage.prepare import identifier_columns, prepare_input
from wholefamily.linkage.run import _SPLINK_COLUMNS, PAIR_FLOOR, _splink_input
from wholefamily.warehouse.sql import quote_ident, sql_literal
from wholefamily.workspace import Workspace

#: Crafted copies added to the authority's mentions, by the first new ``unique_id`` of each kind
COPIES_OF_A_PUPIL, COPIES_WITH_NAMES_ONLY, COPIES_IN_ONE_DELIVERY = 1, 4, 6


def _mentions_with_copies(authority: Workspace, folder: Path) -> tuple[Path, int]:
    """The authority's prepared mentions with copies added after the last ``unique_id`` ``n``: three more of a
    pupil's mention (n+1..n+3), two with a name and nothing else (n+4, n+5), and two of a row with an
    address that one delivery of a one-record-per-person source holds (n+6, n+7)."""
    with duckdb.connect(str(authority.warehouse), read_only=True) as con:
        n = prepare_input(con, None)
        prepared = _splink_input(
            con, [*_SPLINK_COLUMNS, *identifier_columns(con)], folder / "prepared.parquet"
        )
    out = folder / "mentions.parquet"
    source = f"read_parquet({sql_literal(str(prepared.path))})"
    with duckdb.connect() as con:
        con.execute(f"CREATE TABLE m AS FROM {source}")
        pupil = "(SELECT * FROM m WHERE upn IS NOT NULL AND postcode_filled IS NOT NULL AND exclusive_group IS NULL ORDER BY unique_id LIMIT 1)"
        housed = (
            "(SELECT * FROM m WHERE postcode_filled IS NOT NULL AND upn IS NULL ORDER BY unique_id LIMIT 1)"
        )
        blank = ", ".join(
            f"NULL AS {quote_ident(c)}"
            for c in con.execute("SELECT column_name FROM (DESCRIBE m)").fetchnumpy()["column_name"]
            if c not in ("unique_id", "mention_key", "first_name", "first_name_canonical", "surname")
        )
        con.execute(
            f"""
            INSERT INTO m BY NAME
            SELECT p.* REPLACE ({n} + t.i AS unique_id, 'copy-' || t.i AS mention_key)
            FROM {pupil} AS p, range(1, 4) AS t(i)
            UNION ALL BY NAME
            SELECT {n} + i AS unique_id, 'copy-' || i AS mention_key, 'ZEPHYRINE' AS first_name,
                   'ZEPHYRINE' AS first_name_canonical, 'QUILLFEATHER' AS surname, {blank}
            FROM range(4, 6) t(i)
            UNION ALL BY NAME
            SELECT h.* REPLACE ({n} + t.i AS unique_id, 'copy-' || t.i AS mention_key, 'delivery-1' AS exclusive_group)
            FROM {housed} AS h, range(6, 8) AS t(i)
            """
        )
        con.execute(f"COPY (FROM m ORDER BY unique_id) TO {sql_literal(str(out))} (FORMAT parquet)")
    return out, n


def _pairs(con: duckdb.DuckDBPyConnection, files: list[Path]) -> set[tuple[object, ...]]:
    listed = ", ".join(sql_literal(str(f)) for f in files)
    return set(con.execute(f"FROM read_parquet([{listed}])").fetchall())


@pytest.mark.slow
@pytest.mark.parametrize("apart", [False, True], ids=["pairs-within-a-delivery", "one-record-per-person"])
def test_scoring_distinct_rows_gives_every_pair_of_mentions_its_weight(
    authority: Workspace, trained: ModelParameters, tmp_path: Path, apart: bool
) -> None:
    logging.getLogger("splink").setLevel(logging.ERROR)
    params = dataclasses.replace(trained, plan=dataclasses.replace(trained.plan, apart=apart))
    path, n = _mentions_with_copies(authority, tmp_path)
    mentions = engine.Mentions(path, n + 7)

    files = engine.predict(mentions, params, "duckdb", PAIR_FLOOR, tmp_path)
    reference = every_mention_scored(mentions, params, tmp_path / "reference.parquet")

    with duckdb.connect() as con:
        scored, expected = _pairs(con, files), _pairs(con, [reference])
        rows = con.execute(
            f"SELECT count(*) FROM read_parquet({sql_literal(str(tmp_path / 'rows.parquet'))})"
        )
        distinct_rows = rows.fetchall()[0][0]
        copies = con.execute(
            f"SELECT unique_id, row_id FROM read_parquet({sql_literal(str(tmp_path / distinct.COPIES_FILE))})"
        )
        row_of = dict(copies.fetchall())
    assert distinct_rows < n, "the authority's own mentions repeat themselves"
    left_to_star = {p for p in expected if row_of[p[0]] == row_of[p[1]] != p[0]}
    assert scored == expected - left_to_star
    weights = {(a, b): rest for a, b, *rest in scored}
    for a, b, *rest in left_to_star:
        assert weights[(row_of[a], a)] == weights[(row_of[a], b)] == rest, "the star joins them as strongly"
    copied = {(a, b) for a, b, *_ in scored if a > n or b > n}
    pupil = [n + COPIES_OF_A_PUPIL + i for i in range(3)]
    first = row_of[pupil[0]]
    assert first < n, "the pupil's copies are copies of the authority's mention"
    assert {(first, b) for b in pupil} <= copied
    assert {(a, b) for a in pupil for b in pupil if a < b} <= {(a, b) for a, b, *_ in left_to_star}
    assert (n + COPIES_WITH_NAMES_ONLY, n + COPIES_WITH_NAMES_ONLY + 1) not in copied, (
        "no rule pairs a name alone"
    )
    in_delivery = (n + COPIES_IN_ONE_DELIVERY, n + COPIES_IN_ONE_DELIVERY + 1)
    assert (in_delivery in copied) is not apart
