"""Text written into a CSV for people to open cannot start a spreadsheet formula (OWASP CSV injection)."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path

import duckdb
import openpyxl
import pytest

from spreadsheet_checks import assert_no_live_formula
from wholefamily.reports import (
    PROGRESS_EVERY,
    TableFormat,
    spreadsheet_text,
    spreadsheet_text_sql,
    write_csv_atomically,
    write_table,
)

SAMPLES = {
    '=HYPERLINK("http://x","click")': '\'=HYPERLINK("http://x","click")',
    "+44 113 000": "'+44 113 000",
    "-1+1": "'-1+1",
    "@SUM(A1)": "'@SUM(A1)",
    "\tcmd": "'\tcmd",
    "\rcmd": "'\rcmd",
    "Smith": "Smith",
    "O'Neil": "O'Neil",
    "a=b": "a=b",
    "": "",
}


@pytest.mark.parametrize(("value", "safe"), SAMPLES.items())
def test_a_formula_start_gets_a_leading_quote(value: str, safe: str) -> None:
    assert spreadsheet_text(value) == safe


def test_the_sql_form_agrees_with_the_python_form() -> None:
    with duckdb.connect() as con:
        con.execute("CREATE TABLE t (v VARCHAR)")
        con.executemany("INSERT INTO t VALUES (?)", [[v] for v in [*SAMPLES, None]])
        rows = con.execute(f"SELECT v, {spreadsheet_text_sql('v')} FROM t").fetchall()
    assert rows == [(v, spreadsheet_text(v) if v is not None else None) for v in [*SAMPLES, None]]


@pytest.mark.parametrize("fmt", list(TableFormat))
def test_a_written_table_has_no_live_formula_and_keeps_numbers_and_dates(
    tmp_path: Path, fmt: TableFormat
) -> None:
    path = tmp_path / f"table.{fmt}"
    rows = [[value, -3, 2.5, Decimal("-1.25"), dt.date(2027, 1, 2), None] for value in SAMPLES]
    seen: list[int] = []
    written = write_table(path, fmt, ["=text", "int", "float", "money", "date", "none"], rows, seen.append)
    assert written == len(SAMPLES) and seen == []  # fewer rows than one progress step
    assert_no_live_formula(path)
    if fmt == TableFormat.CSV:
        with path.open(encoding="utf-8", newline="") as f:
            read = list(csv.reader(f))
        assert read[0][0] == "'=text"
        assert read[1:] == [[safe, "-3", "2.5", "-1.25", "2027-01-02", ""] for safe in SAMPLES.values()]
    else:
        sheet = openpyxl.load_workbook(path).active
        assert sheet is not None
        # openpyxl leaves XLSX's escape of a carriage return (_x000D_) as it is stored
        read_cells = [
            [c.value.replace("_x000D_", "\r") if isinstance(c.value, str) else c.value for c in row]
            for row in sheet.iter_rows()
        ]
        assert read_cells[0][0] == "'=text"
        assert read_cells[1:] == [[safe, -3, 2.5, -1.25, "2027-01-02", None] for safe in SAMPLES.values()]


def test_progress_is_told_every_so_many_rows(tmp_path: Path) -> None:
    seen: list[int] = []
    rows = ([str(n)] for n in range(PROGRESS_EVERY * 2 + 1))
    assert (
        write_table(tmp_path / "t.csv", TableFormat.CSV, ["n"], rows, seen.append) == PROGRESS_EVERY * 2 + 1
    )
    assert seen == [PROGRESS_EVERY, PROGRESS_EVERY * 2]


def test_an_atomically_written_csv_has_no_live_formula(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    write_csv_atomically(path, ["value"], [[v] for v in SAMPLES])
    assert_no_live_formula(path)
