"""The quarantine as a file for the data manager: every row (or person in it) that was not accepted, with
its place in the partner's file, the field, the reason and the value as delivered, neutralised for a
spreadsheet (``reports.write_table``). Read a batch at a time, so a large quarantine is never held whole."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from wholefamily.ingest.errors import IngestError
from wholefamily.reports import Cell, TableFormat, write_table
from wholefamily.warehouse.connection import open_warehouse, published_tables
from wholefamily.warehouse.tables import QUARANTINE
from wholefamily.workspace import Workspace

HEADER = tuple(QUARANTINE)
BATCH = 10_000
ORDER = "source, file, sheet, row_number, person_index, field"


def quarantine_rows(workspace: Workspace) -> tuple[int, Iterator[Sequence[Cell]]]:
    """How many rows the latest ingest quarantined, and the rows in file order (read as they are used)."""
    with open_warehouse(workspace.warehouse, read_only=True) as con:
        if "quarantine" not in published_tables(con):
            raise IngestError("no ingest run in the warehouse: run `wholefamily ingest` first")
        row = con.execute("SELECT count(*) FROM main.quarantine").fetchone()
    return (row[0] if row else 0), _rows(workspace)


def _rows(workspace: Workspace) -> Iterator[Sequence[Cell]]:
    with open_warehouse(workspace.warehouse, read_only=True) as con:
        batches = con.table("quarantine").select(*HEADER).order(ORDER).fetch_arrow_reader(BATCH)
        for batch in batches:
            yield from zip(*(column.to_pylist() for column in batch.columns), strict=True)


def export_quarantine(workspace: Workspace, path: Path) -> int:
    """Write the latest ingest's quarantine to ``path`` (CSV or XLSX by its suffix). Returns the rows."""
    fmt = TableFormat.of(path)
    _, rows = quarantine_rows(workspace)
    return write_table(path, fmt, HEADER, rows)
