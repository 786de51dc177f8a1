"""The streamed XLSX writer: what it writes reads back cell for cell, text never becomes a formula, and text
XML cannot hold or that looks like Excel's own escapes comes back as written."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from wholefamily.xlsx_stream import MAX_TEXT, XlsxStream

ROWS: list[list[str | float | None]] = [
    ["name", "count", "note"],
    ["Smith & <Jones>", 3.0, None],
    ["=1+1", -2.5, "  spaced  "],
    ["bell\x07 and tab\tend", 1e20, "_x0041_ stays"],
    ["carriage\rreturn", None, None],
    [None, 0.1, "quote \" and apostrophe '"],
]


def _read(path: Path) -> list[list[object]]:
    sheet = openpyxl.load_workbook(path).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_cells_read_back_as_written(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    with XlsxStream(path) as sheet:
        for row in ROWS:
            sheet.write_row(row)
    back = _read(path)
    assert back[0] == ["name", "count", "note"]
    assert back[1] == ["Smith & <Jones>", 3, None] and isinstance(back[1][1], int)
    assert back[2] == ["=1+1", -2.5, "  spaced  "]
    # stored as Excel stores them (Excel reads them back as written; openpyxl leaves the escapes)
    assert back[3] == ["bell_x0007_ and tab\tend", 1e20, "_x005F_x0041_ stays"]
    assert back[4] == ["carriage_x000D_return", None, None]
    assert back[5] == [None, 0.1, "quote \" and apostrophe '"]


def test_text_is_never_a_formula(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    with XlsxStream(path) as sheet:
        sheet.write_row(['=HYPERLINK("http://x","click")', "@SUM(A1)"])
    cells = openpyxl.load_workbook(path).worksheets[0][1]
    assert [c.data_type for c in cells] == ["s", "s"]
    assert "<f>" not in zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()


def test_text_longer_than_a_cell_holds_is_cut(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    with XlsxStream(path) as sheet:
        sheet.write_row(["x" * (MAX_TEXT + 10)])
    assert _read(path) == [["x" * MAX_TEXT]]


def test_an_error_while_writing_still_closes_the_file(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    with pytest.raises(RuntimeError), XlsxStream(path) as sheet:
        sheet.write_row(["before"])
        raise RuntimeError("a list that failed half way")
    assert zipfile.is_zipfile(path)
