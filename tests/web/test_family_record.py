"""The family page reads in words: a summary at the top (needs, next steps, who works with the family), codes
in plain words, and a timeline with one entry per event, filtered by person, agency and date, without ever
bringing back what the role may not read."""

from __future__ import annotations

import datetime as dt
import re

from django.test import Client
from journey_builders import TODAY, reviewed
from web_world import World

from wholefamily.web.casework.models import (
    Evidence,
    Family,
    Need,
    PartnerFeed,
    Person,
    PlanAction,
    PlanGoal,
    TimelineEvent,
)
from wholefamily.web.casework.needs import framework_headlines
from wholefamily.web.casework.plain_words import agency_words, event_values, priority_reason

INCIDENT_DAY = dt.date(2026, 2, 3)
DETAIL = "3 Feb 2026. Partner record INC-9."


def _page(client: Client, world: World, username: str, query: str = "", family: str = "north") -> str:
    client.force_login(world.users[username])
    response = client.get(f"/families/{world.families[family].pk}/{query}")
    assert response.status_code == 200
    return response.content.decode()


def _timeline(page: str) -> str:
    """The timeline's entries (after its filters, whose choices name every member)."""
    section = page[page.index('id="timeline"') : page.index('id="team"')]
    return section[section.index("</form>") :]


def _titles(page: str) -> list[str]:
    return re.findall(r'<h3 class="moj-timeline__title">([^<]*)</h3>', _timeline(page))


def _incident(family: Family, people: list[Person], roles: list[str], *, sensitive: list[bool]) -> None:
    """One partner incident, stored as partner data stores it: a row per person."""
    for person, role, secret in zip(people, roles, sensitive, strict=True):
        TimelineEvent.objects.create(
            family=family,
            person=person,
            date=INCIDENT_DAY,
            kind="police_incident",
            title=f"Police incident (anti-social behaviour): {role}",
            detail=DETAIL,
            source="police_incidents",
            sensitive=secret,
            event_key=f"{family.warehouse_id}:INC-9:{person.pk}",
        )


def _police_feed() -> None:
    PartnerFeed.objects.create(
        source="police_incidents",
        title="Police incidents",
        agency="police",
        owner_role="data manager",
        expected_every_days=31,
        last_delivery=TODAY,
        rows=10,
    )


def test_priority_reason_and_evidence_values_read_as_words() -> None:
    labels = framework_headlines()
    reason = priority_reason(
        "eligible; 2 headline(s): child_safety, education; serious: child_safety; 3 need(s)", labels
    )
    assert reason == (
        f"Eligible; needs under 2 headlines: {labels['child_safety']}, {labels['education']}; "
        f"serious: {labels['child_safety']}; 3 needs"
    )
    assert priority_reason("eligible; 1 headline(s): education; 1 need(s)", labels).endswith(
        "needs under 1 headline: " + labels["education"] + "; 1 need"
    )
    assert (
        agency_words("dwp") == "Department for Work and Pensions" and agency_words("education") == "Education"
    )
    assert event_values("care_status=child_in_need; sessions_missed=40") == (
        "Care status: child in need; sessions missed: 40"
    )


def test_the_family_page_shows_no_codes(world: World, client: Client) -> None:
    family = world.families["north"]
    family.priority_reason = "eligible; 2 headline(s): child_safety, education; 3 need(s)"
    family.save()
    need = Need.objects.get(family=family, headline="education")
    Evidence.objects.create(
        need=need,
        source="social_care",
        record_key="CS-1",
        kind="care_status",
        event_date=dt.date(2026, 1, 5),
        values="care_status=child_in_need",
        event_key="F-north:CS-1",
    )
    page = _page(client, world, "kw_north")
    assert "1: Eligible; needs under 2 headlines: " + framework_headlines()["child_safety"] in page
    assert "Care status: child in need" in page
    for code in ("headline(s)", "child_safety", "care_status", "child_in_need", "police_incident<"):
        assert code not in page, code


def test_an_incident_with_three_people_is_one_entry_naming_each_once(world: World, client: Client) -> None:
    family = world.families["north"]
    parent, child = world.people["north_parent"], world.people["north_child"]
    _incident(family, [parent, child], ["suspect", "witness"], sensitive=[False, False])
    _police_feed()
    page = _page(client, world, "kw_north")
    assert _titles(page).count("Police incident (anti-social behaviour)") == 1
    timeline = _timeline(page)
    assert timeline.count(f"{parent.full_name}: suspect") == 1
    assert timeline.count(f"{child.full_name}: witness") == 1
    assert "from partner data: Police incidents" in timeline and "police_incidents</p>" not in timeline


def test_the_timeline_filters_by_person_agency_and_date(world: World, client: Client) -> None:
    family = world.families["north"]
    parent, child = world.people["north_parent"], world.people["north_child"]
    _incident(family, [parent], ["suspect"], sensitive=[False])
    _police_feed()
    attendance = "Summer term attendance: 40 of 180 sessions missed"
    incident = "Police incident (anti-social behaviour): suspect"
    assert {attendance, incident} <= set(_titles(_page(client, world, "kw_north")))

    by_child = _titles(_page(client, world, "kw_north", f"?person={child.pk}"))
    assert attendance in by_child and incident not in by_child

    by_police = _titles(_page(client, world, "kw_north", "?agency=Police"))
    assert incident in by_police and attendance not in by_police

    in_july = "?since-day=1&since-month=7&since-year=2026&until-day=31&until-month=7&until-year=2026"
    assert _titles(_page(client, world, "kw_north", in_july)) == [attendance]

    backwards = "?since-day=1&since-month=8&since-year=2026&until-day=1&until-month=7&until-year=2026"
    page = _page(client, world, "kw_north", backwards)
    assert "To must be the same as or after From" in page and "<title>Error:" in page
    assert {attendance, incident} <= set(_titles(page))  # nothing hidden by filters that were refused


def test_grouping_never_brings_back_a_row_the_partner_may_not_read(world: World, client: Client) -> None:
    family = world.families["north"]
    parent, child = world.people["north_parent"], world.people["north_child"]
    _incident(family, [parent, child], ["victim", "witness"], sensitive=[True, False])
    school = _timeline(_page(client, world, "school"))
    assert f"{child.full_name}" in school and parent.full_name not in school and "victim" not in school
    assert _titles(_page(client, world, "school", f"?person={parent.pk}")) == []
    keyworker = _timeline(_page(client, world, "kw_north"))
    assert f"{parent.full_name}: victim" in keyworker


def test_the_summary_names_needs_next_steps_and_who_works_with_the_family(
    world: World, client: Client
) -> None:
    family = world.families["north"]
    keyworker = world.users["kw_north"]
    goal = PlanGoal.objects.create(
        family=family, headline="education", goal="Back at school", recorded_by=keyworker
    )
    PlanAction.objects.create(
        goal=goal, action="Meet the head teacher", owner="Kw North", due_on=TODAY - dt.timedelta(days=2)
    )
    PlanAction.objects.create(
        goal=goal, action="Done already", owner="Kw North", due_on=TODAY, progress=PlanAction.Progress.DONE
    )
    abuse = PlanGoal.objects.create(
        family=family, headline="domestic_abuse", goal="Safe", recorded_by=keyworker
    )
    PlanAction.objects.create(
        goal=abuse, action="Safety plan with the refuge", owner="Kw North", due_on=TODAY
    )
    reviewed(family, keyworker, held_days_ago=5, next_in_days=9)

    page = _page(client, world, "kw_north")
    summary = page[page.index('id="summary"') : page.index('id="casework"')]
    assert "Getting a good education</strong>: Persistent absence from school" in summary
    assert "Meet the head teacher (Kw North), by" in summary and "Overdue" in summary
    assert "Safety plan with the refuge" in summary and "Done already" not in summary
    review_day = TODAY + dt.timedelta(days=9)
    assert f"Review due {review_day.day} {review_day:%B %Y}" in summary
    assert (
        "Kw North, lead practitioner (North)" in summary and "School, School or college: Partner" in summary
    )

    school = _page(client, world, "school")
    summary = school[school.index('id="summary"') : school.index('id="casework"')]
    assert "Domestic abuse</strong>: details restricted" in summary
    assert "Meet the head teacher" in summary and "Safety plan with the refuge" not in summary


def test_a_long_timeline_is_paged_keeping_its_filters(world: World, client: Client) -> None:
    family = world.families["north"]
    child = world.people["north_child"]
    for day in range(1, 31):
        TimelineEvent.objects.create(
            family=family,
            person=child,
            date=dt.date(2026, 1, day),
            kind="school_suspension",
            title=f"Suspension from school: {day} days",
            detail=f"{day} Jan 2026. Partner record S-{day}.",
            source="school_suspensions",
            event_key=f"F-north:S-{day}",
        )
    first = _page(client, world, "kw_north", f"?person={child.pk}")
    assert len(_titles(first)) == 20 and "31 events match the filters, 20 on this page" in first
    assert f"?person={child.pk}&amp;events=2#timeline" in first
    second = _titles(_page(client, world, "kw_north", f"?person={child.pk}&events=2"))
    assert len(second) == 11 and "Suspension from school: 1 days" in second
