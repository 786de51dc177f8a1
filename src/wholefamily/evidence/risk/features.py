"""Each family's features on an as-of date, and whether it escalated in the window after.

Features are read with ``framework.evaluate.prepare``: the events of each partner's latest delivery
*received by the as-of date*, dated by it, for the people in a family that day. So a feature can use no
delivery made after its date and no event after it (tested by removing every later delivery and getting
the same features). The families are those with a resident child that day and no child protection plan
or care spell open (escalation has not happened yet). The label, escalation (a plan or a care spell
beginning in the window), is read separately, as the deliveries by the window's end show it.

Each family is described for the fairness audit by its youngest child (sex, ethnicity, age band) and
area (the postcode district of that child's latest record).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

import duckdb
import numpy as np

from wholefamily.framework.evaluate import prepare

#: feature -> (plain words for an explanation, SQL over one family's events ``e`` and people ``p``)
FEATURES: dict[str, tuple[str, str]] = {
    "children": ("children in the family", "count(DISTINCT p.person_id) FILTER (WHERE p.age < 18)"),
    "adults": ("adults in the family", "count(DISTINCT p.person_id) FILTER (WHERE p.age >= 18)"),
    "police_incidents": (
        "police incidents in the past year",
        "count(DISTINCT e.record_key) FILTER (WHERE e.kind = 'police_incident' AND e.recent)",
    ),
    "domestic_abuse": (
        "domestic abuse incidents in the past year",
        "count(DISTINCT e.record_key) FILTER (WHERE e.kind = 'police_incident' AND e.recent "
        "AND e.incident_type = 'domestic_abuse')",
    ),
    "missing_episodes": (
        "times a child went missing in the past year",
        "count(*) FILTER (WHERE e.kind = 'police_incident' AND e.recent AND e.incident_role = 'missing')",
    ),
    "offences": (
        "youth offences in the past year",
        "count(*) FILTER (WHERE e.kind = 'youth_offence' AND e.recent)",
    ),
    "suspensions": (
        "school suspensions in the past year",
        "count(*) FILTER (WHERE e.kind = 'school_suspension' AND e.recent)",
    ),
    "housing": (
        "housing problems in the past year (arrears, notices, homelessness)",
        "count(*) FILTER (WHERE e.kind IN ('rent_arrears', 'housing_notice', 'homelessness_approach') "
        "AND e.recent)",
    ),
    "mental_health": (
        "someone in contact with mental health services",
        "count(*) FILTER (WHERE e.kind = 'service_contact' AND e.open "
        "AND e.service IN ('adult_mental_health', 'camhs')) > 0",
    ),
    "substance_misuse": (
        "someone in contact with substance misuse services",
        "count(*) FILTER (WHERE e.kind = 'service_contact' AND e.open AND e.service = 'substance_misuse') > 0",
    ),
    "child_in_need": (
        "a child in need",
        "count(*) FILTER (WHERE e.kind = 'care_status' AND e.open AND e.care_status = 'child_in_need') > 0",
    ),
    "early_help": (
        "early help open",
        "count(*) FILTER (WHERE e.kind = 'care_status' AND e.open AND e.care_status = 'early_help') > 0",
    ),
    "past_plan_or_care": (
        "a child protection plan or care spell in the past",
        "count(*) FILTER (WHERE e.kind = 'care_status' AND e.care_status IN ('child_protection', 'looked_after')) > 0",
    ),
    "out_of_work": (
        "someone on an out-of-work benefit",
        "count(*) FILTER (WHERE e.kind = 'benefit_spell' AND e.open AND e.out_of_work) > 0",
    ),
    "absence": (
        "share of school sessions missed in the past year",
        "coalesce(sum(e.sessions_missed) FILTER (WHERE e.kind = 'school_attendance' AND e.recent_term) "
        "/ nullif(sum(e.sessions_possible) FILTER (WHERE e.kind = 'school_attendance' AND e.recent_term), 0), 0)",
    ),
}
GROUPS = ("sex", "ethnicity", "age_band", "area")
ESCALATED = "('child_protection', 'looked_after')"


@dataclass(frozen=True)
class Families:
    as_of: dt.date
    family_ids: list[str]
    x: np.ndarray  # (families, FEATURES)
    groups: dict[str, list[str]]  # per GROUPS name, each family's group


def features_as_of(
    con: duckdb.DuckDBPyConnection, as_of: dt.date, restricted: Collection[str] = ()
) -> Families:
    """The families at risk on ``as_of`` and their features, from what was delivered by then (people whose
    processing is ``restricted`` left out)."""
    prepare(con, as_of, restricted)
    columns = ", ".join(f"CAST({sql} AS DOUBLE) AS {name}" for name, (_, sql) in FEATURES.items())
    rows = con.execute(
        f"""
        WITH at_risk AS (
            SELECT DISTINCT family_id FROM id_people WHERE age < 18 AND resident
            EXCEPT
            SELECT family_id FROM rule_events WHERE kind = 'care_status' AND care_status IN {ESCALATED}
               AND event_date <= $as_of AND (end_date IS NULL OR end_date > $as_of)
        ), e AS (
            SELECT *, event_date > $as_of - INTERVAL 365 DAY AS recent,
                   (end_date IS NULL OR end_date > $as_of) AS open,
                   end_date > $as_of - INTERVAL 365 DAY AS recent_term
            FROM rule_events
        ), youngest AS (
            SELECT family_id, person_id, age, sex FROM id_people WHERE age < 18 AND resident
            QUALIFY row_number() OVER (PARTITION BY family_id ORDER BY age, person_id) = 1
        ), pm AS (
            SELECT mention_key, person_id FROM main.person_mentions
            WHERE run_id = (SELECT max(run_id) FROM main.person_mentions)
        ), records AS (
            SELECT y.family_id, m.ethnicity, m.postcode, m.delivery_date
            FROM youngest y JOIN pm USING (person_id)
            JOIN main.mentions m ON m.mention_key = pm.mention_key AND m.delivery_date <= $as_of
        ), ethnicity AS (  -- the most often recorded, ties to the first by name
            SELECT family_id, ethnicity FROM records WHERE ethnicity IS NOT NULL GROUP BY family_id, ethnicity
            QUALIFY row_number() OVER (PARTITION BY family_id ORDER BY count(*) DESC, ethnicity) = 1
        ), area AS (  -- the latest recorded, ties to the first by postcode
            SELECT family_id, split_part(postcode, ' ', 1) AS area FROM records WHERE postcode IS NOT NULL
            QUALIFY row_number() OVER (PARTITION BY family_id ORDER BY delivery_date DESC, postcode) = 1
        ), described AS (
            SELECT y.family_id, coalesce(y.sex, 'not recorded') AS sex,
                   coalesce(e.ethnicity, 'not recorded') AS ethnicity,
                   CASE WHEN y.age < 5 THEN '0-4' WHEN y.age < 11 THEN '5-10' ELSE '11-17' END AS age_band,
                   coalesce(a.area, 'not recorded') AS area
            FROM youngest y LEFT JOIN ethnicity e USING (family_id) LEFT JOIN area a USING (family_id)
        )
        SELECT f.family_id, d.sex, d.ethnicity, d.age_band, d.area, {columns}
        FROM at_risk f JOIN described d USING (family_id)
        LEFT JOIN id_people p USING (family_id) LEFT JOIN e USING (family_id, person_id)
        GROUP BY ALL ORDER BY f.family_id
        """,  # noqa: S608 - the SQL is this module's own
        {"as_of": as_of},
    ).fetchall()
    x = np.array([r[5:] for r in rows], float).reshape(len(rows), len(FEATURES))
    groups = {g: [str(r[1 + k]) for r in rows] for k, g in enumerate(GROUPS)}
    return Families(as_of, [str(r[0]) for r in rows], x, groups)


def escalated(
    con: duckdb.DuckDBPyConnection, after: dt.date, until: dt.date, restricted: Collection[str] = ()
) -> set[str]:
    """Families with a child protection plan or care spell beginning after ``after``, by ``until``, as
    the deliveries received by ``until`` show them."""
    prepare(con, until, restricted)
    return {
        str(r[0])
        for r in con.execute(
            f"""SELECT DISTINCT family_id FROM rule_events WHERE kind = 'care_status'
                AND care_status IN {ESCALATED} AND event_date > $after AND event_date <= $until""",  # noqa: S608
            {"after": after, "until": until},
        ).fetchall()
    }
