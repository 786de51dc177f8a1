"""Excel reader (python-calamine): the named sheets in order, stacked; cells converted to text.

Real date cells become ISO text; integer-valued numbers lose their ``.0`` so that serial dates and ids
read as typed. Row numbers are the ones Excel shows, with the sheet name. Entirely empty rows are not
records and are skipped.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
from python_calamine import CalamineError, CalamineWorkbook

from wholefamily.ingest.config import ExcelFormat
from wholefamily.ingest.errors import IngestError
from wholefamily.ingest.readers import META_COLUMNS, FileRows, check_columns, text_table

Cell = str | float | int | bool | dt.date | dt.datetime | dt.time | dt.timedelta


def read_excel(path: Path, relative: str, fmt: ExcelFormat) -> FileRows:
    workbook = open_workbook(path, relative)
    parts: list[pa.Table] = []
    columns: list[str] = []
    for sheet in fmt.sheets:
        if sheet not in workbook.sheet_names:
            raise IngestError(
                f"{relative}: sheet {sheet!r} not found (sheets: {', '.join(map(repr, workbook.sheet_names))})"
            )
        cells = sheet_cells(workbook, relative, sheet)
        if len(cells) < fmt.header_row or not any(cell_text(c) for c in cells[fmt.header_row - 1]):
            raise IngestError(f"{relative}: sheet {sheet!r} has no header on row {fmt.header_row}")
        header = header_names(cells[fmt.header_row - 1])
        check_columns(f"{relative} sheet {sheet!r}", header, [])
        body = [
            (fmt.header_row + 1 + i, row)
            for i, row in enumerate(cells[fmt.header_row :])
            if any(cell_text(c) for c in row)
        ]
        data = {
            name: pa.array([cell_text(row[j]) if j < len(row) else "" for _, row in body], pa.string())
            for j, name in enumerate(header)
        }
        parts.append(text_table(data, pa.array([n for n, _ in body], pa.int64()), sheet))
        columns.extend(h for h in header if h not in columns)
    table = pa.concat_tables(parts, promote_options="permissive")
    return FileRows(table.select([*columns, *META_COLUMNS]), columns)


def open_workbook(path: Path, relative: str) -> CalamineWorkbook:
    try:
        return CalamineWorkbook.from_path(str(path))
    except (CalamineError, OSError, ValueError) as exc:
        raise IngestError(f"{relative}: not a readable Excel workbook ({exc})") from exc


def sheet_cells(workbook: CalamineWorkbook, relative: str, sheet: str) -> list[list[Cell]]:
    """Every row of the sheet, padded to its width (rows above the header and empty rows included)."""
    try:
        cells: list[list[Cell]] = workbook.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    except (CalamineError, ValueError) as exc:
        raise IngestError(f"{relative}: sheet {sheet!r} cannot be read ({exc})") from exc
    return cells


def header_names(row: list[Cell]) -> list[str]:
    """Column names as ingest gives them: the header cells as text, a blank one called ``column N``."""
    return [cell_text(c).strip() or f"column {i + 1}" for i, c in enumerate(row)]


def cell_text(cell: Cell) -> str:
    """A cell as text: dates in ISO form, integer-valued numbers without a decimal point."""
    if isinstance(cell, str):
        return cell
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() else repr(cell)
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat() if cell.time() == dt.time() else cell.isoformat()
    if isinstance(cell, dt.date | dt.time):
        return cell.isoformat()
    return str(cell)
