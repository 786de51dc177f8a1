"""The quarantine as a file for the data manager: every row (or person in it) that was not accepted, with
its place in the partner's file, the field, the reason and the value as delivered, neutralised for a
spreadsheet (``reports.write_table``). Read a batch at a time, so a large quarantine is never held whole."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import duckdb

from wholefamily.ingest.errors import IngestError
from wholefamily.reports import Cell, TableFormat, write_table
from wholefamily.warehouse.connection import open_warehouse, published_tables
from wholefamily.warehouse.tables import QUARANTINE
from wholefamily.workspace import Workspace

BATCH = 10_000


def export_quarantine(workspace: Workspace, path: Path) -> int:
    """Write the latest ingest's quarantine to ``path`` (CSV or XLSX by its suffix). Returns the rows."""
    fmt = TableFormat.of(path)
    with open_warehouse(workspace.warehouse, read_only=True) as con:
        if "quarantine" not in published_tables(con):
            raise IngestError("no ingest run in the warehouse: run `wholefamily ingest` first")
        columns = list(QUARANTINE)
        cursor = con.execute(
            f"SELECT {', '.join(columns)} FROM main.quarantine "  # noqa: S608 (declared column names)
            "ORDER BY source, file, sheet, row_number, person_index, field"
        )
        return write_table(path, fmt, columns, _batches(cursor))


def _batches(cursor: duckdb.DuckDBPyConnection) -> Iterator[Sequence[Cell]]:
    while rows := cursor.fetchmany(BATCH):
        yield from rows
