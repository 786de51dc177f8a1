"""Text written into a CSV for people to open cannot start a spreadsheet formula (OWASP CSV injection)."""

from __future__ import annotations

import duckdb
import pytest

from wholefamily.reports import spreadsheet_text, spreadsheet_text_sql

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
