"""Exact duplicate rows: a row whose every delivered value equals an earlier row's in the same delivery.

A partner's export sometimes writes a row twice. The copy is no new record and no bad data: it is set
aside (``src_duplicates``) and counted, so that rows read = accepted + quarantined + duplicates dropped,
and the first of the rows is read as usual. Rows that could not be parsed are never duplicates: each is
quarantined.
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
    """Move every exact duplicate out of ``rows`` into ``src_duplicates``, with the row it repeats."""
    values = ", ".join(quote_ident(c) for c in [*columns, RAW])
    con.execute(
        f"CREATE TEMP TABLE {DUPLICATES} AS SELECT {ROW_ID}, file, sheet, row_number, delivery_date, "  # noqa: S608
        "first_file, first_sheet, first_row FROM ("
        f"SELECT {ROW_ID}, {file_column} AS file, {SHEET} AS sheet, {ROW} AS row_number, "
        f"{DELIVERY} AS delivery_date, row_number() OVER w AS nth, first_value({file_column}) OVER w AS first_file, "
        f"first_value({SHEET}) OVER w AS first_sheet, first_value({ROW}) OVER w AS first_row "
        f"FROM {rows} WHERE {READ_PROBLEM} IS NULL "
        f"WINDOW w AS (PARTITION BY {DELIVERY}, {values} ORDER BY {ROW_ID})) WHERE nth > 1"
    )
    con.execute(f"DELETE FROM {rows} WHERE {ROW_ID} IN (SELECT {ROW_ID} FROM {DUPLICATES})")  # noqa: S608
