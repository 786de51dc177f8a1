"""People: names in both orders, several people in one cell, maps, dates, identifiers, record keys."""

from __future__ import annotations

import datetime as dt

from workspace_builder import Ws

from wholefamily.identifiers import upn_check_letter

HOUSING = """\
    source: housing
    title: Housing
    agency: housing
    files: extracts/*/housing.csv
    format: {type: csv}
    record_key: [ref]
    people:
      - name: tenant
        fields:
          full_name: {column: tenant, name_order: surname_first}
          dob: {column: dob, date_formats: ["%d/%m/%Y", "%Y%m%d", excel_serial]}
          sex: {column: sex, map: {M: male, F: female}}
          ethnicity: {column: eth}
          nhs_number: {column: nhs}
          upn: {column: upn}
          ni_number: {column: ni}
          postcode: {column: pc}
          role: {value: tenant}
      - name: joint
        fields:
          full_name: {column: joint, name_order: forename_first}
          role: {value: joint_tenant}
      - name: occupant
        from: cell
        cell: {column: occupants, separator: ";", pattern: "(?P<name>[^(]+)\\\\((?P<dob>[^)]*)\\\\)"}
        fields:
          full_name: {column: name, name_order: forename_first}
          dob: {column: dob, date_formats: ["%d/%m/%Y"]}
    """
UPN = upn_check_letter("801200300001") + "801200300001"
HEADER = "ref,tenant,dob,sex,eth,nhs,upn,ni,pc,joint,occupants\n"


def test_names_cells_maps_dates_and_identifiers(ws: Ws) -> None:
    ws.config("housing", HOUSING)
    ws.file(
        "extracts/2024-05-31/housing.csv",
        HEADER
        + f'H1,"LEE, Mrs Ann Marie",03/04/1985,F,White,943 476 5919,{UPN},ab 12 34 56 c,ls14ap,'
        + 'Mr Bob van der Berg,"Cy Lee (01/02/2010); Di Lee; Ed Lee (31/02/2012)"\n'
        + 'H2,"O\'NEIL, Tom",19900102,X,martian,1234567890,A123,ZZ123456A,nowhere,,\n'
        + 'H3,"KHAN, Ali",33000,M,asian,,,,,,\n',
    )
    ws.ingest()
    mentions = ws.query(
        "select mention_key, role, title, first_name, middle_names, surname, name_raw, dob, sex, ethnicity, "
        "nhs_number, upn, ni_number, postcode from mentions order by 1"
    )
    assert mentions == [
        (
            "housing:H1:joint:0",
            "joint_tenant",
            "MR",
            "BOB",
            None,
            "VAN DER BERG",
            "Mr Bob van der Berg",
            None,
            None,
            None,
            None,
            None,
            None,
            None,
        ),
        (
            "housing:H1:occupant:0",
            None,
            None,
            "CY",
            None,
            "LEE",
            "Cy Lee",
            dt.date(2010, 2, 1),
            None,
            None,
            None,
            None,
            None,
            None,
        ),
        (
            "housing:H1:tenant:0",
            "tenant",
            "MRS",
            "ANN",
            "MARIE",
            "LEE",
            "LEE, Mrs Ann Marie",
            dt.date(1985, 4, 3),
            "female",
            "white",
            "9434765919",
            UPN,
            "AB123456C",
            "LS1 4AP",
        ),
        (
            "housing:H2:tenant:0",
            "tenant",
            None,
            "TOM",
            None,
            "ONEIL",
            "O'NEIL, Tom",
            dt.date(1990, 1, 2),
            None,
            None,
            None,
            None,
            None,
            None,
        ),
        (
            "housing:H3:tenant:0",
            "tenant",
            None,
            "ALI",
            None,
            "KHAN",
            "KHAN, Ali",
            dt.date(1990, 5, 7),
            "male",
            "asian",
            None,
            None,
            None,
            None,
        ),
    ]
    # one occupant's part does not match the pattern, another has an impossible date: each is quarantined alone
    assert ws.query("select person_index, field, reason from quarantine order by 1") == [
        (1, "cell", "part of the cell does not match the pattern"),
        (2, "dob", "not a date in the formats %d/%m/%Y"),
    ]
    assert ws.query("select field, raw_value from field_warnings order by field") == [
        ("ethnicity", "martian"),
        ("nhs_number", "1234567890"),
        ("ni_number", "ZZ123456A"),
        ("postcode", "nowhere"),
        ("sex", "X"),
        ("upn", "A123"),
    ]
    counts = ws.one(
        "select rows_read, rows_accepted, rows_quarantined, mentions_read, mentions_accepted, "
        "mentions_quarantined, warnings from run_sources"
    )
    assert counts == (3, 3, 0, 7, 5, 2, 6)


def test_on_invalid_and_required_override_the_defaults(ws: Ws) -> None:
    ws.config(
        "housing",
        HOUSING.replace("nhs_number: {column: nhs}", "nhs_number: {column: nhs, on_invalid: quarantine}")
        .replace(
            'dob: {column: dob, date_formats: ["%d/%m/%Y", "%Y%m%d", excel_serial]}',
            'dob: {column: dob, date_formats: ["%d/%m/%Y"], on_invalid: blank}',
        )
        .replace("postcode: {column: pc}", "postcode: {column: pc, required: true}"),
    )
    ws.file(
        "extracts/2024-05-31/housing.csv",
        HEADER
        + '"H1","LEE, Ann",1985-04-03,F,,9434765919,,,LS1 4AP,,\n'
        + 'H2,"LEE, Bob",03/04/1985,,,1234567890,,,LS1 4AP,,\n'
        + 'H3,"LEE, Cy",03/04/1985,,,,,,,,\n',
    )
    ws.ingest()
    assert ws.query("select mention_key, dob from mentions") == [("housing:H1:tenant:0", None)]
    assert ws.query("select mention_key, field from field_warnings") == [("housing:H1:tenant:0", "dob")]
    assert ws.query("select row_number, field, reason from quarantine order by 1") == [
        (3, "nhs_number", "not a valid NHS number (check digit)"),
        (4, "postcode", "required value missing"),
    ]


def test_a_date_of_birth_after_the_delivery_is_quarantined(ws: Ws) -> None:
    ws.config("housing", HOUSING)
    ws.file("extracts/2024-05-31/housing.csv", HEADER + 'H1,"LEE, Ann",01/06/2024,,,,,,,,\n')
    ws.ingest()
    assert ws.one("select reason from quarantine") == "date of birth after the delivery date"


NO_KEY = """\
    source: referrals
    title: Referrals
    agency: early_help
    files: extracts/*/referrals.csv
    format: {type: csv}
    people:
      - name: child
        fields:
          first_name: {column: first}
          surname: {column: last}
    """


def test_without_a_record_key_a_hash_of_the_record_keeps_mentions_stable(ws: Ws) -> None:
    ws.config("referrals", NO_KEY)
    ws.file("extracts/2024-01-31/referrals.csv", "first,last,note\nAnn,Lee,\nBob,Ray,\nAnn,Lee,\nAnn,Lee,x\n")
    ws.file("extracts/2024-02-29/referrals.csv", "first,last,note\n Bob , Ray,\nCy,Day,\n")
    ws.ingest()
    rows = ws.query(
        "select record_key, delivery_date, first_name from mentions order by first_name, delivery_date"
    )
    keys = {first: key for key, _, first in rows}
    assert len(rows) == 4 and len(set(keys.values())) == 3
    assert all(len(k) == 16 for k in keys.values())
    bob = [(d, k) for k, d, f in rows if f == "BOB"]
    assert bob == [(dt.date(2024, 1, 31), keys["BOB"]), (dt.date(2024, 2, 29), keys["BOB"])]
    # the exact duplicate in the same delivery is dropped; a row with the same values read and another
    # value not read has the same hash: a repeated key, quarantined and pointing at the first
    assert ws.one("select rows_duplicates_dropped from run_sources") == 1
    row, reason, raw_value = ws.one("select row_number, reason, raw_value from quarantine")
    assert (row, reason) == (5, "record key repeated in this delivery")
    assert raw_value.endswith("(first at extracts/2024-01-31/referrals.csv row 2)")
    assert ws.one("select count(*) = count(distinct (mention_key, delivery_date)) from mentions")


GIVEN_NAMES = """\
    source: pupils
    title: Pupils
    agency: education
    files: extracts/*/pupils.csv
    format: {type: csv}
    record_key: [id]
    people:
      - name: pupil
        fields:
          first_name: {column: Forenames}
          surname: {column: Surname}
      - name: carer
        fields:
          first_name: {column: Carer forenames}
          middle_names: {column: Carer middle}
          surname: {column: Surname}
    """


def test_a_column_of_forenames_gives_the_first_name_and_the_middle_names(ws: Ws) -> None:
    ws.config("pupils", GIVEN_NAMES)
    ws.file(
        "extracts/2024-01-31/pupils.csv",
        "id,Forenames,Surname,Carer forenames,Carer middle\n"
        "P1,SAMUEL GEORGE,SMITH,Mary  Jane Ann,\n"
        "P2,Mary-Jane,Lee,Ann Marie,Louise\n",
    )
    ws.ingest()
    assert ws.query(
        "select mention_key, first_name, middle_names, surname, name_raw from mentions order by 1"
    ) == [
        ("pupils:P1:carer:0", "MARY", "JANE ANN", "SMITH", "Mary Jane Ann SMITH"),
        ("pupils:P1:pupil:0", "SAMUEL", "GEORGE", "SMITH", "SAMUEL GEORGE SMITH"),
        # a middle-names column of its own wins over the forenames' rest
        ("pupils:P2:carer:0", "ANN", "LOUISE", "LEE", "Ann Marie Louise Lee"),
        ("pupils:P2:pupil:0", "MARY-JANE", None, "LEE", "Mary-Jane Lee"),
    ]
