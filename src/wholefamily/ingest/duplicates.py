"""Exact duplicate rows: a row whose every delivered value equals an earlier row's in the same delivery.

A partner's export sometimes writes a row twice. The copy is no new record and no bad data: it is set
aside (``src_duplicates``, published as ``duplicate_rows``) and counted, so that rows read = accepted +
quarantined + duplicates dropped, and the first of the rows is read as usual. Rows that could not be
parsed are never duplicates: each is quarantined.
"""

from __future__ import annotations

import duckdb

from wholefamily.ingest.fields import DELIVERY, ROW_ID
from wholefamily.ingest.readers import RAW, READ_PROBLEM, ROW, SHEET
from wholefamily.warehouse.sql import quote_ident

DUPLICATES = "src_duplicates"


def drop_exact_duplicates(
    con: duckdb.DuckDBPyConnection, rows: str, file_column: str, columns: list[str]
) -> None:
    """Move every exact duplicate out of ``rows`` into ``src_duplicates``, with the row it repeats.

    One GROUP BY over every value (NULLs are equal there, as they should be here) finds the groups of
    equal rows; only the few duplicates are then joined back for their place in the files.
    """
    values = ", ".join(quote_ident(c) for c in [*columns, RAW])
    place = f"{file_column}, {SHEET}, {ROW}"
    con.execute(
        f"CREATE TEMP TABLE {DUPLICATES} AS WITH equal AS ("  # noqa: S608
        f"SELECT min({ROW_ID}) AS first_id, list({ROW_ID}) AS ids FROM {rows} WHERE {READ_PROBLEM} IS NULL "
        f"GROUP BY {DELIVERY}, {values} HAVING count(*) > 1), "
        "repeats AS (SELECT first_id, unnest(ids) AS id FROM equal) "
        f"SELECT r.{ROW_ID}, r.{file_column} AS file, r.{SHEET} AS sheet, r.{ROW} AS row_number, "
        f"r.{DELIVERY} AS delivery_date, f.{file_column} AS first_file, f.{SHEET} AS first_sheet, "
        f"f.{ROW} AS first_row FROM repeats JOIN {rows} r ON r.{ROW_ID} = repeats.id "
        f"JOIN (SELECT {ROW_ID}, {place} FROM {rows}) f ON f.{ROW_ID} = repeats.first_id "
        "WHERE repeats.id <> repeats.first_id"
    )
    con.execute(f"DELETE FROM {rows} WHERE {ROW_ID} IN (SELECT {ROW_ID} FROM {DUPLICATES})")  # noqa: S608


def stage_duplicates(con: duckdb.DuckDBPyConnection, source: str, run_id: str) -> None:
    """The dropped rows into the run's staging table, so that no delivered row goes unaccounted for."""
    con.execute(
        f"INSERT INTO stg_duplicate_rows BY NAME SELECT $run_id AS run_id, $source AS source, "  # noqa: S608
        f"* EXCLUDE ({ROW_ID}) FROM {DUPLICATES}",
        {"run_id": run_id, "source": source},
    )
