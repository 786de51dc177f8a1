"""Step-up, step-down, closure and re-referral through the API: 201 with the change, 409 with the rule's
message, 400 for bad input, 403/404 with the access rules of the pages."""

from __future__ import annotations

import datetime as dt

import pytest
from api_helpers import token_client
from journey_builders import TODAY, closed, plan_every_need
from rest_framework.test import APIClient
from web_world import World

from wholefamily.web.accounts.models import AuditEntry
from wholefamily.web.casework.models import Closure, Family, Referral, StepChange


def _url(world: World, family: str, step: str) -> str:
    return f"/api/families/{world.families[family].pk}/{step}/"


def test_close_then_read_the_history_with_sustained_until(world: World) -> None:
    client = token_client(world.users["kw_north"])
    day = TODAY - dt.timedelta(days=1)
    response = client.post(
        _url(world, "north", "closure"), {"closed_on": day.isoformat(), "reason": "moved_away"}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["sustained_until"] == (day + dt.timedelta(days=183)).isoformat()
    assert body["reason_label"] == "Moved out of the area" and body["recorded_by"] == "Kw North"
    assert Family.objects.get(pk=world.families["north"].pk).status == "closed"
    created = AuditEntry.objects.get(action="create", object_type="closure")
    assert created.channel == "api" and created.family_id == world.families["north"].pk
    history = client.get(_url(world, "north", "closure")).json()
    assert history["status"] == "closed" and [c["id"] for c in history["closures"]] == [body["id"]]
    assert AuditEntry.objects.filter(
        action="view", family_id=world.families["north"].pk, channel="api"
    ).exists()


def test_outcomes_met_without_a_plan_answers_409(world: World) -> None:
    client = token_client(world.users["kw_north"])
    body = {"closed_on": TODAY.isoformat(), "reason": "outcomes_met"}
    response = client.post(_url(world, "north", "closure"), body)
    assert response.status_code == 409
    assert response.json() == {
        "detail": "You cannot close a case as 'outcomes met' without a family plan: add the plan's goals first."
    }
    assert not Closure.objects.exists()
    goals = plan_every_need(world.families["north"], world.users["kw_north"])
    response = client.post(_url(world, "north", "closure"), body)
    assert response.status_code == 409 and response.json()["detail"].startswith(
        "The goal is not achieved for: "
    )
    response = client.post(_url(world, "north", "closure"), {**body, "not_achieved_reason": "Moved on well"})
    assert response.status_code == 201
    assert response.json()["not_achieved_reason"] == "Moved on well"
    assert len(response.json()["not_achieved"]) == len(goals)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"reason": "other"}, "closed_on"),
        ({"closed_on": (TODAY + dt.timedelta(days=1)).isoformat(), "reason": "other"}, "closed_on"),
        ({"closed_on": "2026-02-31", "reason": "other"}, "closed_on"),
        ({"closed_on": TODAY.isoformat(), "reason": "bored"}, "reason"),
    ],
)
def test_bad_closure_input_answers_400(world: World, body: dict[str, str], field: str) -> None:
    response = token_client(world.users["kw_north"]).post(_url(world, "north", "closure"), body)
    assert response.status_code == 400 and field in response.json()
    assert Family.objects.get(pk=world.families["north"].pk).status == "open"


def test_step_up_and_down(world: World) -> None:
    client = token_client(world.users["manager_north"])
    body = {"decided_on": TODAY.isoformat(), "reason": "Safeguarding concerns"}
    response = client.post(_url(world, "north", "step-up"), body)
    assert response.status_code == 201 and response.json()["direction"] == "up"
    assert client.post(_url(world, "north", "step-up"), body).status_code == 409
    response = client.post(_url(world, "north", "step-down"), body)
    assert response.status_code == 201 and response.json()["direction"] == "down"
    assert Family.objects.get(pk=world.families["north"].pk).status == "open"
    conflict = client.post(_url(world, "north", "step-down"), body)
    assert (
        conflict.status_code == 409
        and "children's social care can be stepped down" in conflict.json()["detail"]
    )
    assert StepChange.objects.count() == 2


def test_re_referral_reopens_a_closed_case(world: World) -> None:
    family = world.families["north"]
    closure = closed(family, world.users["kw_north"], days_ago=20)
    client = token_client(world.users["coordinator"])
    body = {"received_on": TODAY.isoformat(), "origin": "family", "reason": "Asked for help again"}
    response = client.post(_url(world, "north", "re-referral"), body)
    assert response.status_code == 201, response.content
    assert response.json()["family_status"] == "referred"
    closure.refresh_from_db()
    assert closure.reopened_on == TODAY and Referral.objects.filter(family=family).count() == 1
    assert client.post(_url(world, "north", "re-referral"), body).status_code == 409
    early = {**body, "received_on": (TODAY - dt.timedelta(days=30)).isoformat()}
    closed(family, world.users["kw_north"], days_ago=1)
    response = client.post(_url(world, "north", "re-referral"), early)
    assert response.status_code == 400 and "received_on" in response.json()


@pytest.mark.parametrize("step", ["closure", "step-up", "step-down", "re-referral"])
def test_a_family_the_caller_may_not_open_answers_404(world: World, step: str) -> None:
    client = token_client(world.users["kw_south"])
    assert client.post(_url(world, "north", step), {}).status_code == 404
    assert client.get(_url(world, "north", "closure")).status_code == 404
    assert client.post(f"/api/families/999999/{step}/", {}).status_code == 404
    assert AuditEntry.objects.filter(
        action="denied", username="kw_south", family_id=world.families["north"].pk
    ).exists()


@pytest.mark.parametrize(("username", "family"), [("school", "north"), ("front_door", "unallocated")])
def test_roles_that_may_not_decide_get_403(world: World, username: str, family: str) -> None:
    client = token_client(world.users[username])
    response = client.post(_url(world, family, "step-up"), {"decided_on": TODAY.isoformat(), "reason": "x"})
    assert response.status_code == 403
    assert client.get(_url(world, family, "closure")).status_code == 200
    assert AuditEntry.objects.filter(action="denied", username=username).exists()


def test_roles_without_the_journey_section_get_403(world: World) -> None:
    client = token_client(world.users["data_manager"])
    assert client.get(_url(world, "north", "closure")).status_code == 403


def test_no_token_answers_401(world: World) -> None:
    assert APIClient().get(_url(world, "north", "closure")).status_code == 401
