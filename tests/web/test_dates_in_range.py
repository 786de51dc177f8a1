"""Dates outside what the service records (1 January 0001, the year 9999) are refused with a clear message, on
the pages' date fields and in the API, for contacts and notes and for plan actions alike."""

from __future__ import annotations

import datetime as dt

import pytest
from api_helpers import token_client
from django.test import Client
from web_world import World

from wholefamily.web.casework.models import CaseNote, PlanAction, PlanGoal
from wholefamily.web.forms import date_range_problem, latest_date

TOO_EARLY = "must be on or after 1 January 1900"


def too_late() -> str:
    """The message for a date after the latest: computed when asked, so a run across midnight still agrees."""
    latest = latest_date()
    return f"must be no later than {latest.day} {latest:%B %Y}"


def _date(prefix: str, day: str, month: str, year: str) -> dict[str, str]:
    return {f"{prefix}-day": day, f"{prefix}-month": month, f"{prefix}-year": year}


def test_the_range() -> None:
    assert date_range_problem(dt.date(1, 1, 1)) == "The date " + TOO_EARLY
    assert date_range_problem(dt.date(1900, 1, 1)) is None
    latest = latest_date()
    assert date_range_problem(latest) is None
    assert date_range_problem(latest + dt.timedelta(days=1)) == "The date " + too_late()


def test_a_note_dated_in_the_year_1_is_refused_on_the_page(world: World, client: Client) -> None:
    family = world.families["north"]
    client.force_login(world.users["kw_north"])
    body = {"kind": "phone", "note": "Called", **_date("happened_on", "1", "1", "0001")}
    page = client.post(f"/families/{family.pk}/notes/new/", body).content.decode()
    assert "Date " + TOO_EARLY in page
    assert not CaseNote.objects.exists()


@pytest.mark.parametrize(("day", "error"), [("0001-01-01", TOO_EARLY), ("1899-12-31", TOO_EARLY)])
def test_a_note_dated_before_1900_is_refused_by_the_api(world: World, day: str, error: str) -> None:
    url = f"/api/families/{world.families['north'].pk}/case-notes/"
    response = token_client(world.users["kw_north"]).post(
        url, {"kind": "phone", "happened_on": day, "note": "Called"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"happened_on": [f"The date {error}."]}
    assert not CaseNote.objects.exists()


def test_an_action_due_in_the_year_1_or_9999_is_refused_on_the_page(world: World, client: Client) -> None:
    family = world.families["north"]
    client.force_login(world.users["kw_north"])
    url = f"/families/{family.pk}/plan/"
    assert client.post(url + "goals/", {"headline": "education", "goal": "In school"}).status_code == 302
    action_url = url + f"goals/{PlanGoal.objects.get(family=family).pk}/actions/"
    for year, error in (("0001", TOO_EARLY), ("9999", too_late())):
        body = {"action": "Walk to school", "owner": "Mum", **_date("due_on", "1", "1", year)}
        assert "Due date " + error in client.post(action_url, body).content.decode()
    assert not PlanAction.objects.exists()


def test_an_action_due_in_the_year_1_or_9999_is_refused_by_the_api(world: World) -> None:
    client = token_client(world.users["kw_north"])
    base = f"/api/families/{world.families['north'].pk}/"
    assert (
        client.post(
            base + "assessments/", {"started_on": dt.date.today().isoformat()}, format="json"
        ).status_code
        == 201
    )
    goal = client.post(base + "plan/goals/", {"headline": "education", "goal": "In school"}, format="json")
    assert goal.status_code == 201
    url = base + f"plan/goals/{goal.json()['id']}/actions/"
    for day, error in (("0001-01-01", TOO_EARLY), ("9999-12-31", too_late())):
        response = client.post(url, {"action": "Walk", "owner": "Mum", "due_on": day}, format="json")
        assert response.status_code == 400 and response.json() == {"due_on": [f"The date {error}."]}, day
    assert not PlanAction.objects.exists()
