"""Sniffing an Excel workbook: which sheets hold the records, and the row of their column names."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from wholefamily.ingest.config import ExcelFormat
from wholefamily.ingest.drafting.sample import SAMPLE_ROWS, Sample, Table, find_header, header_reason
from wholefamily.ingest.errors import IngestError
from wholefamily.ingest.readers.workbook import cell_text, header_names, open_workbook, sheet_cells


@dataclass(frozen=True)
class _Sheet:
    name: str
    header_row: int  # 1-based, as Excel numbers rows
    header: list[str]
    body: list[list[str]]


def sniff_workbook(path: Path) -> Sample:
    """The sheet with the most records, and every sheet with its header row and most of its columns."""
    workbook = open_workbook(path, path.name)
    sheets: list[_Sheet] = []
    notes: list[str] = []
    for name in workbook.sheet_names:
        rows = [[cell_text(c) for c in row] for row in sheet_cells(workbook, path.name, name)]
        if not any(any(row) for row in rows):
            notes.append(f"sheet {name!r} is empty: not read")
            continue
        index = find_header(rows)
        body = [row for row in rows[index + 1 :] if any(row)]
        sheets.append(_Sheet(name, index + 1, header_names(list(rows[index])), body))
    if not sheets:
        raise IngestError(f"{path}: every sheet is empty")
    main = max(sheets, key=lambda s: len(s.body))
    chosen = [s for s in sheets if s.header_row == main.header_row and _alike(s.header, main.header)]
    notes += [
        f"sheet {s.name!r} has other columns (header on row {s.header_row}): not read"
        for s in sheets
        if s not in chosen
    ]
    names = list(dict.fromkeys(h for s in chosen for h in s.header))
    rows_read = [dict(zip(s.header, row, strict=False)) for s in chosen for row in s.body][:SAMPLE_ROWS]
    several = (
        f"these {len(chosen)} sheets have the same columns"
        if len(chosen) > 1
        else "the only sheet of records"
    )
    return Sample(
        ExcelFormat(type="excel", sheets=[s.name for s in chosen], header_row=main.header_row),
        {
            "sheets": f"{several}; the most records are on {main.name!r} ({len(main.body)})",
            "header_row": header_reason(main.header_row, "row"),
        },
        Table.of(names, [[row.get(n, "") for n in names] for row in rows_read]),
        notes=notes,
    )


def _alike(header: list[str], main: list[str]) -> bool:
    """At least half the main sheet's columns are there: the same list, perhaps with a column more or less."""
    return len(set(header) & set(main)) * 2 >= len(main)
