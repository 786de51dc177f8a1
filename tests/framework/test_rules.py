"""Rules at their boundaries, on tiny warehouses: thresholds exactly met or not, one day outside a window."""

from __future__ import annotations

import datetime as dt

import duckdb
from rule_builders import AS_OF, Tiny, ago, born

from wholefamily.framework.evaluate import evaluate, prepare
from wholefamily.framework.model import Framework, load_framework


def run(
    con: duckdb.DuckDBPyConnection, as_of: dt.date = AS_OF, fw: Framework | None = None
) -> set[tuple[str, str]]:
    """(person, descriptor) pairs found."""
    prepare(con, as_of)
    evaluate(con, fw or load_framework("sf-2022"), as_of)
    return {
        (str(p), str(d))
        for p, d in con.execute("SELECT person_id, descriptor_id FROM id_person_needs").fetchall()
    }


def terms(tiny: Tiny, pid: str, missed: int) -> None:
    for start, end in ((300, 200), (190, 100), (90, 10)):
        tiny.event(
            pid, "school_attendance", ago(start), ago(end), sessions_possible=100, sessions_missed=missed
        )


def test_attendance_exactly_90_percent_is_not_a_need(tiny: Tiny) -> None:
    terms(tiny, tiny.person("at90", "F1", "child", born(10)), missed=10)
    terms(tiny, tiny.person("below90", "F2", "child", born(10)), missed=11)
    # two bad terms and a third still running (not completed by the as-of date): not yet a need
    kid = tiny.person("running", "F3", "child", born(10))
    for start, end in ((200, 120), (110, 30), (20, -20)):
        tiny.event(kid, "school_attendance", ago(start), ago(end), sessions_possible=100, sessions_missed=30)
    found = run(tiny.build())
    assert ("below90", "persistent_absence") in found
    assert ("at90", "persistent_absence") not in found
    assert ("running", "persistent_absence") not in found


def test_suspension_window_edge(tiny: Tiny) -> None:
    inside = tiny.person("inside", "F1", "child", born(12))
    outside = tiny.person("outside", "F2", "child", born(12))
    for pid, oldest in ((inside, 365), (outside, 366)):
        for days in (oldest, 100, 50):
            tiny.event(pid, "school_suspension", ago(days), exclusion_type="suspension")
    perm = tiny.person("perm", "F3", "child", born(12))
    tiny.event(perm, "school_suspension", ago(5), exclusion_type="permanent_exclusion")
    found = run(tiny.build())
    assert ("inside", "suspensions") in found
    assert ("outside", "suspensions") not in found
    assert ("perm", "suspensions") in found


def test_out_of_work_six_months_and_current_spells(tiny: Tiny) -> None:
    for pid, start, end in (
        ("at182", 182, None),
        ("at181", 181, None),
        ("ended_yesterday", 400, ago(1)),
        ("ends_today", 400, AS_OF),
    ):
        tiny.person(pid, f"F_{pid}", "parent", born(35))
        tiny.event(pid, "benefit_spell", ago(start), end, benefit="universal_credit", out_of_work=True)
    tiny.person("in_work", "F9", "parent", born(35))
    tiny.event("in_work", "benefit_spell", ago(400), None, benefit="universal_credit", out_of_work=False)
    found = {p for p, d in run(tiny.build()) if d == "out_of_work_benefits"}
    assert found == {"at182", "ends_today"}


def test_missing_twice_and_adult_or_child(tiny: Tiny) -> None:
    for pid, times in (("twice", 2), ("once", 1)):
        tiny.person(pid, f"F_{pid}", "child", born(14))
        for k in range(times):
            tiny.event(
                pid, "police_incident", ago(10 + k), incident_type="missing_person", incident_role="missing"
            )
    tiny.person("adult", "F3", "parent", born(40))
    for k in range(2):  # an adult reported missing is not a missing child
        tiny.event(
            "adult", "police_incident", ago(10 + k), incident_type="missing_person", incident_role="missing"
        )
    found = {p for p, d in run(tiny.build()) if d == "missing_child"}
    assert found == {"twice"}


def test_only_the_latest_delivery_by_the_as_of_date(tiny: Tiny) -> None:
    tiny.person("p", "F1", "parent", born(30))
    tiny.person("q", "F2", "parent", born(30))
    # the September snapshot names p; the October snapshot (a full snapshot) no longer does, but names q
    tiny.event("p", "homelessness_approach", ago(60), delivery=ago(31), duty="relief")
    tiny.event("q", "homelessness_approach", ago(20), delivery=AS_OF, duty="prevention")
    con = tiny.build()
    assert {p for p, _ in run(con)} == {"q"}
    assert {p for p, _ in run(con, as_of=ago(10))} == {"p"}  # October's delivery not yet received


def test_dependent_children_and_non_resident_parent(tiny: Tiny) -> None:
    # family A: a 15-year-old (dependent); the non-resident father has two needs, only one counts
    tiny.person("a_child", "A", "child", born(15, 300))
    tiny.person("a_mum", "A", "parent", born(38))
    tiny.person("a_dad", "A", "non_resident_parent", born(40), resident=False)
    tiny.event(
        "a_dad", "police_incident", ago(30), incident_type="domestic_abuse", incident_role="perpetrator"
    )
    tiny.event("a_dad", "police_incident", ago(40), incident_type="asb", incident_role="suspect")
    tiny.event("a_mum", "service_contact", ago(100), None, service="adult_mental_health")
    tiny.event("a_mum", "homelessness_approach", ago(10), duty="relief")
    # family B: a 16-year-old not in education: no dependent child, whatever the needs
    tiny.person("b_teen", "B", "child", born(16))
    tiny.person("b_mum", "B", "parent", born(40))
    for kind, values in (
        ("service_contact", {"service": "substance_misuse"}),
        ("homelessness_approach", {"duty": "relief"}),
    ):
        tiny.event("b_mum", kind, ago(10), **values)
    tiny.event("b_mum", "police_incident", ago(10), incident_type="domestic_abuse", incident_role="victim")
    # family C: a 16-year-old still at school is a dependent child
    tiny.person("c_teen", "C", "child", born(16))
    tiny.event("c_teen", "school_attendance", ago(90), ago(10), sessions_possible=100, sessions_missed=2)
    con = tiny.build()
    run(con)
    needs = dict(
        con.execute("SELECT descriptor_id, counted FROM id_family_needs WHERE family_id = 'A'").fetchall()
    )
    assert needs == {
        "domestic_abuse": True,
        "adult_suspect": False,
        "adult_mental_health": True,
        "homelessness": True,
    }
    fams = {
        r[0]: r[1:]
        for r in con.execute(
            "SELECT family_id, eligible, n_needs, dependent_children FROM id_families"
        ).fetchall()
    }
    assert fams["A"] == (True, 3, ["a_child"])
    assert fams["B"][0] is False and fams["B"][2] == []
    reason = con.execute("SELECT priority_reason FROM id_families WHERE family_id = 'B'").fetchone()
    assert reason and "no dependent child or expectant parent" in reason[0]
    dependents = con.execute("SELECT count(*) FROM id_people WHERE person_id = 'c_teen'").fetchone()
    assert dependents == (1,)


def test_expectant_parent_until_the_birth(tiny: Tiny) -> None:
    for pid, edd in (("due", AS_OF + dt.timedelta(days=30)), ("born", ago(1))):
        tiny.person(pid, f"F_{pid}", "parent", born(25))
        tiny.event(
            pid, "health_visiting_review", ago(100), review_type="antenatal", expected_delivery_date=edd
        )
        for kind, values in (
            ("service_contact", {"service": "adult_mental_health"}),
            ("homelessness_approach", {"duty": "relief"}),
            ("benefit_spell", {"out_of_work": True, "benefit": "universal_credit"}),
        ):
            tiny.event(pid, kind, ago(200), **values)
    con = tiny.build()
    run(con)
    fams = dict(con.execute("SELECT family_id, eligible FROM id_families").fetchall())
    assert fams == {"F_due": True, "F_born": False}
