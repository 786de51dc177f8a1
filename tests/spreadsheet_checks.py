"""Checks that a file the product wrote opens in a spreadsheet with no live formula."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl

from wholefamily.reports import FORMULA_STARTS


def assert_no_live_formula(path: Path) -> None:
    """No XLSX cell is a formula (``data_type`` 'f') or text a spreadsheet would run; no CSV cell starts one."""
    if path.suffix == ".xlsx":
        workbook = openpyxl.load_workbook(path)
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (path, cell.coordinate, cell.value)
                    assert not (isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS)), (
                        cell.value
                    )
        return
    assert_no_formula_in_csv(path.read_text(encoding="utf-8"))


def assert_no_formula_in_csv(text: str) -> None:
    """No cell of the CSV ``text`` starts a formula (a plain number may start with a minus)."""
    for row in csv.reader(io.StringIO(text, newline="")):
        for cell in row:
            assert _is_number(cell) or not cell.startswith(FORMULA_STARTS), cell


def _is_number(cell: str) -> bool:
    """A plain number (``-3``) is read as a number, never run; ``-1+1`` is not one."""
    try:
        float(cell)
    except ValueError:
        return False
    return True
