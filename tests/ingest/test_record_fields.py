"""People nested in a record or listed in one cell can take a value from the record they are in."""

from __future__ import annotations

import json

from workspace_builder import Ws

INCIDENTS = """\
    source: police
    title: Police incidents
    agency: police
    files: extracts/*/incidents.json
    format: {type: json, records_path: incidents}
    record_key: [ref]
    people:
      - name: involved
        from: nested
        path: people
        fields:
          full_name: {column: name, name_order: forename_first}
          postcode: {column: home.postcode, record_column: location.postcode}
          address: {record_column: location.street}
    """


def test_a_nested_person_takes_the_records_value_when_they_have_none(ws: Ws) -> None:
    ws.config("police", INCIDENTS)
    incidents = [
        {
            "ref": "I1",
            "location": {"postcode": "ls1 4ap", "street": "1 High St"},
            "people": [
                {"name": "Ann Lee", "home": {"postcode": "LS6 2AB"}},
                {"name": "Bob Lee", "home": {"postcode": None}},
                {"name": "Cy Lee", "home": {"postcode": "N/A"}},
            ],
        },
        {"ref": "I2", "location": {"postcode": "not one"}, "people": [{"name": "Di Day"}]},
    ]
    ws.file("extracts/2024-01-31/incidents.json", json.dumps({"incidents": incidents}))
    ws.ingest()
    assert ws.query("select mention_key, postcode, address from mentions order by 1") == [
        ("police:I1:involved:0", "LS6 2AB", "1 HIGH STREET"),
        ("police:I1:involved:1", "LS1 4AP", "1 HIGH STREET"),
        ("police:I1:involved:2", "LS1 4AP", "1 HIGH STREET"),  # "N/A" is blank: the record's value fills it
        ("police:I2:involved:0", None, None),
    ]
    assert ws.one("select field, raw_value from field_warnings") == ("postcode", "not one")


TENANCIES = """\
    source: tenancies
    title: Tenancies
    agency: housing
    files: extracts/*/tenancies.csv
    format: {type: csv}
    record_key: [ref]
    people:
      - name: occupant
        from: cell
        cell: {column: occupants, separator: ";", pattern: '^(?P<name>.+)$'}
        fields:
          full_name: {column: name, name_order: forename_first}
          postcode: {record_column: Post Code}
          local_id: {record_column: ref}
    """


def test_people_in_one_cell_take_the_records_postcode(ws: Ws) -> None:
    ws.config("tenancies", TENANCIES)
    ws.file(
        "extracts/2024-01-31/tenancies.csv",
        "ref,Post Code,occupants\nT1,ls1 4ap,Ann Lee; Bob Lee\nT2,,Cy Day\n",
    )
    ws.ingest()
    assert ws.query("select mention_key, first_name, postcode, local_id from mentions order by 1") == [
        ("tenancies:T1:occupant:0", "ANN", "LS1 4AP", "T1"),
        ("tenancies:T1:occupant:1", "BOB", "LS1 4AP", "T1"),
        ("tenancies:T2:occupant:0", "CY", None, "T2"),
    ]
