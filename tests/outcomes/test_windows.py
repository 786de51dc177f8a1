"""Outcomes at their boundaries, on a tiny workspace: the last day of the window, a source missing."""

from __future__ import annotations

from pathlib import Path

import duckdb
from tiny_casework import Family, days


def test_exactly_six_months_after_closure_is_sustained(family: Family) -> None:
    family.deliver(days(182))
    family.deliver(days(183))
    family.build()
    assert family.outcomes(days(182))[("domestic_abuse", 183)][:2] == (
        "not_yet_measurable",
        "182 of 183 days since closure",
    )
    judged = family.outcomes(days(183))
    assert judged[("domestic_abuse", 183)][0] == "met"
    assert judged[("domestic_abuse", 365)][:2] == ("not_yet_measurable", "183 of 365 days since closure")


def test_a_relapse_on_day_179_is_a_relapse(family: Family) -> None:
    family.incident_after(179)
    family.deliver(days(200))
    family.build()
    judged = family.outcomes(days(200))
    assert judged[("domestic_abuse", 183)] == ("relapsed", "broken on day 179 after closure", 179)
    with duckdb.connect(str(family.ws.warehouse), read_only=True) as con:
        evidence = con.execute(
            "SELECT event_date, day_after_closure, breaks, evidence_values FROM outcome_evidence"
        ).fetchall()
    assert [(e[0], e[1], e[2]) for e in evidence] == [(days(179), 179, True)]
    assert "incident_type=domestic_abuse" in evidence[0][3]


def test_a_break_after_six_months_is_met_then_tracked_as_a_relapse(family: Family) -> None:
    family.incident_after(184)
    family.deliver(days(380))
    family.build()
    judged = family.outcomes(days(380))
    assert judged[("domestic_abuse", 183)][0] == "met"
    assert judged[("domestic_abuse", 365)] == ("relapsed", "broken on day 184 after closure", 184)
    assert judged[("domestic_abuse", 730)][0] == "relapsed"


def test_a_source_not_delivered_up_to_the_window_end_is_named(family: Family) -> None:
    family.deliver(days(100))  # the police's latest delivery: nothing from them since
    family.build()
    status, reason, _ = family.outcomes(days(200))[("domestic_abuse", 183)]
    assert status == "not_yet_measurable"
    assert reason == "not delivered up to 2026-07-03: src_police_incident (latest delivery 2026-04-11)"


def test_a_kind_no_partner_delivers_is_named(family: Family, tmp_path: Path) -> None:
    family.deliver(days(200))
    family.build()
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        """framework: sf-2022
descriptors:
  domestic_abuse:
    outcome:
      id: no_abuse_no_offence
      label: No domestic abuse incident and no youth offence after closure (local).
      kinds: [police_incident, youth_offence]
      applies_to: family
      breaks: "kind = 'youth_offence' OR incident_type = 'domestic_abuse'"
""",
        "utf-8",
    )
    status, reason, _ = family.outcomes(days(200), plan)[("domestic_abuse", 183)]
    assert (status, reason) == ("not_yet_measurable", "no partner delivers youth_offence events")


def test_an_open_case_is_not_yet_measurable(family: Family) -> None:
    family.deliver(days(200))
    family.build("F1,2025-11-05,,,,\n")
    assert family.outcomes(days(200))[("domestic_abuse", 183)][:2] == (
        "not_yet_measurable",
        "the case is not closed by 2026-07-20",
    )


def test_attendance_is_judged_on_the_terms_after_closure(tmp_path: Path) -> None:
    cases = {
        "met": [(5, 90, 5), (100, 180, 8)],
        "relapsed": [(5, 90, 5), (100, 180, 11)],  # 89% in the second term
        "not_met": [(5, 90, 11), (100, 180, 5)],  # the first term after closure is poor
        "not_yet_measurable": [],  # no term recorded after closure
    }
    for expected, terms in cases.items():
        family = Family(tmp_path / expected)
        for start, end, missed in terms:
            family.term_after(start, end, missed)
        family.deliver(days(200))
        family.build()
        status, reason, _ = family.outcomes(days(200))[("persistent_absence", 183)]
        assert status == expected, (expected, reason)
        if expected == "not_yet_measurable":
            assert reason == "no school_attendance record after closure"
