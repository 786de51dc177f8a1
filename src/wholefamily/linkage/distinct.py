"""Identical mentions are scored once.

A county's mentions repeat themselves: a pupil's every attendance return and a family's every monthly
benefits line carry the same name, date of birth, postcode and identifiers. Splink would compare each copy
with every other and with everyone they block with, so the pairs grow with the square of the copies: at
1,000,000 residents the 3.8 million mentions are 1.8 million distinct rows, and blocking on postcode and
surname pairs 35 million mentions against 6 million rows.

A pair's weight depends only on the values compared and on how common they are among every mention (the
term frequencies, which scoring is given). So scoring compares the distinct rows (``Distinct``), each under
the smallest ``unique_id`` of its copies, and every pair of mentions then takes its rows' weight
(``expand``). Copies of one row are paired where a blocking rule pairs the row with itself, at the weight of
the row scored against a twin of itself, each with the row's first copy only (a star): every other pair of
them would carry the same weight and join the same mentions, and they are most of a county's pairs (a
pupil's forty attendance returns are 780 pairs, 39 of them in the star). So scoring gives the pairs and
weights of scoring every mention, less the pairs of copies that the star already joins as strongly.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from wholefamily.linkage.rules import Rule
from wholefamily.warehouse.sql import quote_ident, sql_literal

#: Columns that tell copies apart without being compared.
_LABELS = ("unique_id", "mention_key")
#: Twins of a row ``r`` are ``unique_id`` 2r and 2r + 1, with ``twin_of`` r.
TWIN_OF = "twin_of"
#: The file of a scoring folder that gives each mention's row (``Distinct.copies``).
COPIES_FILE = "copies.parquet"


@dataclass(frozen=True)
class Distinct:
    """Files in a scoring folder: ``rows`` (one per distinct row, in ``unique_id`` order), ``copies`` (each
    mention's ``unique_id`` and its row's, ``row_id``) and ``twins`` (two of each row with copies that a rule
    pairs with itself, or none)."""

    rows: Path
    row_count: int
    copies: Path
    twins: Path | None
    twin_count: int


def distinct_rows(
    con: duckdb.DuckDBPyConnection, mentions: Path, rules: list[Rule], apart: bool, folder: Path
) -> Distinct:
    """Write ``mentions``' distinct rows, their copies and their twins into ``folder``."""
    columns = [
        str(r[0]) for r in con.execute(f"DESCRIBE FROM read_parquet({sql_literal(str(mentions))})").fetchall()
    ]
    values = ", ".join(quote_ident(c) for c in columns if c not in _LABELS)
    ordered = ", ".join(quote_ident(c) for c in columns)  # a row's columns as the mentions have them
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE distinct_rows AS SELECT min(unique_id) AS unique_id, "  # noqa: S608
        f"arg_min(mention_key, unique_id) AS mention_key, {values}, count(*) AS copies, "
        f"list(unique_id) AS ids FROM read_parquet({sql_literal(str(mentions))}) GROUP BY ALL"
    )
    rows, copies, twins = folder / "rows.parquet", folder / COPIES_FILE, folder / "twins.parquet"
    count = con.execute(
        f"COPY (SELECT {ordered} FROM distinct_rows ORDER BY unique_id) "  # noqa: S608
        f"TO {sql_literal(str(rows))} (FORMAT parquet)"
    ).fetchall()[0][0]
    con.execute(
        f"COPY (SELECT unnest(ids) AS unique_id, unique_id AS row_id FROM distinct_rows) "  # noqa: S608
        f"TO {sql_literal(str(copies))} (FORMAT parquet)"
    )
    paired = " OR ".join(f"({rule.pairs_copies_sql(apart=apart)})" for rule in rules) or "false"
    twinned = con.execute(
        f"COPY (SELECT r.* REPLACE (2 * r.unique_id + t.i AS unique_id), r.unique_id AS {TWIN_OF} "  # noqa: S608
        f"FROM (SELECT {ordered} FROM distinct_rows WHERE copies > 1 AND ({paired})) AS r "
        f"CROSS JOIN range(2) AS t(i) ORDER BY 1) "
        f"TO {sql_literal(str(twins))} (FORMAT parquet)"
    ).fetchall()[0][0]
    con.execute("DROP TABLE distinct_rows")
    return Distinct(rows, int(count), copies, twins if twinned else None, int(twinned))


def expand(
    con: duckdb.DuckDBPyConnection, distinct: Distinct, row_pairs: Path, twin_pairs: Path | None, out: Path
) -> None:
    """Write to ``out`` every pair of mentions of copies of two rows at the rows' pair's weight, and each copy
    of a row paired with the row's first copy at its twins' weight. Each pair is ordered as Splink orders it
    (smaller ``unique_id`` left)."""
    copies = f"read_parquet({sql_literal(str(distinct.copies))})"
    weights = "p.* EXCLUDE (unique_id_l, unique_id_r)"
    between = (
        f"SELECT least(a.unique_id, b.unique_id) AS unique_id_l, greatest(a.unique_id, b.unique_id) "  # noqa: S608
        f"AS unique_id_r, {weights} FROM read_parquet({sql_literal(str(row_pairs))}) AS p "
        f"JOIN {copies} AS a ON a.row_id = p.unique_id_l JOIN {copies} AS b ON b.row_id = p.unique_id_r"
    )
    within = (
        f" UNION ALL SELECT c.row_id AS unique_id_l, c.unique_id AS unique_id_r, {weights} "  # noqa: S608
        f"FROM read_parquet({sql_literal(str(twin_pairs))}) AS p "
        f"JOIN {copies} AS c ON c.row_id = p.unique_id_l // 2 AND c.unique_id > c.row_id"
        if twin_pairs
        else ""
    )
    con.execute(f"COPY ({between}{within}) TO {sql_literal(str(out))} (FORMAT parquet)")
