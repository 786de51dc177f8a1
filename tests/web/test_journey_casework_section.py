"""The family page's "Casework" task list: each step's status and link, for roles with the journey section,
in a fixed number of queries however much casework is recorded."""

from __future__ import annotations

import datetime as dt
import re

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from journey_builders import TODAY, closed, plan_every_need, reviewed
from web_world import World

from wholefamily.web.casework.models import (
    Assessment,
    CaseNote,
    Consent,
    Family,
    PlanGoal,
    Referral,
    TafMeeting,
    TimelineEvent,
)


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _statuses(page: str) -> dict[str, str]:
    """Task title -> status text, read from the GOV.UK task list."""
    section = page.split('id="casework"')[1]
    found = {}
    for item in re.findall(r'<li class="govuk-task-list__item.*?</li>', section, flags=re.DOTALL):
        name = re.search(r'name-and-hint">\s*<(?:a|div)[^>]*>(.*?)</(?:a|div)>', item, flags=re.DOTALL)
        status = re.search(r'id="casework-\d+-status">(.*?)</div>', item, flags=re.DOTALL)
        assert name and status, item
        found[_text(name.group(1))] = _text(status.group(1))
    return found


def _page(client: Client, world: World, username: str, family: str = "north") -> str:
    client.force_login(world.users[username])
    response = client.get(f"/families/{world.families[family].pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_new_case_shows_every_step_not_started(world: World, client: Client) -> None:
    page = _page(client, world, "kw_north")
    assert _statuses(page) == {
        "Referral and triage": "Completed",
        "Allocation": "Completed",
        "Consent": "Not started",
        "Whole-family assessment": "Not started",
        "Family plan": "Not started",
        "Team around the family meetings": "Not started",
        "Reviews": "Not started",
        "Interventions": "Not started",
        "Contacts and case notes": "Not started",
        "Step-up and closure": "Not started",
    }
    pk = world.families["north"].pk
    for path in ("assessment/", "plan/", "meetings/", "reviews/", "interventions/", "notes/", "closure/"):
        assert f'href="/families/{pk}/{path}"' in page, path
    # A keyworker records consent but does not allocate or triage.
    assert f'href="/families/{pk}/consent/add/"' in page and f'href="/families/{pk}/allocate/"' not in page


def test_statuses_follow_the_recorded_casework(world: World, client: Client) -> None:
    family, user = world.families["north"], world.users["kw_north"]
    # The case opened three months ago (reviews before the latest referral do not count).
    Family.objects.filter(pk=family.pk).update(created_at=timezone.now() - dt.timedelta(days=90))
    Consent.objects.create(
        family=family, purpose=Consent.Purpose.TAKE_PART, given_on=TODAY, how=Consent.How.VERBAL
    )
    Assessment.objects.create(family=family, started_on=TODAY, completed_on=TODAY)
    goals = plan_every_need(family, user)
    TafMeeting.objects.create(
        family=family, held_on=TODAY, decisions="Plan agreed", next_meeting_on=TODAY + dt.timedelta(days=28)
    )
    reviewed(family, user, held_days_ago=50, next_in_days=-8)
    CaseNote.objects.create(family=family, kind=CaseNote.Kind.PHONE, happened_on=TODAY, note="Called mum")
    statuses = _statuses(page := _page(client, world, "kw_north"))
    assert statuses["Consent"] == "Completed"
    assert statuses["Whole-family assessment"] == "Completed"
    assert statuses["Family plan"] == "In progress"
    assert statuses["Team around the family meetings"] == "In progress"
    assert statuses["Reviews"] == "Overdue review"
    assert statuses["Contacts and case notes"] == "In progress"
    due = TODAY - dt.timedelta(days=8)
    assert f"Next review due {due.day} {due:%B %Y}" in page
    nxt = TODAY + dt.timedelta(days=28)
    assert f"Next meeting {nxt.day} {nxt:%B %Y}" in page
    PlanGoal.objects.filter(pk__in=[g.pk for g in goals]).update(status=PlanGoal.Status.ACHIEVED)
    reviewed(family, user, held_days_ago=0, next_in_days=42)
    statuses = _statuses(_page(client, world, "kw_north"))
    assert statuses["Family plan"] == "Completed" and statuses["Reviews"] == "In progress"


def test_a_closed_case_shows_sustained_until(world: World, client: Client) -> None:
    closure = closed(world.families["north"], world.users["kw_north"], days_ago=10)
    page = _page(client, world, "kw_north")
    assert _statuses(page)["Step-up and closure"] == "Completed"
    until = closure.sustained_until
    assert f"sustained until {until.day} {until:%B %Y}" in page
    assert _statuses(page)["Reviews"] == "Not started"  # no review is due on a closed case


def test_the_front_door_sees_triage_waiting_with_a_link(world: World, client: Client) -> None:
    family = world.families["unallocated"]
    family.status = "referred"
    family.save()
    Referral.objects.create(family=family, received_on=TODAY, origin="agency", reason="Worried")
    page = _page(client, world, "front_door", "unallocated")
    statuses = _statuses(page)
    assert statuses["Referral and triage"] == "In progress" and statuses["Allocation"] == "Cannot start yet"
    assert f'href="/families/{family.pk}/triage/"' in page


def test_roles_without_the_journey_section_see_no_casework(world: World, client: Client) -> None:
    for username in ("data_manager", "auditor"):
        assert 'id="casework"' not in _page(client, world, username)
    assert 'id="casework"' in _page(client, world, "school")  # partners add case notes


def test_the_casework_section_keeps_the_query_count_fixed(world: World, client: Client) -> None:
    family, user = world.families["north"], world.users["kw_north"]
    client.force_login(user)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/families/{family.pk}/").status_code == 200
        return len(captured)

    def add_records(days_ago: int) -> None:
        TimelineEvent.objects.create(
            family=family, date=TODAY, kind="allocation", title="Allocated", source="casework"
        )
        for i in range(days_ago, days_ago + 3):
            Assessment.objects.create(family=family, started_on=TODAY - dt.timedelta(days=i))
            reviewed(family, user, held_days_ago=i, next_in_days=40)
            TafMeeting.objects.create(family=family, held_on=TODAY, decisions=f"D{i}")
            CaseNote.objects.create(family=family, kind=CaseNote.Kind.NOTE, happened_on=TODAY, note=f"N{i}")
            Referral.objects.create(family=family, received_on=TODAY, origin="family", reason=f"R{i}")

    # one of each record (a page with an assessment and a plan asks for what they hold), then three times as many
    add_records(0)
    plan_every_need(family, user)
    before = queries()
    add_records(3)
    add_records(6)
    assert queries() == before
