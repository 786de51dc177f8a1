"""Identifiers of named types that mean the same in every source, and postcodes from outside the UK."""

from __future__ import annotations

import json

from workspace_builder import Ws

SOCIAL_CARE = """\
    source: social_care
    title: Social care
    agency: childrens_services
    files: extracts/*/social_care.csv
    format: {type: csv}
    record_key: [case]
    people:
      - name: child
        fields:
          full_name: {column: name, name_order: forename_first}
          local_id: {column: case}
          postcode: {column: postcode, country: any}
        identifiers:
          council_person_id: {column: Council ID}
          passport: {column: Passport, null_values: ["", NONE]}
    """
HOUSING = """\
    source: housing
    title: Housing
    agency: housing
    files: extracts/*/housing.json
    format: {type: json}
    record_key: [ref]
    people:
      - name: occupant
        from: nested
        path: people
        fields:
          full_name: {column: name, name_order: forename_first}
        identifiers:
          council_person_id: {column: cpid}
    """


def test_identifiers_of_one_type_are_stored_alike_in_every_source(ws: Ws) -> None:
    ws.config("social_care", SOCIAL_CARE)
    ws.config("housing", HOUSING)
    ws.file(
        "extracts/2024-01-31/social_care.csv",
        "case,name,postcode,Council ID,Passport\n"
        "S1,Ann Lee,ls1 4ap,cp 00123,123 456 789\n"
        "S2,Bob Ray, 75008 ,,NONE\n"
        "S3,Cy Day,d02  x285,CP00999,\n"
        "S4,Di Fox,---,,\n",
    )
    people = [{"name": "Ann Lee", "cpid": "CP00123"}, {"name": "Ed Lee", "cpid": None}]
    ws.file("extracts/2024-01-31/housing.json", json.dumps([{"ref": "H1", "people": people}]))
    ws.ingest()
    assert ws.query("select mention_key, postcode, other_ids from mentions order by 1") == [
        ("housing:H1:occupant:0", None, ["council_person_id:CP00123"]),
        ("housing:H1:occupant:1", None, None),
        ("social_care:S1:child:0", "LS1 4AP", ["council_person_id:CP00123", "passport:123456789"]),
        ("social_care:S2:child:0", "75008", None),
        ("social_care:S3:child:0", "D02 X285", ["council_person_id:CP00999"]),
        ("social_care:S4:child:0", None, None),
    ]
    assert ws.query("select field, reason, raw_value from field_warnings") == [
        ("postcode", "no letters or digits in the postcode", "---")
    ]
    # what linkage blocks on: one row per identifier, joined on the typed value
    assert ws.query(
        "select a.mention_key, b.mention_key from (select mention_key, unnest(other_ids) as id from mentions) a "
        "join (select mention_key, unnest(other_ids) as id from mentions) b "
        "on a.id = b.id and a.mention_key < b.mention_key"
    ) == [("housing:H1:occupant:0", "social_care:S1:child:0")]
