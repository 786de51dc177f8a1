"""Bad input a partner may send: values far too long, exact duplicate rows, deliveries with no rows."""

from __future__ import annotations

import datetime as dt
import json

from workspace_builder import Ws

CLIENTS = """\
    source: clients
    title: Clients
    agency: health
    files: extracts/*/clients.csv
    format: {type: csv}
    record_key: [id]
    people:
      - name: client
        fields:
          first_name: {column: first}
          surname: {column: last, on_invalid: quarantine}
          address: {column: address, max_length: 20}
    events:
      - kind: service_contact
        date: {column: seen, date_formats: [iso]}
        values:
          contact_reason: {column: reason}
    """
HEADER = "id,first,last,address,seen,reason\n"


def test_a_value_longer_than_its_limit_is_blanked_or_quarantined_naming_file_row_and_field(ws: Ws) -> None:
    ws.config("clients", CLIENTS)
    huge = "A" * 1_000_000
    ws.file(
        "extracts/2024-01-31/clients.csv",
        HEADER
        + f"C1,{huge},Lee,1 High St,2024-01-02,{'x' * 1001}\n"
        + f"C2,Bob,{huge},1 High St,2024-01-02,ok\n"
        + "C3,Cy,Day,Flat 1000 The Very Long Road,2024-01-02,ok\n"
        + f"{'K' * 121},Di,Fox,,2024-01-02,ok\n",
    )
    ws.ingest()
    # the first name (optional, blanked by default) and the reason (text, blanked) go; the person stays
    assert ws.query("select record_key, first_name, surname, name_raw, address from mentions order by 1") == [
        ("C1", None, "LEE", "Lee", "1 HIGH STREET"),
        ("C3", "CY", "DAY", "Cy Day", None),
    ]
    assert ws.one("select contact_reason from events where record_key = 'C1'") is None
    warnings = ws.query("select file, row_number, field, reason, raw_value from field_warnings order by 2, 3")
    shown = "A" * 200 + "… (1000000 characters)"
    assert warnings == [
        ("extracts/2024-01-31/clients.csv", 2, "first_name", "longer than 100 characters", shown),
        (
            "extracts/2024-01-31/clients.csv",
            2,
            "service_contact.contact_reason",
            "longer than 1000 characters",
            "x" * 200 + "… (1001 characters)",
        ),
        (
            "extracts/2024-01-31/clients.csv",
            4,
            "address",
            "longer than 20 characters",
            "Flat 1000 The Very Long Road",
        ),
    ]
    # a surname set to quarantine, and a record key longer than any the casework site keeps
    assert ws.query(
        "select file, row_number, field, reason, left(raw_value, 5) from quarantine order by 2"
    ) == [
        ("extracts/2024-01-31/clients.csv", 3, "surname", "longer than 100 characters", "AAAAA"),
        (
            "extracts/2024-01-31/clients.csv",
            5,
            "record_key",
            "record key longer than 120 characters",
            "KKKKK",
        ),
    ]
    assert ws.one("select max(length(raw_value)) from field_warnings") < 300


def test_exact_duplicate_rows_are_dropped_counted_and_reconciled(ws: Ws) -> None:
    ws.config("clients", CLIENTS)
    row = "C1,Ann,Lee,1 High St,2024-01-02,ok\n"
    ws.file(
        "extracts/2024-01-31/clients.csv",
        HEADER + row + row + "C2,Bob,Ray,,2024-01-02,ok\n" + row + "C1,Ann,Lee,2 High St,2024-01-02,ok\n",
    )
    ws.file("extracts/2024-02-29/clients.csv", HEADER + row)  # the same record next month is no duplicate
    result = ws.ingest()
    assert ws.query("select delivery_date, row_number from mentions where record_key = 'C1' order by 1") == [
        (dt.date(2024, 1, 31), 2),
        (dt.date(2024, 2, 29), 2),
    ]
    # a row with the same key and other values is still a repeated key
    assert ws.query("select row_number, reason from quarantine") == [
        (6, "record key repeated in this delivery")
    ]
    assert ws.one(
        "select rows_read, rows_accepted, rows_quarantined, rows_duplicates_dropped, reconciliation from run_sources"
    ) == (
        6,
        3,
        1,
        2,
        "rows: 6 read = 3 accepted + 1 quarantined + 2 exact duplicates dropped; "
        "people: 4 read = 3 accepted + 1 quarantined",
    )
    assert "Duplicates" in result.output
    (run_dir,) = (ws.root / "reports").iterdir()
    quality = json.loads((run_dir / "clients.json").read_text("utf-8"))
    assert quality["duplicates"]["exact_duplicate_records"] == 2
    assert [(d["row_number"], d["first_row"]) for d in quality["duplicates"]["exact_duplicate_sample"]] == [
        (3, 2),
        (5, 2),
    ]
    page = (run_dir / "clients.html").read_text("utf-8")
    assert "rows: 6 read = 3 accepted + 1 quarantined + 2 exact duplicates dropped" in page


def test_an_empty_delivery_is_read_with_a_warning_in_the_output_and_the_report(ws: Ws) -> None:
    ws.config("clients", CLIENTS)
    ws.file("extracts/2024-01-31/clients.csv", HEADER + "C1,Ann,Lee,1 High St,2024-01-02,ok\n")
    ws.file("extracts/2024-02-29/clients.csv", HEADER)
    result = ws.ingest()
    warning = (
        "extracts/2024-02-29/clients.csv: no rows (an empty or header-only delivery): check the partner sent "
        "the whole extract"
    )
    assert f"Warning: clients: {warning}" in " ".join(result.output.split())
    (run_dir,) = (ws.root / "reports").iterdir()
    assert json.loads((run_dir / "clients.json").read_text("utf-8"))["delivery_warnings"] == [warning]
    for page in ("clients.html", "index.html"):
        assert f"<strong>Warning:</strong> {warning}" in (run_dir / page).read_text("utf-8")
