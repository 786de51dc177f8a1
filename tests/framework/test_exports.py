"""The coordinator's CSV files keep partner text from running as spreadsheet formulas."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import duckdb

from wholefamily.framework.report import write_exports
from wholefamily.warehouse.tables import table


def test_text_cells_are_neutralised_and_numbers_kept(tmp_path: Path) -> None:
    con = duckdb.connect()
    for name in ("family_eligibility", "family_needs", "need_evidence", "identify_changes"):
        con.execute(table(name).ddl())
    con.execute(
        "INSERT INTO need_evidence VALUES ('R1', 'F1', 'd1', 'P1', 'parent', true, 'e1', 'police', "
        "'=HYPERLINK(\"http://x\")', 'police_incident', DATE '2024-01-02', NULL, DATE '2024-01-31', "
        "'@cmd')"
    )
    con.execute(
        "INSERT INTO family_eligibility VALUES ('R1', '-F2', true, 2, 1, ['crime'], [], [], 0, -1, '+reason')"
    )
    write_exports(con, tmp_path, "R1")
    with (tmp_path / "evidence.csv").open(newline="", encoding="utf-8") as handle:
        (evidence,) = list(csv.DictReader(handle))
    assert evidence["record_key"] == '\'=HYPERLINK("http://x")'
    assert evidence["evidence_values"] == "'@cmd"
    assert evidence["event_date"] == dt.date(2024, 1, 2).isoformat()
    with (tmp_path / "families.csv").open(newline="", encoding="utf-8") as handle:
        (family,) = list(csv.DictReader(handle))
    assert (family["family_id"], family["priority"], family["priority_reason"]) == ("'-F2", "-1", "'+reason")
    # the warehouse keeps the values as they were
    assert con.execute("SELECT record_key FROM need_evidence").fetchone() == ('=HYPERLINK("http://x")',)
