"""Excel sources: title rows, several sheets stacked, date cells and serial numbers, Excel's row numbers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from workspace_builder import Ws, write_workbook

CONFIG = """\
    source: pupils
    title: Pupils
    agency: school
    files: extracts/*/pupils.xlsx
    format: {type: excel, sheets: [Primary, Secondary], header_row: 3}
    record_key: [Pupil ID]
    people:
      - name: pupil
        fields:
          local_id: {column: Pupil ID}
          full_name: {column: Name, name_order: surname_first}
          dob: {column: DOB, date_formats: ["%d/%m/%Y", excel_serial, iso]}
    events:
      - kind: school_suspension
        date: {column: Excluded, date_formats: [excel_serial, iso]}
        when_present: Excluded
        values:
          days: {column: Days}
          exclusion_type: {value: suspension}
    """


def write_titled_workbook(path: Path, sheets: dict[str, list[list[object]]]) -> None:
    """Each sheet with a title row and a blank row above its rows."""
    write_workbook(
        path, {name: [[f"{name} pupils, spring term"], [], *rows] for name, rows in sheets.items()}
    )


HEADER = ["Pupil ID", "Name", "DOB", "Excluded", "Days"]


def test_sheets_are_stacked_with_excel_row_numbers_and_dates_read(ws: Ws) -> None:
    ws.config("pupils", CONFIG)
    write_titled_workbook(
        ws.root / "extracts/2024-03-31/pupils.xlsx",
        {
            "Primary": [
                HEADER,
                [101, "SMITH, Jane", dt.date(2015, 4, 3), None, None],
                [],  # an empty row is not a record, but row numbers still count it
                [102, "LEE, Tom", 42005, 45300, 2.5],  # serial dates as plain numbers
            ],
            "Secondary": [HEADER, ["S1", "KHAN, Ali", "07/08/2010", "2024-01-15", 1]],
            "Ignored": [HEADER, ["X", "NOBODY, A", "01/01/2010", None, None]],
        },
    )
    ws.ingest()
    assert ws.query("select local_id, sheet, row_number, dob from mentions order by sheet, row_number") == [
        ("101", "Primary", 4, dt.date(2015, 4, 3)),
        ("102", "Primary", 6, dt.date(2015, 1, 1)),
        ("S1", "Secondary", 4, dt.date(2010, 8, 7)),
    ]
    assert ws.query("select record_key, event_date, days from events order by 1") == [
        ("102", dt.date(2024, 1, 9), Decimal("2.50")),
        ("S1", dt.date(2024, 1, 15), Decimal("1.00")),
    ]


def test_missing_sheet_stops_the_run(ws: Ws) -> None:
    ws.config("pupils", CONFIG)
    write_titled_workbook(
        ws.root / "extracts/2024-03-31/pupils.xlsx", {"Primary": [HEADER, [1, "A, B", None, None, None]]}
    )
    result = ws.ingest(ok=False)
    assert result.exit_code == 2
    assert "extracts/2024-03-31/pupils.xlsx: sheet 'Secondary' not found" in " ".join(result.output.split())


def test_corrupt_workbook_stops_the_run(ws: Ws) -> None:
    ws.config("pupils", CONFIG)
    ws.file("extracts/2024-03-31/pupils.xlsx", b"PK\x03\x04 this is not really a workbook")
    result = ws.ingest(ok=False)
    assert result.exit_code == 2
    assert "extracts/2024-03-31/pupils.xlsx: not a readable Excel workbook" in " ".join(result.output.split())


def test_a_value_can_be_the_name_of_the_sheet_a_row_is_on(ws: Ws) -> None:
    config = CONFIG.replace(
        "          exclusion_type: {value: suspension}",
        "          exclusion_type: {sheet: true, map: {Primary: suspension, Secondary: permanent_exclusion}}",
    )
    ws.config("pupils", config)
    write_titled_workbook(
        ws.root / "extracts/2024-03-31/pupils.xlsx",
        {
            "Primary": [HEADER, [101, "SMITH, Jane", dt.date(2015, 4, 3), 45300, 1]],
            "Secondary": [HEADER, ["S1", "KHAN, Ali", "07/08/2010", "2024-01-15", 1]],
        },
    )
    ws.ingest()
    assert ws.query("select record_key, exclusion_type from events order by 1") == [
        ("101", "suspension"),
        ("S1", "permanent_exclusion"),
    ]
