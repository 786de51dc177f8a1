"""A file with no key column keyed by where each record is: its line, or its sheet and row."""

from __future__ import annotations

import datetime as dt

from test_excel import HEADER, write_workbook
from workspace_builder import Ws

REFERRALS = """\
    source: referrals
    title: Referrals
    agency: early_help
    files: extracts/*/referrals.csv
    format: {type: csv, header_row: 2}
    record_key: {line_number: true}
    people:
      - name: child
        fields:
          first_name: {column: first}
          surname: {column: last}
    """


def test_a_csv_is_keyed_by_physical_line(ws: Ws) -> None:
    ws.config("referrals", REFERRALS)
    ws.file("extracts/2024-01-31/referrals.csv", 'Referrals\nfirst,last\nAnn,Lee\n"Bob\nBen",Ray\nAnn,Day\n')
    ws.file("extracts/2024-02-29/referrals.csv", "Referrals\nfirst,last\nCy,Day\n")
    ws.ingest()
    assert ws.query("select delivery_date, mention_key, first_name from mentions order by 1, 2") == [
        (dt.date(2024, 1, 31), "referrals:3:child:0", "ANN"),
        (dt.date(2024, 1, 31), "referrals:4:child:0", "BOB"),
        (dt.date(2024, 1, 31), "referrals:6:child:0", "ANN"),  # line 5 is the second line of "Bob / Ben"
        (dt.date(2024, 2, 29), "referrals:3:child:0", "CY"),  # only stable within one delivery
    ]


def test_a_workbook_is_keyed_by_sheet_and_row(ws: Ws) -> None:
    ws.config(
        "pupils",
        """\
        source: pupils
        title: Pupils
        agency: school
        files: extracts/*/pupils.xlsx
        format: {type: excel, sheets: [Primary, Secondary], header_row: 3}
        record_key: {line_number: true}
        people:
          - name: pupil
            fields:
              full_name: {column: Name, name_order: surname_first}
        """,
    )
    write_workbook(
        ws.root / "extracts/2024-03-31/pupils.xlsx",
        {
            "Primary": [HEADER, [101, "SMITH, Jane"], [102, "LEE, Tom"]],
            "Secondary": [HEADER, ["S1", "KHAN, Ali"]],
        },
    )
    ws.ingest()
    assert ws.query("select record_key, surname from mentions order by 1") == [
        ("Primary:4", "SMITH"),
        ("Primary:5", "LEE"),
        ("Secondary:4", "KHAN"),
    ]
