"""The quarantine exports whole to CSV or XLSX, a partner's value that looks like a formula made harmless."""

from __future__ import annotations

import csv

import openpyxl
import pytest
from click.testing import CliRunner
from workspace_builder import Ws

from clients_workspace import CLIENTS_WITH_DOB
from spreadsheet_checks import assert_no_live_formula
from wholefamily.cli import main

FORMULA = '=HYPERLINK("http://example.invalid","x")'


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_the_quarantine_exports_every_row_with_no_live_formula(ws: Ws, suffix: str) -> None:
    ws.config("clients", CLIENTS_WITH_DOB)
    ws.file(
        "extracts/2024-01-31/clients.csv",
        f'id,first,last,dob\nC1,Ann,Lee,1990-01-02\nC2,Bob,Day,"{FORMULA.replace(chr(34), chr(34) * 2)}"\n'
        "C3,Cy,Fox,not a date\n",
    )
    ws.ingest()
    assert ws.one("select count(*) from quarantine") == 2
    out = ws.root / f"quarantine.{suffix}"
    result = CliRunner().invoke(main, ["quarantine", "export", str(out), "--workspace", str(ws.root)])
    assert result.exit_code == 0, result.output
    assert "Wrote 2 quarantined rows" in result.output
    assert_no_live_formula(out)
    if suffix == "csv":
        with out.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
    else:
        sheet = openpyxl.load_workbook(out).active
        assert sheet is not None
        values = [[c.value for c in row] for row in sheet.iter_rows()]
        rows = [dict(zip(values[0], (str(v) for v in row), strict=True)) for row in values[1:]]
    assert [r["raw_value"] for r in rows] == ["'" + FORMULA, "not a date"]


def test_an_export_to_another_kind_of_file_is_refused(ws: Ws) -> None:
    ws.config("clients", CLIENTS_WITH_DOB)
    ws.file("extracts/2024-01-31/clients.csv", "id,first,last,dob\nC1,Ann,Lee,1990-01-02\n")
    ws.ingest()
    result = CliRunner().invoke(main, ["quarantine", "export", "out.pdf", "--workspace", str(ws.root)])
    assert result.exit_code == 2
    assert "name a .csv or an .xlsx file" in result.output
