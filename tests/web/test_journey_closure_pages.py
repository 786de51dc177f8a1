"""Step-up, step-down, closure and re-referral through the pages: valid changes, refused transitions with the
rule's message, form errors, and who may do what."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from journey_builders import TODAY, closed, plan_every_need
from web_world import World

from wholefamily.web.accounts.models import AuditEntry
from wholefamily.web.casework.models import (
    Closure,
    Family,
    Need,
    PlanGoal,
    Referral,
    StepChange,
    TimelineEvent,
)
from wholefamily.web.casework.needs import needs_not_achieved


def _date(prefix: str, day: dt.date) -> dict[str, str]:
    return {f"{prefix}-day": str(day.day), f"{prefix}-month": str(day.month), f"{prefix}-year": str(day.year)}


def _post(client: Client, world: World, username: str, family: str, step: str, data: dict[str, Any]) -> Any:
    client.force_login(world.users[username])
    return client.post(f"/families/{world.families[family].pk}/closure/{step}/", data)


def _close(reason: str, day: dt.date = TODAY, note: str = "") -> dict[str, str]:
    return {"reason": reason, "note": note, **_date("closed_on", day)}


def _status(world: World, family: str) -> str:
    return Family.objects.get(pk=world.families[family].pk).status


def test_a_keyworker_closes_the_case_and_sees_sustained_until(world: World, client: Client) -> None:
    day = TODAY - dt.timedelta(days=3)
    response = _post(
        client, world, "kw_north", "north", "close", _close("disengaged", day, "No contact since May")
    )
    family = world.families["north"]
    assert response.status_code == 302 and response["Location"] == f"/families/{family.pk}/"
    closure = Closure.objects.get(family=family)
    assert (closure.closed_on, closure.reason, closure.recorded_by) == (
        day,
        "disengaged",
        world.users["kw_north"],
    )
    assert closure.sustained_until == day + dt.timedelta(days=183)
    assert _status(world, "north") == Family.Status.CLOSED
    event = TimelineEvent.objects.get(family=family, kind="closure")
    assert (
        event.title == "Case closed: the family stopped engaging" and event.detail == "No contact since May"
    )
    entry = AuditEntry.objects.get(action="create", family_id=family.pk, object_type="closure")
    assert entry.detail["before"]["status"] == "open" and entry.detail["after"]["status"] == "closed"
    assert entry.channel == "web"
    assert family.history.first().status == "closed"  # type: ignore[attr-defined]
    until = closure.sustained_until
    page = client.get(f"/families/{family.pk}/", follow=True).content.decode()
    assert f"sustained until {until.day} {until:%B %Y}" in page
    overview = client.get(f"/families/{family.pk}/closure/").content.decode()
    assert f"{until.day} {until:%B %Y}" in overview and "Refer the family again" in overview


def test_closing_as_outcomes_met_without_a_plan_is_refused(world: World, client: Client) -> None:
    response = _post(client, world, "kw_north", "north", "close", _close("outcomes_met"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "You cannot close a case as &#39;outcomes met&#39; without a family plan" in page
    assert _status(world, "north") == Family.Status.OPEN
    assert not Closure.objects.exists()
    assert not AuditEntry.objects.filter(action="create").exists()


def test_outcomes_met_needs_a_goal_for_every_need(world: World, client: Client) -> None:
    family = world.families["north"]
    PlanGoal.objects.create(family=family, headline="education", goal="Back at school every day")
    page = _post(client, world, "kw_north", "north", "close", _close("outcomes_met")).content.decode()
    assert (
        "The family plan has no goal for: Safe from domestic abuse: A domestic abuse incident in the "
        "household. Add one before closing." in page
    )
    assert _status(world, "north") == Family.Status.OPEN
    plan_every_need(family, world.users["kw_north"], status=PlanGoal.Status.ACHIEVED)
    assert _post(client, world, "kw_north", "north", "close", _close("outcomes_met")).status_code == 302
    closure = Closure.objects.get(family=family)
    assert (closure.reason, closure.not_achieved, closure.not_achieved_reason) == ("outcomes_met", [], "")


def _one_goal_not_achieved(world: World, status: str) -> None:
    goals = plan_every_need(world.families["north"], world.users["kw_north"], status=PlanGoal.Status.ACHIEVED)
    PlanGoal.objects.filter(pk=goals[0].pk).update(status=status)  # domestic_abuse sorts first


@pytest.mark.parametrize("status", [PlanGoal.Status.OPEN, PlanGoal.Status.DROPPED])
def test_outcomes_met_with_one_goal_not_achieved_and_no_reason_is_refused(
    world: World, client: Client, status: str
) -> None:
    _one_goal_not_achieved(world, status)
    response = _post(client, world, "kw_north", "north", "close", _close("outcomes_met"))
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert (
        "The goal is not achieved for: Safe from domestic abuse: A domestic abuse incident in the household. Mark the goal "
        "achieved in the family plan, or give the reason for closing as &#39;outcomes met&#39;." in page
    )
    assert _status(world, "north") == Family.Status.OPEN and not Closure.objects.exists()
    blank = {**_close("outcomes_met"), "not_achieved_reason": "   "}
    assert _post(client, world, "kw_north", "north", "close", blank).status_code == 200
    assert not Closure.objects.exists()


def test_outcomes_met_with_a_goal_not_achieved_and_a_reason_is_recorded(world: World, client: Client) -> None:
    _one_goal_not_achieved(world, PlanGoal.Status.OPEN)
    data = {**_close("outcomes_met"), "not_achieved_reason": "Safe at a refuge; the goal is met in substance"}
    assert _post(client, world, "kw_north", "north", "close", data).status_code == 302
    closure = Closure.objects.get(family=world.families["north"])
    assert closure.not_achieved == ["Safe from domestic abuse: A domestic abuse incident in the household"]
    assert closure.not_achieved_reason == "Safe at a refuge; the goal is met in substance"
    for viewer in ("manager_north", "coordinator"):
        client.force_login(world.users[viewer])
        overview = client.get(f"/families/{world.families['north'].pk}/closure/").content.decode()
        assert "Goal not achieved at closure for: Safe from domestic abuse" in overview
        assert "Reason: Safe at a refuge; the goal is met in substance" in overview


def test_a_goal_linked_to_the_need_counts_for_it(world: World) -> None:
    family = world.families["north"]
    goals = plan_every_need(family, world.users["kw_north"], status=PlanGoal.Status.ACHIEVED)
    assert needs_not_achieved(family) == []
    PlanGoal.objects.filter(pk=goals[1].pk).update(status=PlanGoal.Status.OPEN)
    assert needs_not_achieved(family) == ["Getting a good education: Persistent absence from school"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choose why the case is closing"),
        ({"reason": "other"}, "Enter the date the case closed"),
        (_close("other", TODAY + dt.timedelta(days=1)), "Date the case closed must be today or in the past"),
        (
            {"reason": "other", "closed_on-day": "31", "closed_on-month": "2", "closed_on-year": "2026"},
            "must be a real date",
        ),
        (_close("no_such_reason"), "Select a valid choice"),
    ],
)
def test_the_closure_form_explains_what_to_fix(
    world: World, client: Client, data: dict[str, str], message: str
) -> None:
    page = _post(client, world, "kw_north", "north", "close", data).content.decode()
    assert "There is a problem" in page and message in page
    assert _status(world, "north") == Family.Status.OPEN


def test_a_closed_case_cannot_be_closed_again(world: World, client: Client) -> None:
    closed(world.families["north"], world.users["kw_north"])
    client.force_login(world.users["kw_north"])
    page = client.get(f"/families/{world.families['north'].pk}/closure/close/").content.decode()
    assert (
        "You cannot do this now" in page
        and "Only an open case can be closed (this family is closed)." in page
    )
    assert 'name="reason"' not in page
    page = _post(client, world, "kw_north", "north", "close", _close("other")).content.decode()
    assert "Only an open case can be closed" in page
    assert Closure.objects.count() == 1


def test_step_up_then_step_down_returns_to_the_lead_practitioner(world: World, client: Client) -> None:
    up = {"reason": "Concerns about the children's safety", **_date("decided_on", TODAY)}
    assert _post(client, world, "kw_north", "north", "step-up", up).status_code == 302
    assert _status(world, "north") == Family.Status.STEPPED_UP
    # Early help work waits while children's social care has the family.
    page = _post(client, world, "kw_north", "north", "step-up", up).content.decode()
    assert "Only a family in early help can be stepped up" in page
    down = {"reason": "Section 47 enquiry closed, early help to continue", **_date("decided_on", TODAY)}
    assert _post(client, world, "manager_north", "north", "step-down", down).status_code == 302
    assert _status(world, "north") == Family.Status.OPEN
    steps = list(StepChange.objects.filter(family=world.families["north"]).order_by("id"))
    assert [(s.direction, s.recorded_by.username) for s in steps] == [  # type: ignore[union-attr]
        ("up", "kw_north"),
        ("down", "manager_north"),
    ]
    overview = client.get(f"/families/{world.families['north'].pk}/closure/").content.decode()
    assert "Section 47 enquiry closed" in overview and "Concerns about the children" in overview
    titles = set(TimelineEvent.objects.filter(kind="step_change").values_list("title", flat=True))
    assert titles == {"Step up to children's social care", "Step down to early help"}


def test_a_family_without_a_lead_practitioner_steps_down_to_the_allocation_queue(
    world: World, client: Client
) -> None:
    up = {"reason": "Referred straight on", **_date("decided_on", TODAY)}
    assert _post(client, world, "manager_north", "unallocated", "step-up", up).status_code == 302
    assert _post(client, world, "manager_north", "unallocated", "step-down", up).status_code == 302
    assert _status(world, "unallocated") == Family.Status.ACCEPTED


def test_step_down_of_a_family_in_early_help_is_refused(world: World, client: Client) -> None:
    client.force_login(world.users["kw_north"])
    page = client.get(f"/families/{world.families['north'].pk}/closure/step-down/").content.decode()
    assert "Only a family with children&#39;s social care can be stepped down" in page
    data = {"reason": "x", **_date("decided_on", TODAY)}
    page = _post(client, world, "kw_north", "north", "step-down", data).content.decode()
    assert "There is a problem" in page and "Only a family with children&#39;s social care" in page
    assert not StepChange.objects.exists()


def test_the_step_form_needs_a_reason_and_a_date(world: World, client: Client) -> None:
    page = _post(client, world, "kw_north", "north", "step-up", {}).content.decode()
    assert "Enter the reason for the decision" in page and "Enter the date of the decision" in page
    assert _status(world, "north") == Family.Status.OPEN


def test_a_new_referral_reopens_a_closed_case_keeping_its_history(world: World, client: Client) -> None:
    family = world.families["north"]
    closure = closed(family, world.users["kw_north"], days_ago=30)
    data = {
        "origin": "agency",
        "referrer_agency": "school",
        "referrer_name": "A. Teacher",
        "reason": "Attendance has dropped again",
        **_date("received_on", TODAY),
    }
    response = _post(client, world, "kw_north", "north", "refer-again", data)
    assert response.status_code == 302
    family.refresh_from_db()
    assert (family.status, family.lead_practitioner, family.team) == (
        "referred",
        None,
        world.users["kw_north"].team,
    )
    referral = Referral.objects.get(family=family)
    assert (referral.reason, referral.origin, referral.recorded_by) == (
        "Attendance has dropped again",
        "agency",
        world.users["kw_north"],
    )
    closure.refresh_from_db()
    assert closure.reopened_on == TODAY  # the closure stays, marked reopened
    assert TimelineEvent.objects.filter(family=family, kind="referral").exists()
    overview = client.get(f"/families/{family.pk}/closure/").content.decode()
    assert "Not reopened" not in overview and f"{TODAY.day} {TODAY:%B %Y}" in overview
    # The keyworker still opens the family (it stays with the team), and the team's manager can triage it.
    assert client.get(f"/families/{family.pk}/").status_code == 200


def test_a_referral_dated_before_the_closure_is_refused(world: World, client: Client) -> None:
    closed(world.families["north"], world.users["kw_north"], days_ago=5)
    data = {
        "origin": "family",
        "reason": "Asked for help",
        **_date("received_on", TODAY - dt.timedelta(days=6)),
    }
    page = _post(client, world, "kw_north", "north", "refer-again", data).content.decode()
    assert "must be on or after the case closed" in page
    assert _status(world, "north") == Family.Status.CLOSED


def test_an_open_case_cannot_be_referred_again(world: World, client: Client) -> None:
    data = {"origin": "family", "reason": "Asked for help", **_date("received_on", TODAY)}
    page = _post(client, world, "kw_north", "north", "refer-again", data).content.decode()
    assert "A new referral reopens a closed case; this one is not closed" in page
    assert not Referral.objects.exists()


@pytest.mark.parametrize("step", ["close", "step-up", "step-down", "refer-again"])
def test_a_family_the_user_may_not_open_answers_404(world: World, client: Client, step: str) -> None:
    response = _post(client, world, "kw_south", "north", step, _close("other"))
    assert response.status_code == 404
    denied = AuditEntry.objects.get(action="denied", username="kw_south")
    assert denied.family_id == world.families["north"].pk
    assert client.get(f"/families/{world.families['north'].pk}/closure/").status_code == 404


@pytest.mark.parametrize(("username", "family"), [("school", "north"), ("front_door", "unallocated")])
def test_roles_that_may_not_decide_get_403(world: World, client: Client, username: str, family: str) -> None:
    response = _post(
        client, world, username, family, "step-up", {"reason": "x", **_date("decided_on", TODAY)}
    )
    assert response.status_code == 403
    assert AuditEntry.objects.filter(action="denied", username=username).exists()
    assert not StepChange.objects.exists()
    # They still read the history (their role has the journey section), without the buttons.
    page = client.get(f"/families/{world.families[family].pk}/closure/").content.decode()
    assert "Step-up and closure" in page and "Step up to children" not in page


def test_roles_without_the_closure_section_get_403(world: World, client: Client) -> None:
    client.force_login(world.users["data_manager"])
    assert client.get(f"/families/{world.families['north'].pk}/closure/").status_code == 403
    assert AuditEntry.objects.filter(action="denied", username="data_manager").exists()


def test_the_auditor_reads_the_closure_and_its_reason_but_changes_nothing(
    world: World, client: Client
) -> None:
    _one_goal_not_achieved(world, PlanGoal.Status.OPEN)
    data = {**_close("outcomes_met"), "not_achieved_reason": "Safe at a refuge"}
    assert _post(client, world, "kw_north", "north", "close", data).status_code == 302
    client.force_login(world.users["auditor"])
    pk = world.families["north"].pk
    page = client.get(f"/families/{pk}/closure/").content.decode()
    assert "Reason: Safe at a refuge" in page and "Refer the family again" not in page
    assert AuditEntry.objects.filter(action="view", username="auditor", family_id=pk).exists()
    assert client.get(f"/families/{pk}/closure/refer-again/").status_code == 403


def test_every_page_view_is_audited(world: World, client: Client) -> None:
    client.force_login(world.users["kw_north"])
    pk = world.families["north"].pk
    for step in ("", "close/", "step-up/", "step-down/", "refer-again/"):
        assert client.get(f"/families/{pk}/closure/{step}").status_code == 200
    assert AuditEntry.objects.filter(action="view", family_id=pk).count() == 5


def test_outcomes_met_needs_each_needs_own_goal_achieved(world: World, client: Client) -> None:
    """Two needs under one headline: a goal set for one of them answers that need only; a goal for the whole
    headline answers both."""
    family = world.families["north"]
    plan_every_need(family, world.users["kw_north"], status=PlanGoal.Status.ACHIEVED)
    PlanGoal.objects.filter(family=family, headline="education").delete()
    absence, exclusion = (
        family.needs.get(headline="education"),
        Need.objects.create(
            family=family,
            headline="education",
            headline_label="Getting a good education",
            descriptor_id="exclusion",
            descriptor_label="Excluded from school",
            source="pipeline",
        ),
    )
    PlanGoal.objects.create(
        family=family, headline="education", need=absence, goal="In school", status=PlanGoal.Status.ACHIEVED
    )
    page = _post(client, world, "kw_north", "north", "close", _close("outcomes_met")).content.decode()
    assert "The family plan has no goal for: Getting a good education: Excluded from school." in page
    PlanGoal.objects.create(family=family, headline="education", need=exclusion, goal="Back in class")
    page = _post(client, world, "kw_north", "north", "close", _close("outcomes_met")).content.decode()
    assert "The goal is not achieved for: Getting a good education: Excluded from school." in page
    assert _status(world, "north") == Family.Status.OPEN
    PlanGoal.objects.filter(need=exclusion).delete()
    PlanGoal.objects.create(
        family=family, headline="education", goal="Both at school", status=PlanGoal.Status.ACHIEVED
    )
    assert _post(client, world, "kw_north", "north", "close", _close("outcomes_met")).status_code == 302
