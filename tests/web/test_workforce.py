"""Supervision, case audits and training records: who may see and record which (a worker their own, a manager
their team's, the coordinator all, nobody else), how the forms refuse what they should, and what appears in
My work for whom."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from web_world import World

from wholefamily.web.accounts.models import AuditEntry, Role, Team, User
from wholefamily.web.casework.record import my_work, reminders
from wholefamily.web.workforce import due
from wholefamily.web.workforce.models import (
    CaseAudit,
    CaseAuditAction,
    Supervision,
    SupervisionAction,
    TrainingRecord,
)

TODAY = dt.date.today()
WORKFORCE = {"kw_north", "kw_south", "front_door", "manager_north", "coordinator"}
OUTSIDERS = {"data_manager", "school", "police", "auditor", "admin"}


def _days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def _client(world: World, username: str) -> Client:
    client = Client()
    client.force_login(world.users[username])
    return client


def _date(name: str, day: dt.date) -> dict[str, str]:
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month), f"{name}-year": str(day.year)}


def _supervision(world: World, worker: str, supervisor: str, **extra: object) -> Supervision:
    session = Supervision.objects.create(
        worker=world.users[worker],
        supervisor=world.users[supervisor],
        held_on=_days(-1),
        next_on=extra.pop("next_on", _days(27)),
        discussion=f"Caseload of {worker}",
    )
    return session


def _audit(world: World, family: str, auditor: str) -> CaseAudit:
    return CaseAudit.objects.create(
        family=world.families[family], auditor=world.users[auditor], audited_on=_days(-1), summary="Fine"
    )


@pytest.fixture
def records(world: World) -> dict[str, int]:
    north = _supervision(world, "kw_north", "manager_north")
    south = _supervision(world, "kw_south", "coordinator")
    for worker, course in (("kw_north", "North's safeguarding"), ("kw_south", "South's safeguarding")):
        TrainingRecord.objects.create(
            worker=world.users[worker],
            course=course,
            provider="Council academy",
            completed_on=_days(-300),
            expires_on=_days(30),
            recorded_by=world.users["coordinator"],
        )
    return {
        "supervision_north": north.pk,
        "supervision_south": south.pk,
        "audit_north": _audit(world, "north", "manager_north").pk,
        "audit_south": _audit(world, "south", "coordinator").pk,
    }


def _status(world: World, username: str, url: str) -> int:
    return _client(world, username).get(url).status_code


def test_the_lists_are_for_the_workforce_only(world: World, records: dict[str, int]) -> None:
    for name in (
        "workforce:supervisions",
        "workforce:audits",
        "workforce:training",
        "workforce:training_new",
    ):
        for username in WORKFORCE:
            assert _status(world, username, reverse(name)) == 200, (name, username)
        for username in OUTSIDERS:
            assert _status(world, username, reverse(name)) == 403, (name, username)
    assert AuditEntry.objects.filter(action=AuditEntry.Action.DENIED, username="school").exists()


@pytest.mark.parametrize(
    ("record", "allowed"),
    [
        ("supervision_north", {"kw_north", "manager_north", "coordinator"}),
        ("supervision_south", {"kw_south", "coordinator"}),
        ("audit_north", {"kw_north", "manager_north", "coordinator"}),
        ("audit_south", {"kw_south", "coordinator"}),
    ],
)
def test_a_record_opens_for_its_worker_their_manager_and_the_coordinator(
    world: World, records: dict[str, int], record: str, allowed: set[str]
) -> None:
    name = "workforce:supervision" if record.startswith("supervision") else "workforce:audit"
    url = reverse(name, args=[records[record]])
    for username in WORKFORCE | OUTSIDERS:
        expected = 200 if username in allowed else 403 if username in OUTSIDERS else 404
        assert _status(world, username, url) == expected, username


def test_only_managers_record_and_only_for_their_team(world: World, records: dict[str, int]) -> None:
    north_worker = reverse("workforce:supervision_new", args=[world.users["kw_north"].pk])
    south_worker = reverse("workforce:supervision_new", args=[world.users["kw_south"].pk])
    north_family = reverse("workforce:audit_new", args=[world.families["north"].pk])
    south_family = reverse("workforce:audit_new", args=[world.families["south"].pk])
    for url in (north_worker, north_family):
        assert _status(world, "manager_north", url) == 200
        assert _status(world, "coordinator", url) == 200
        for username in ("kw_north", "front_door", *OUTSIDERS):
            assert _status(world, username, url) == 403, username
    for url in (south_worker, south_family):
        assert _status(world, "manager_north", url) == 404
        assert _status(world, "coordinator", url) == 200


def test_lists_show_only_the_records_one_may_read(world: World, records: dict[str, int]) -> None:
    def page(username: str, name: str) -> str:
        return _client(world, username).get(reverse(name)).content.decode()

    assert "North&#39;s safeguarding" in page("kw_north", "workforce:training")
    assert "South&#39;s safeguarding" not in page("kw_north", "workforce:training")
    assert "South&#39;s safeguarding" not in page("manager_north", "workforce:training")
    assert "South&#39;s safeguarding" in page("coordinator", "workforce:training")
    assert world.families["south"].reference not in page("manager_north", "workforce:audits")
    assert world.families["north"].reference in page("kw_north", "workforce:audits")
    supervision = page("manager_north", "workforce:supervisions")
    assert "Kw North" in supervision and "Kw South" not in supervision


def _supervision_post(world: World, **extra: object) -> dict[str, object]:
    data: dict[str, object] = {
        **_date("held_on", TODAY),
        **_date("next_on", _days(28)),
        "families": [world.families["north"].pk],
        "discussion": "Attendance at school; the police referral",
        "action-1": "Book a joint visit with the school",
        "owner-1": world.users["kw_north"].pk,
        **_date("due-1", _days(7)),
    }
    return data | extra


def test_a_supervision_discusses_only_the_workers_families(world: World) -> None:
    client = _client(world, "manager_north")
    url = reverse("workforce:supervision_new", args=[world.users["kw_north"].pk])
    for family in ("south", "withdrawn"):  # another team's; the team's but led by nobody
        response = client.post(url, _supervision_post(world, families=[world.families[family].pk]))
        assert response.status_code == 400
        assert "Choose only families the worker leads" in response.content.decode()
    assert not Supervision.objects.exists()
    response = client.post(url, _supervision_post(world))
    session = Supervision.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "workforce:supervision", args=[session.pk]
    )
    assert list(session.families.all()) == [world.families["north"]]
    assert session.supervisor == world.users["manager_north"]
    assert list(session.actions.values_list("action", "owner__username", "due_on")) == [
        ("Book a joint visit with the school", "kw_north", _days(7))
    ]
    entry = AuditEntry.objects.get(action=AuditEntry.Action.CREATE, object_type="supervision")
    assert entry.detail["families"] == [world.families["north"].pk]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_date("next_on", TODAY), "The next supervision must be after this one"),
        (_date("held_on", _days(1)), "Date of the session must be today or in the past"),
        ({"owner-1": ""}, "Choose who will do action 1"),
        ({"action-1": "", "owner-1": ""}, "Enter action 1, or leave its row empty"),
        (_date("due-1", _days(-3)), "Action 1 must be due on or after the day it was agreed"),
        ({"next_on-year": "1"}, "Date of the next supervision must be a real date"),
    ],
)
def test_supervision_form_errors(world: World, change: dict[str, str], message: str) -> None:
    url = reverse("workforce:supervision_new", args=[world.users["kw_north"].pk])
    if "owner-1" in change and change.get("action-1") == "":
        change = {
            **change,
            **{f"due-1-{p}": "" for p in ("day", "month", "year")},
            "action-1": "",
            "owner-1": "",
        }
        change["due-1-day"] = "3"  # a partly filled row
    response = _client(world, "manager_north").post(url, _supervision_post(world, **change))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Supervision.objects.exists()


def _audit_post(**extra: str) -> dict[str, str]:
    data = {**_date("audited_on", TODAY), "summary": "A sound plan; the child's voice is missing"}
    for key in ("assessment", "plan", "voice_of_child", "outcomes"):
        data[f"grade-{key}"] = "good"
        data[f"comment-{key}"] = f"About {key}"
    return data | extra


def test_a_case_audit_is_graded_and_filed_under_its_family(world: World) -> None:
    client = _client(world, "manager_north")
    url = reverse("workforce:audit_new", args=[world.families["north"].pk])
    missing = {k: v for k, v in _audit_post().items() if k != "grade-voice_of_child"}
    response = client.post(url, missing)
    assert (
        response.status_code == 400 and "Choose a grade for: voice of the child" in response.content.decode()
    )
    response = client.post(url, _audit_post(**{"grade-plan": "excellent"}))
    assert response.status_code == 400 and not CaseAudit.objects.exists()
    extra = {"action-1": "Record the child's view", "owner-1": str(world.users["kw_north"].pk)}
    response = client.post(url, _audit_post(**extra, **_date("due-1", _days(14))))
    case_audit = CaseAudit.objects.get()
    assert response.status_code == 302
    assert dict(case_audit.grades.values_list("question", "grade")) == {
        "assessment": "good",
        "plan": "good",
        "voice_of_child": "good",
        "outcomes": "good",
    }
    assert case_audit.actions.get().owner == world.users["kw_north"]
    entry = AuditEntry.objects.get(action=AuditEntry.Action.CREATE, object_type="caseaudit")
    assert entry.family_id == world.families["north"].pk
    page = _client(world, "kw_north").get(reverse("workforce:audit", args=[case_audit.pk])).content.decode()
    assert "Voice of the child" in page and "About voice_of_child" in page


def test_an_audit_action_owner_must_work_on_the_case(world: World) -> None:
    extra = {"action-1": "Anything", "owner-1": str(world.users["kw_south"].pk), **_date("due-1", _days(3))}
    url = reverse("workforce:audit_new", args=[world.families["north"].pk])
    response = _client(world, "manager_north").post(url, _audit_post(**extra))
    assert response.status_code == 400 and not CaseAudit.objects.exists()


def test_audit_start_refuses_another_teams_family(world: World) -> None:
    client = _client(world, "manager_north")
    start = reverse("workforce:audit_start")
    assert client.get(start, {"family": world.families["south"].pk})["Location"] == reverse(
        "workforce:audits"
    )
    assert client.get(start, {"family": world.families["north"].pk})["Location"] == reverse(
        "workforce:audit_new", args=[world.families["north"].pk]
    )


def _training_post(world: World, worker: str, **extra: str) -> dict[str, str]:
    data = {
        "worker": str(world.users[worker].pk),
        "course": "Domestic abuse awareness",
        "provider": "Local safeguarding partnership",
        **_date("completed_on", _days(-10)),
        **_date("expires_on", _days(20)),
    }
    return data | extra


def test_training_is_recorded_for_oneself_or_ones_team(world: World) -> None:
    url = reverse("workforce:training_new")
    kw = _client(world, "kw_north")
    assert kw.post(url, _training_post(world, "kw_south")).status_code == 400
    assert (
        kw.post(url, _training_post(world, "kw_north", **_date("expires_on", _days(-20)))).status_code == 400
    )
    assert _client(world, "manager_north").post(url, _training_post(world, "kw_south")).status_code == 400
    assert not TrainingRecord.objects.exists()
    assert kw.post(url, _training_post(world, "kw_north")).status_code == 302
    assert _client(world, "manager_north").post(url, _training_post(world, "kw_north")).status_code == 302
    assert TrainingRecord.objects.filter(worker=world.users["kw_north"]).count() == 2


def test_the_manager_sees_training_expiring_within_60_days(world: World) -> None:
    for course, expires in (("Soon", _days(59)), ("Later", _days(61)), ("Gone", _days(-1))):
        TrainingRecord.objects.create(
            worker=world.users["kw_north"],
            course=course,
            provider="Academy",
            completed_on=_days(-400),
            expires_on=expires,
            recorded_by=world.users["kw_north"],
        )
    page = _client(world, "manager_north").get(reverse("workforce:training")).content.decode()
    expiring, everything = page.split("All training records")
    assert "Expiring in the next 60 days, or expired" in expiring
    assert expiring.index("Gone") < expiring.index("Soon") and "Later" not in expiring
    assert all(course in everything for course in ("Gone", "Soon", "Later"))
    own = _client(world, "kw_north").get(reverse("workforce:training")).content.decode()
    assert "Expiring in the next" not in own and "Your training" in own and "Later" in own


def _kinds(work: my_work.MyWork) -> list[tuple[str, str, str]]:
    return [(i.kind, i.what, i.worker) for g in my_work.GROUPS for i in work.groups[g] if i.family_id is None]


def test_due_supervisions_and_agreed_actions_are_in_my_work(world: World) -> None:
    session = _supervision(world, "kw_north", "manager_north", next_on=_days(3))
    _supervision(world, "kw_south", "coordinator", next_on=_days(2))
    SupervisionAction.objects.create(
        supervision=session, action="Visit with school", owner=world.users["kw_north"], due_on=_days(-1)
    )
    SupervisionAction.objects.create(
        supervision=session,
        action="Done already",
        owner=world.users["kw_north"],
        due_on=_days(-1),
        done_on=TODAY,
    )
    audit_action = CaseAuditAction.objects.create(
        audit=_audit(world, "north", "manager_north"),
        action="Record the child's view",
        owner=world.users["manager_north"],
        due_on=_days(10),
    )
    north = _kinds(my_work.my_work(world.users["kw_north"], TODAY))
    assert north == [
        (due.SUPERVISION_ACTION, "Visit with school", "Kw North"),
        (due.SUPERVISION, "Next supervision of Kw North", "Kw North"),
    ]
    manager = _kinds(my_work.my_work(world.users["manager_north"], TODAY))
    assert (due.AUDIT_ACTION, "Record the child's view", "Manager North") in manager
    assert all("South" not in item[1] for item in manager) and len(manager) == 3
    assert len(_kinds(my_work.my_work(world.users["manager_north"], TODAY, world.users["kw_north"]))) == 2
    assert _kinds(my_work.my_work(world.users["kw_south"], TODAY)) == [
        (due.SUPERVISION, "Next supervision of Kw South", "Kw South")
    ]
    page = _client(world, "kw_north").get(reverse("casework:my_work")).content.decode()
    assert reverse("workforce:supervision", args=[session.pk]) in page
    assert f"Case audit of {audit_action.audit.family.reference}" not in page  # the manager's, not hers


def test_an_agreed_action_is_marked_done_by_its_owner_or_a_manager(world: World) -> None:
    session = _supervision(world, "kw_north", "manager_north")
    action = SupervisionAction.objects.create(
        supervision=session, action="Visit", owner=world.users["manager_north"], due_on=_days(1)
    )
    url = reverse("workforce:action_done", args=["supervision", action.pk])
    assert _client(world, "kw_south").post(url).status_code == 404
    assert _client(world, "kw_north").post(url).status_code == 403
    assert _client(world, "kw_north").get(url).status_code == 405
    assert _client(world, "manager_north").post(url).status_code == 302
    action.refresh_from_db()
    assert action.done_on == TODAY
    assert (
        _client(world, "manager_north")
        .post(reverse("workforce:action_done", args=["nonsense", 1]))
        .status_code
        == 404
    )


def test_a_manager_without_a_team_manages_nobody(world: World) -> None:
    lone = User.objects.create_user("lone_manager", role=Role.TEAM_MANAGER)
    Team.objects.create(name="Empty")
    _supervision(world, "kw_north", "manager_north")
    client = Client()
    client.force_login(lone)
    assert (
        "No supervision sessions recorded" in client.get(reverse("workforce:supervisions")).content.decode()
    )
    assert (
        client.get(reverse("workforce:supervision_new", args=[world.users["kw_north"].pk])).status_code == 403
    )


def test_the_workforce_pages_link_to_each_other_under_one_navigation_item(world: World) -> None:
    page = _client(world, "manager_north").get(reverse("workforce:training")).content.decode()
    active = re.search(
        r"govuk-service-navigation__item--active.*?>\s*<a[^>]*>\s*(?:<strong[^>]*>)?([^<]+)", page, re.S
    )
    assert active is not None and active.group(1).strip() == "Supervision"
    for name in ("workforce:supervisions", "workforce:audits"):
        assert f'href="{reverse(name)}"' in page


def test_the_email_reminder_names_workforce_items_without_their_words(world: World) -> None:
    session = _supervision(world, "kw_north", "manager_north", next_on=_days(2))
    SupervisionAction.objects.create(
        supervision=session,
        action="Talk about the police referral",
        owner=world.users["kw_north"],
        due_on=_days(1),
    )
    text = reminders.message(world.users["kw_north"], my_work.my_work(world.users["kw_north"], TODAY))
    assert f"{_days(1).day} {_days(1):%B %Y}: Supervision action, Supervision record" in text
    assert f"{_days(2).day} {_days(2):%B %Y}: Supervision, Supervision record" in text
    assert "police" not in text
