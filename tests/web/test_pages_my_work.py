"""My work: plan actions, reviews and meetings due in the families a worker leads, grouped Overdue, This week
(today to today + 7) and Later; a manager sees their team's, filterable by worker; never another team's."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.urls import reverse
from web_world import PASSWORD, World

from wholefamily.web.accounts.models import AuditEntry
from wholefamily.web.casework.models import Family, PlanAction, PlanGoal, Review, TafMeeting
from wholefamily.web.casework.record import my_work

TODAY = dt.date.today()


def _days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def _action(family: Family, text: str, due_on: dt.date, **extra: object) -> PlanAction:
    goal = PlanGoal.objects.create(family=family, headline="school", goal="Goes to school")
    return PlanAction.objects.create(goal=goal, action=text, owner="Mum", due_on=due_on, **extra)


def _review(family: Family, next_on: dt.date) -> None:
    Review.objects.create(
        family=family, held_on=TODAY - dt.timedelta(days=1), progress="Ok", next_review_on=next_on
    )


def _whats(work: my_work.MyWork, group: str) -> list[str]:
    return [item.what for item in work.groups[group]]


def test_overdue_this_week_and_later_boundaries(world: World) -> None:
    north = world.families["north"]
    for n in (-1, 0, 7, 8):
        _action(north, f"day {n}", _days(n))
    _action(north, "done", _days(-3), progress=PlanAction.Progress.DONE)
    work = my_work.my_work(world.users["kw_north"], TODAY)
    actions = {g: [i.what for i in work.groups[g] if i.kind == my_work.ACTION] for g in my_work.GROUPS}
    assert actions == {
        "Overdue": ["day -1 (Mum)"],
        "This week": ["day 0 (Mum)", "day 7 (Mum)"],
        "Later": ["day 8 (Mum)"],
    }


def test_reviews_and_meetings_in_date_order(world: World) -> None:
    north = world.families["north"]
    _review(north, _days(3))
    TafMeeting.objects.create(family=north, held_on=TODAY, decisions="Plan agreed", next_meeting_on=_days(2))
    _action(north, "Book the GP", _days(5))
    work = my_work.my_work(world.users["kw_north"], TODAY)
    assert [(i.kind, i.due_on) for i in work.groups["This week"]] == [
        (my_work.MEETING, _days(2)),
        (my_work.REVIEW, _days(3)),
        (my_work.ACTION, _days(5)),
    ]
    assert {i.family_reference for i in work.groups["This week"]} == {north.reference}


def test_another_teams_items_are_never_shown(world: World) -> None:
    _action(world.families["south"], "South's secret", _days(1))
    _review(world.families["south"], _days(1))
    for username in ("kw_north", "manager_north"):
        work = my_work.my_work(world.users[username], TODAY)
        shown = [i for g in my_work.GROUPS for i in work.groups[g]]
        assert world.families["south"].pk not in work.families
        assert all(i.family_id != world.families["south"].pk for i in shown)
    assert world.families["south"].pk in my_work.my_work(world.users["kw_south"], TODAY).families


def test_a_manager_sees_the_teams_work_by_worker(world: World) -> None:
    manager = world.users["manager_north"]
    _action(world.families["north"], "North's", _days(1))
    assert "North's (Mum)" in _whats(my_work.my_work(manager, TODAY), "This week")
    only_kw = my_work.my_work(manager, TODAY, worker=world.users["kw_north"])
    assert world.families["north"].pk in only_kw.families
    assert my_work.my_work(world.users["kw_north"], TODAY, worker=world.users["kw_south"]).families == [
        world.families["north"].pk
    ]  # a keyworker's filter is ignored: only their own families


def _client(world: World, username: str) -> Client:
    client = Client()
    client.force_login(world.users[username])
    return client


def test_the_page_lists_the_work_links_each_family_and_is_audited(world: World) -> None:
    north = world.families["north"]
    _action(north, "Book the GP", _days(-2))
    page = _client(world, "kw_north").get(reverse("casework:my_work"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Book the GP (Mum)" in html and f'href="/families/{north.pk}/"' in html
    assert 'href="/my-work/"' in html  # in the navigation
    assert "Lead practitioner" not in html  # no worker column or filter for a keyworker
    entry = AuditEntry.objects.filter(user=world.users["kw_north"], summary="My work").get()
    assert north.pk in entry.detail["families"]


def test_the_managers_filter_by_worker(world: World) -> None:
    _action(world.families["north"], "Book the GP", _days(1))
    client = _client(world, "manager_north")
    everyone = client.get(reverse("casework:my_work")).content.decode()
    assert "Book the GP" in everyone and "Lead practitioner" in everyone
    worker = world.users["kw_north"]
    assert "Book the GP" in client.get(reverse("casework:my_work"), {"worker": worker.pk}).content.decode()
    south = world.users["kw_south"]  # not a worker the manager manages: the filter refuses them
    refused = client.get(reverse("casework:my_work"), {"worker": south.pk}).content.decode()
    assert "Select a valid choice" in refused
    assert world.families["south"].reference not in refused


def test_roles_without_casework_are_refused(world: World) -> None:
    for username in ("school", "data_manager", "auditor", "front_door"):
        assert _client(world, username).get(reverse("casework:my_work")).status_code == 403


def test_a_keyworker_lands_on_my_work_after_signing_in(world: World) -> None:
    signed_in = Client().post(reverse("accounts:login"), {"username": "kw_north", "password": PASSWORD})
    assert signed_in.status_code == 302 and signed_in["Location"] == reverse("casework:my_work")
    manager = Client().post(reverse("accounts:login"), {"username": "manager_north", "password": PASSWORD})
    assert manager["Location"] == reverse("casework:home")
    asked = Client().post(
        reverse("accounts:login") + "?next=/search/", {"username": "kw_north", "password": PASSWORD}
    )
    assert asked["Location"] == "/search/"


def test_the_families_list_reminds_of_the_work_due(world: World) -> None:
    client = _client(world, "kw_north")
    assert "Work due" not in client.get(reverse("casework:home")).content.decode()
    _action(world.families["north"], "Book the GP", _days(-1))
    _action(world.families["north"], "Ring school", _days(7))
    html = client.get(reverse("casework:home")).content.decode()
    assert "Work due" in html and "1 overdue and 1 due this week." in html
    assert "Work due" not in _client(world, "data_manager").get(reverse("casework:home")).content.decode()
    assert "Work due" in _client(world, "manager_north").get(reverse("casework:home")).content.decode()
