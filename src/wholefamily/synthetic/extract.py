"""A partner file ready to write, with the truth of who each person mention is, and the writers.

Row numbers follow ingest's definition: CSV, the 1-based physical line on which a record starts (title and
header lines count, and so do line breaks inside quoted values of earlier records);
Excel, the row number Excel shows in the sheet; JSON, the 1-based position in the records array.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import xlsxwriter

from wholefamily.synthetic.dates import NA, date_of
from wholefamily.synthetic.noise import uniform


@dataclass
class Mentions:
    """People of one group in the rows (or records) of an extract: row index (0-based), position, person."""

    group: str
    row: np.ndarray
    index: np.ndarray
    person: np.ndarray


@dataclass
class Errors:
    """Planted errors: row index, group, position, field, error kind."""

    row: list[np.ndarray] = field(default_factory=list)
    group: list[str] = field(default_factory=list)
    index: list[np.ndarray] = field(default_factory=list)
    field_name: list[str] = field(default_factory=list)
    kind: list[str] = field(default_factory=list)

    def add(self, row: np.ndarray, group: str, index: np.ndarray | int, field_name: str, kind: str) -> None:
        if row.size:
            self.row.append(row)
            self.group.append(group)
            self.index.append(np.broadcast_to(np.asarray(index), row.shape))
            self.field_name.append(field_name)
            self.kind.append(kind)


@dataclass
class Extract:
    source: str
    file: str
    format: Literal["csv", "excel", "json"]
    columns: dict[str, Any] = field(default_factory=dict)  # csv/excel: name -> array of values
    records: list[dict[str, Any]] = field(default_factory=list)  # json
    json_wrapper: tuple[dict[str, Any], str] | None = None  # (top object, dotted records path)
    mentions: list[Mentions] = field(default_factory=list)
    errors: Errors = field(default_factory=Errors)
    delimiter: str = ","
    encoding: str = "utf-8"
    quoting: str = "needed"  # pyarrow's "needed", "all_valid" or "none"; or "minimal", as Excel writes
    title_lines: list[str] = field(default_factory=list)
    sheet: np.ndarray | None = None  # excel: sheet index per row
    sheets: list[str] = field(default_factory=list)
    date_columns: tuple[str, ...] = ()  # excel: columns written as real date cells (values are day numbers)
    date_cell_format: str = "dd/mm/yyyy"  # excel: how those cells are shown
    json_indent: int | None = 1

    @property
    def header_row(self) -> int:
        return len(self.title_lines) + 1

    def rows(self) -> int:
        if self.format == "json":
            return len(self.records)
        return len(next(iter(self.columns.values())))


def duplicate_rows(
    keys: np.ndarray, rate: float, exact_rate: float, salt: str, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Order of base rows with duplicates inserted after their original: (take, kind) where kind is
    0 original, 1 re-keyed duplicate (a second registration), 2 exact duplicate line."""
    u = uniform(keys, f"{salt}:dup", seed)
    kind = np.where(u < exact_rate, 2, np.where(u < exact_rate + rate, 1, 0))
    copies = 1 + (kind > 0)
    take = np.repeat(np.arange(keys.size), copies)
    second = np.zeros(take.size, bool)
    second[np.cumsum(copies)[copies == 2] - 1] = True
    return take, np.where(second, kind[take], 0)


def write_extract(extract: Extract, folder: Path) -> np.ndarray:
    """Write the file; return the row number of each row (or record), by ingest's definition."""
    path = folder / extract.file
    if extract.format == "csv":
        return _write_csv(extract, path)
    if extract.format == "excel":
        return _write_excel(extract, path)
    return _write_json(extract, path)


def _write_csv(extract: Extract, path: Path) -> np.ndarray:
    table = pa.table(
        {k: pa.array(v) if not isinstance(v, pa.Array) else v for k, v in extract.columns.items()}
    )
    with path.open("wb") as out:
        if extract.encoding == "utf-8-sig":
            out.write(b"\xef\xbb\xbf")
        codec = "utf-8" if extract.encoding == "utf-8-sig" else extract.encoding
        for line in extract.title_lines:
            out.write((line + "\r\n").encode(codec))
        if extract.quoting == "minimal":  # as Excel saves: quotes only around values that need them
            _write_minimal(table, extract.delimiter, out, codec)
            return np.asarray(extract.header_row + 1 + np.arange(table.num_rows) + _breaks_before(table))
        step = 200_000
        for offset in range(0, max(table.num_rows, 1), step):
            options = pacsv.WriteOptions(
                include_header=offset == 0, delimiter=extract.delimiter, quoting_style=extract.quoting
            )
            if codec == "utf-8":  # straight to the file: no copy of the text in memory
                pacsv.write_csv(table.slice(offset, step), out, options)
                continue
            buffer = io.BytesIO()
            pacsv.write_csv(table.slice(offset, step), buffer, options)
            out.write(buffer.getvalue().decode("utf-8").encode(codec, errors="replace"))
    return np.asarray(extract.header_row + 1 + np.arange(table.num_rows) + _breaks_before(table))


def _write_minimal(table: pa.Table, delimiter: str, out: io.BufferedWriter, codec: str) -> None:
    text = io.StringIO()
    writer = csv.writer(text, delimiter=delimiter, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(table.column_names)
    columns = [c.to_pylist() for c in table.columns]
    writer.writerows(zip(*columns, strict=True))
    out.write(text.getvalue().encode(codec, errors="replace"))


def _breaks_before(table: pa.Table) -> np.ndarray:
    """Line breaks inside the values of the records before each record (quoted multi-line cells)."""
    breaks = np.zeros(table.num_rows, np.int64)
    for column in table.columns:
        if pa.types.is_string(column.type) and pc.any(pc.match_substring(column, "\n")).as_py():
            breaks += pc.fill_null(pc.count_substring(column, "\n"), 0).to_numpy(zero_copy_only=False)
    return np.concatenate(([0], np.cumsum(breaks)[:-1])) if breaks.size else breaks


def _write_excel(extract: Extract, path: Path) -> np.ndarray:
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    workbook.set_properties({"created": dt.datetime(2020, 1, 1), "author": "wholefamily synthetic"})
    bold = workbook.add_format({"bold": True})
    date_format = workbook.add_format({"num_format": extract.date_cell_format})
    names = list(extract.columns)
    values = [np.asarray(extract.columns[c], dtype=object) for c in names]
    is_date = [c in extract.date_columns for c in names]
    sheet_of = extract.sheet if extract.sheet is not None else np.zeros(extract.rows(), np.int64)
    row_numbers = np.zeros(sheet_of.size, np.int64)
    for s, sheet_name in enumerate(extract.sheets):
        ws = workbook.add_worksheet(sheet_name)
        for r, line in enumerate(extract.title_lines):
            ws.write_string(r, 0, line, bold if r == 0 else None)
        header = extract.header_row - 1
        for c, name in enumerate(names):
            ws.write_string(header, c, name, bold)
        rows = np.flatnonzero(sheet_of == s)
        row_numbers[rows] = extract.header_row + 1 + np.arange(rows.size)
        for i, r in enumerate(rows.tolist()):
            excel_row = header + 1 + i
            for c, column in enumerate(values):
                value = column[r]
                if value is None or value == "":
                    continue
                if is_date[c]:
                    if int(value) != NA:
                        ws.write_datetime(
                            excel_row, c, dt.datetime.combine(date_of(int(value)), dt.time()), date_format
                        )
                elif isinstance(value, (int, float, np.integer, np.floating)):
                    ws.write_number(excel_row, c, float(value))
                else:
                    ws.write_string(excel_row, c, str(value))
    workbook.close()
    return row_numbers


def _write_json(extract: Extract, path: Path) -> np.ndarray:
    top, dotted = extract.json_wrapper or ({}, "")
    document: Any = extract.records
    for key in reversed([k for k in dotted.split(".") if k]):
        document = {key: document}
    if isinstance(document, dict):
        document = {**top, **document}
    path.write_text(json.dumps(document, ensure_ascii=False, indent=extract.json_indent), "utf-8")
    return np.arange(1, len(extract.records) + 1)
