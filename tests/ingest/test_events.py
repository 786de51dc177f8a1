"""Events: which people get them, when they are there at all, typed values and their problems."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from workspace_builder import Ws

CONFIG = """\
    source: tenancies
    title: Tenancies
    agency: housing
    files: extracts/*/tenancies.csv
    format: {type: csv, delimiter: ";"}
    record_key: [ref]
    people:
      - name: tenant
        fields:
          full_name: {column: tenant, name_order: forename_first}
          role: {column: tenant_role, map: {LEAD: lead, JOINT: joint}}
      - name: child
        fields:
          full_name: {column: child, name_order: forename_first}
    events:
      - kind: rent_arrears
        people: [tenant]
        roles: [lead]
        date: {column: arrears_date, date_formats: ["%d/%m/%Y"]}
        when_present: arrears
        values:
          amount_gbp: {column: arrears}
          tenure: {column: tenure, map: {HA: housing_association, LA: council}}
      - kind: homelessness_approach
        date: {column: approach_date, date_formats: [iso]}
        when_present: approach_date
        values:
          duty: {value: prevention}
          temporary_accommodation: {column: in_ta, on_invalid: blank}
    """
HEADER = "ref;tenant;tenant_role;child;arrears_date;arrears;tenure;approach_date;in_ta\n"


def test_events_go_to_the_right_people_with_typed_values(ws: Ws) -> None:
    ws.config("tenancies", CONFIG)
    ws.file(
        "extracts/2024-04-30/tenancies.csv",
        HEADER
        + "T1;Ann Lee;LEAD;Cy Lee;01/03/2024;£1,234.50;HA;2024-03-05;Yes\n"
        + "T2;Bob Ray;JOINT;;01/03/2024;£10;LA;;\n"
        + "T3;Di Day;LEAD;;;N/A;;2024-04-01;maybe\n"
        + "T4;Ed Fox;LEAD;;01/03/2024;£10;XX;;\n",
    )
    ws.ingest()
    assert ws.query(
        "select mention_key, kind, event_date, amount_gbp, tenure, duty, temporary_accommodation "
        "from events order by kind, mention_key"
    ) == [
        (
            "tenancies:T1:child:0",
            "homelessness_approach",
            dt.date(2024, 3, 5),
            None,
            None,
            "prevention",
            True,
        ),
        (
            "tenancies:T1:tenant:0",
            "homelessness_approach",
            dt.date(2024, 3, 5),
            None,
            None,
            "prevention",
            True,
        ),
        (
            "tenancies:T3:tenant:0",
            "homelessness_approach",
            dt.date(2024, 4, 1),
            None,
            None,
            "prevention",
            None,
        ),
        (
            "tenancies:T1:tenant:0",
            "rent_arrears",
            dt.date(2024, 3, 1),
            Decimal("1234.50"),
            "housing_association",
            None,
            None,
        ),
        ("tenancies:T4:tenant:0", "rent_arrears", dt.date(2024, 3, 1), Decimal("10.00"), None, None, None),
    ]
    assert ws.query(
        "select row_number, mention_key, field, reason, raw_value from field_warnings order by 1"
    ) == [
        (4, None, "homelessness_approach.temporary_accommodation", "not yes/no", "maybe"),
        (5, None, "rent_arrears.tenure", "unknown code (not in map)", "XX"),
    ]
    assert ws.query("select event_key from events where kind = 'rent_arrears' order by 1") == [
        ("tenancies:T1:tenant:0:0:rent_arrears",),
        ("tenancies:T4:tenant:0:0:rent_arrears",),
    ]


def test_a_bad_event_date_or_amount_quarantines_the_whole_row_and_its_people(ws: Ws) -> None:
    ws.config("tenancies", CONFIG)
    ws.file(
        "extracts/2024-04-30/tenancies.csv",
        HEADER
        + "T1;Ann Lee;LEAD;Cy Lee;31/02/2024;£10;HA;;\n"
        + "T2;Bob Ray;LEAD;Di Ray;01/03/2024;ten pounds;HA;;\n"
        + "T3;Ed Fox;LEAD;;;£10;HA;;\n"
        + "T4;Fay Fox;LEAD;;;;;;\n",
    )
    ws.ingest()
    assert ws.query("select row_number, people_group, field, reason from quarantine order by 1") == [
        (2, None, "rent_arrears.event_date", "not a date in the formats %d/%m/%Y"),
        (3, None, "rent_arrears.amount_gbp", "not an amount"),
        (4, None, "rent_arrears.event_date", "required value missing"),
    ]
    assert ws.query("select mention_key from mentions") == [("tenancies:T4:tenant:0",)]
    assert ws.one(
        "select rows_read, rows_accepted, rows_quarantined, mentions_read, mentions_accepted, mentions_quarantined "
        "from run_sources"
    ) == (4, 1, 3, 6, 1, 5)


EXCLUSIONS = """\
    source: exclusions
    title: Exclusions
    agency: education
    files: extracts/*/exclusions.csv
    format: {type: csv}
    record_key: [id]
    people:
      - name: pupil
        fields:
          full_name: {column: name, name_order: forename_first}
    events:
      - kind: school_suspension
        date: {delivery_date: true}
        when: Excluded = 'Y' AND "Exclusion Type" IN ('FT', 'PX')
        values:
          exclusion_type: {column: Exclusion Type, map: {FT: suspension, PX: permanent_exclusion}}
          days: {expression: number("Half days") / 2}
      - kind: rent_arrears
        date: {column: arrears_on, date_formats: [iso]}
        when: number(pence) > 0
        values:
          amount_gbp: {expression: number(pence) / 100}
    """


def test_delivery_date_conditions_and_derived_values(ws: Ws) -> None:
    ws.config("exclusions", EXCLUSIONS)
    ws.file(
        "extracts/2024-04-30/exclusions.csv",
        "id,name,Excluded,Exclusion Type,Half days,arrears_on,pence\n"
        "1,Ann Lee,Y,FT,5,2024-04-01,123456\n"
        "2,Bob Ray,N,FT,3,2024-04-01,0\n"
        "3,Cy Day,Y,PX,,2024-04-01,\n"
        "4,Di Fox,Y,XX,1,2024-04-01,lots\n"
        '5,Ed Fox,Y,FT,"1,001",,\n',
    )
    ws.ingest()
    assert ws.query(
        "select record_key, kind, event_date, exclusion_type, days, amount_gbp from events order by 1, 2"
    ) == [
        ("1", "rent_arrears", dt.date(2024, 4, 1), None, None, Decimal("1234.56")),
        ("1", "school_suspension", dt.date(2024, 4, 30), "suspension", Decimal("2.50"), None),
        ("3", "school_suspension", dt.date(2024, 4, 30), "permanent_exclusion", None, None),
        ("5", "school_suspension", dt.date(2024, 4, 30), "suspension", Decimal("500.50"), None),
    ]
    assert ws.query("select count(*) from quarantine") == [
        (0,)
    ]  # conditions not met are no events, not errors
