"""Bad input a partner may send: values far too long, exact duplicate rows, deliveries with no rows."""

from __future__ import annotations

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
