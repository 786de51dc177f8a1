"""JSON sources: the records path, dotted keys into nested objects, people in nested arrays."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from workspace_builder import Ws

CONFIG = """\
    source: police
    title: Police incidents
    agency: police
    files: extracts/*/incidents.json
    format: {type: json, records_path: export.incidents}
    record_key: [ref]
    people:
      - name: involved
        from: nested
        path: people
        fields:
          full_name: {column: name, name_order: forename_first}
          dob: {column: dob, date_formats: [iso]}
          role: {column: role}
          postcode: {column: home.postcode}
    events:
      - kind: police_incident
        date: {column: when.date, date_formats: [iso]}
        values:
          incident_type: {column: type, map: {DA: domestic_abuse, ASB: asb}}
          incident_role: {person_field: role}
    """

DOC = {
    "export": {
        "created": "2024-02-01",
        "incidents": [
            {
                "ref": 9001,
                "type": "DA",
                "when": {"date": "2024-01-05"},
                "people": [
                    {
                        "name": "Ann Lee",
                        "dob": "1990-02-01",
                        "role": "victim",
                        "home": {"postcode": "ls1 4ap"},
                    },
                    {"name": "Bob Lee", "dob": "1989-03-04", "role": "suspect"},
                ],
            },
            {"ref": 9002, "type": "ASB", "when": {"date": "2024-01-09"}, "people": []},
            {
                "ref": 9003,
                "type": "ASB",
                "when": {"date": "2024-01-10"},
                "people": [
                    {"name": "Cy Day", "dob": "not a date", "role": "witness"},
                    {"name": "Di Day", "role": "x"},
                ],
            },
        ],
    }
}


def test_records_path_nested_people_and_dotted_keys(ws: Ws) -> None:
    ws.config("police", CONFIG)
    ws.file("extracts/2024-02-01/incidents.json", json.dumps(DOC))
    ws.ingest()
    assert ws.query(
        "select mention_key, row_number, first_name, dob, role, postcode from mentions order by 1"
    ) == [
        ("police:9001:involved:0", 1, "ANN", dt.date(1990, 2, 1), "victim", "LS1 4AP"),
        ("police:9001:involved:1", 1, "BOB", dt.date(1989, 3, 4), "suspect", None),
        ("police:9003:involved:1", 3, "DI", None, "x", None),
    ]
    assert ws.query(
        "select mention_key, event_date, incident_type, incident_role from events order by 1"
    ) == [
        ("police:9001:involved:0", dt.date(2024, 1, 5), "domestic_abuse", "victim"),
        ("police:9001:involved:1", dt.date(2024, 1, 5), "domestic_abuse", "suspect"),
        ("police:9003:involved:1", dt.date(2024, 1, 10), "asb", None),
    ]
    # the record naming nobody is quarantined whole; the bad date quarantines one person
    assert ws.query("select row_number, people_group, person_index, field from quarantine order by 1") == [
        (2, None, None, "people"),
        (3, "involved", 0, "dob"),
    ]
    assert ws.one("select field, reason, raw_value from field_warnings") == (
        "police_incident.incident_role",
        "unknown code",
        "x",
    )
    raw = json.loads(ws.one("select raw from quarantine where row_number = 2"))
    assert raw == DOC["export"]["incidents"][1]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"export": {"incidents": [}', "not valid JSON"),
        ('{"export": {"other": []}}', "records_path 'export.incidents' not found"),
        ('{"export": {"incidents": {"a": 1}}}', "records_path 'export.incidents' is object, not an array"),
        (
            json.dumps(
                {"export": {"incidents": [{"ref": 1, "type": "DA", "when": {}, "people": [{"nm": "A B"}]}]}}
            ),
            "'people[].name'",
        ),
    ],
)
def test_unusable_json_stops_the_run(ws: Ws, content: str, message: str) -> None:
    ws.config("police", CONFIG)
    ws.file("extracts/2024-02-01/incidents.json", content)
    result = ws.ingest(ok=False)
    assert result.exit_code == 2
    text = " ".join(result.output.split())
    assert "extracts/2024-02-01/incidents.json" in text
    assert message in text
