"""The team dashboard and caseloads: weights by level of need and family size against configurable limits,
referrals waiting for triage and allocation, overdue reviews (from the last review's next date, else
allocation + 42 days), cases open more than a year; for team managers (their team) and coordinators only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from web_world import World

from wholefamily.web.accounts.models import AuditEntry, User
from wholefamily.web.casework.journey.front_door import caseload, dashboard
from wholefamily.web.casework.models import (
    Family,
    Membership,
    Person,
    Referral,
    Review,
    Source,
    TimelineEvent,
)

TODAY = dt.date.today()


def _triaged(family: Family, level: int, received: dt.date = TODAY) -> None:
    Referral.objects.create(
        family=family,
        received_on=received,
        origin=Referral.Origin.AGENCY,
        reason="Worried",
        level_of_need=level,
        route=Referral.Route.EARLY_HELP,
        decision_reason="Early help",
        triaged_at=dt.datetime.now(dt.UTC),
    )


def _allocated_on(family: Family, day: dt.date) -> None:
    TimelineEvent.objects.create(
        family=family, date=day, kind="allocation", title="Allocated", source=Source.CASEWORK
    )


def test_weights_follow_the_level_of_need_and_family_size(world: World) -> None:
    north = world.families["north"]
    _triaged(north, 3)
    load = caseload.caseload_of(world.users["kw_north"])
    assert (load.families, load.points, load.limit, load.state) == (1, 2.0, 16.0, "ok")
    for i in range(3):  # four children at home: a large family
        child = Person.objects.create(origin=Source.CASEWORK, first_name=f"Kid{i}", surname="Testperson")
        Membership.objects.create(
            family=north, person=child, role=Membership.Role.CHILD, source=Source.CASEWORK
        )
    load = caseload.caseload_of(world.users["kw_north"])
    assert load.points == 2.5 and load.by_level == {"Level 3: intensive, targeted support (edge of care)": 1}
    school = caseload.caseload_of(world.users["school"])
    assert (school.families, school.limit) == (0, 4.0)


def test_managers_see_their_team_and_coordinators_everyone(world: World) -> None:
    names = {u.username for u in caseload.workers_for(world.users["manager_north"])}
    assert names == {"kw_north"}
    assert {u.username for u in caseload.workers_for(world.users["coordinator"])} == {"kw_north", "kw_south"}


def test_review_due_from_allocation_then_from_the_last_review(world: World) -> None:
    north = world.families["north"]
    _allocated_on(north, TODAY - dt.timedelta(days=50))
    dates = dashboard.case_dates([north])[north.pk]
    assert dates.opened_on == TODAY - dt.timedelta(days=50)
    assert dates.review_due == TODAY - dt.timedelta(days=8)
    Review.objects.create(
        family=north, held_on=TODAY - dt.timedelta(days=5), progress="Good", next_review_on=TODAY
    )
    assert dashboard.case_dates([north])[north.pk].review_due == TODAY
    # a new referral starts a new episode: the earlier review and allocation no longer count
    _triaged(north, 2, received=TODAY - dt.timedelta(days=1))
    dates = dashboard.case_dates([north])[north.pk]
    assert dates.opened_on == TODAY - dt.timedelta(days=1)
    assert dates.review_due == TODAY + dt.timedelta(days=41)


def test_the_manager_dashboard(world: World, client: Client) -> None:
    north, withdrawn = world.families["north"], world.families["withdrawn"]
    _allocated_on(north, TODAY - dt.timedelta(days=400))
    Review.objects.create(
        family=north, held_on=TODAY - dt.timedelta(days=60), progress="Slow", next_review_on=TODAY
    )
    Review.objects.create(
        family=withdrawn,
        held_on=TODAY - dt.timedelta(days=50),
        progress="Some",
        next_review_on=TODAY - dt.timedelta(days=3),
    )
    accepted = world.families["unallocated"]
    _triaged(accepted, 3)
    accepted.status = Family.Status.ACCEPTED
    accepted.save()
    referred = world.families["not_eligible"]
    referred.status = Family.Status.REFERRED
    referred.save()
    data = dashboard.dashboard_data(world.users["manager_north"])
    assert [load.worker.username for load in data["caseloads"]] == ["kw_north"]
    assert [row["reference"] for row in data["waiting_for_allocation"]] == [accepted.reference]
    assert data["waiting_for_allocation"][0]["weight"] == 2.0
    assert [row["reference"] for row in data["waiting_for_triage"]] == [referred.reference]
    assert [(row["reference"], row["days_overdue"]) for row in data["overdue_reviews"]] == [
        (withdrawn.reference, 3)
    ]
    assert [(row["reference"], row["days_open"]) for row in data["open_over_a_year"]] == [
        (north.reference, 400)
    ]
    client.force_login(world.users["manager_north"])
    response = client.get("/dashboard/")
    page = response.content.decode()
    assert response.status_code == 200 and page.count("<h1") == 1
    for text in (
        "Caseloads",
        f"/families/{accepted.pk}/allocate/",
        f"/families/{referred.pk}/triage/",
        "Overdue reviews",
        "Cases open more than a year",
        f"/caseloads/{world.users['kw_north'].pk}/",
    ):
        assert text in page
    assert '<strong class="govuk-service-navigation__active-fallback">Dashboard</strong>' in page
    assert AuditEntry.objects.filter(
        username="manager_north", action="view", summary="Team dashboard"
    ).exists()


def test_a_workers_caseload_page(world: World, client: Client) -> None:
    _triaged(world.families["north"], 3)
    client.force_login(world.users["manager_north"])
    response = client.get(f"/caseloads/{world.users['kw_north'].pk}/")
    page = response.content.decode()
    assert response.status_code == 200 and world.families["north"].reference in page
    assert "Level 3: intensive" in page and "Within the limit" in page
    assert client.get(f"/caseloads/{world.users['kw_south'].pk}/").status_code == 404
    assert AuditEntry.objects.filter(username="manager_north", action="denied").count() == 1


@pytest.mark.parametrize("username", ["kw_north", "front_door", "data_manager", "school"])
def test_other_roles_get_403_and_no_dashboard_link(world: World, client: Client, username: str) -> None:
    user: User = world.users[username]
    client.force_login(user)
    assert client.get("/dashboard/").status_code == 403
    assert client.get(f"/caseloads/{world.users['kw_north'].pk}/").status_code == 403
    assert AuditEntry.objects.filter(username=username, action="denied").count() == 2
    assert 'href="/dashboard/"' not in client.get("/search/").content.decode()
