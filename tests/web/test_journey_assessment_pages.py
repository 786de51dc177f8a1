"""Assessment pages: start, members considered, needs by headline, the family's view and completion (refused
until every current member has a note); closed cases refuse with the journey rule's message; access 403/404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from web_world import World

from wholefamily.web.accounts.models import AuditEntry
from wholefamily.web.casework.models import (
    AssessedNeed,
    Assessment,
    Family,
    MemberConsidered,
    PlanGoal,
    TimelineEvent,
)

TODAY = dt.date.today()


def _date(prefix: str, day: dt.date) -> dict[str, str]:
    return {f"{prefix}-day": str(day.day), f"{prefix}-month": str(day.month), f"{prefix}-year": str(day.year)}


def _start(client: Client, family: Family) -> Assessment:
    response = client.post(f"/families/{family.pk}/assessment/start/", _date("started_on", TODAY))
    assert response.status_code == 302
    return Assessment.objects.get(family=family)


@pytest.fixture
def keyworker(world: World, client: Client) -> Client:
    client.force_login(world.users["kw_north"])
    return client


def test_a_keyworker_assesses_the_whole_family(world: World, keyworker: Client) -> None:
    family = world.families["north"]
    page = keyworker.get(f"/families/{family.pk}/assessment/").content.decode()
    assert "No assessment has been started" in page and "Start the assessment" in page
    assessment = _start(keyworker, family)
    base = f"/families/{family.pk}/assessment/{assessment.pk}/"
    for who in ("north_parent", "north_child"):
        response = keyworker.post(
            base + "members/", {"person": world.people[who].pk, "notes": f"Note on {who}"}
        )
        assert response.status_code == 302
    assert (
        keyworker.post(
            base + "needs/", {"headline": "education", "decision": "confirmed", "note": "Misses school"}
        ).status_code
        == 302
    )
    assert (
        keyworker.post(base + "needs/", {"headline": "domestic_abuse", "decision": "ruled_out"}).status_code
        == 302
    )
    assert (
        keyworker.post(
            base + "needs/", {"headline": "housing", "decision": "added", "note": "Overcrowded"}
        ).status_code
        == 302
    )
    assert (
        keyworker.post(
            base + "view/", {"family_view": "We want the children in school", "summary": ""}
        ).status_code
        == 302
    )
    assert keyworker.post(base + "complete/", _date("completed_on", TODAY)).status_code == 302

    assessment.refresh_from_db()
    assert assessment.completed_on == TODAY and assessment.family_view == "We want the children in school"
    decisions = dict(AssessedNeed.objects.filter(assessment=assessment).values_list("headline", "decision"))
    assert decisions == {"education": "confirmed", "domestic_abuse": "ruled_out", "housing": "added"}
    education = AssessedNeed.objects.get(assessment=assessment, headline="education")
    assert education.need is not None and education.need.descriptor_id == "persistent_absence"
    assert AssessedNeed.objects.get(assessment=assessment, headline="housing").need is None
    assert TimelineEvent.objects.filter(
        family=family, kind="assessment", title="Assessment completed"
    ).exists()
    assert AuditEntry.objects.filter(family_id=family.pk, action="create", object_type="assessment").exists()
    page = keyworker.get(f"/families/{family.pk}/assessment/").content.decode()
    assert "Note on north_child" in page and "Added by the assessment" in page and "Ruled out" in page
    assert "Start a new assessment" in page
    assert AuditEntry.objects.filter(
        family_id=family.pk, action="view", summary__contains="assessment"
    ).exists()


def test_completion_is_refused_until_every_current_member_has_a_note(world: World, keyworker: Client) -> None:
    family = world.families["north"]
    assessment = _start(keyworker, family)
    base = f"/families/{family.pk}/assessment/{assessment.pk}/"
    keyworker.post(base + "members/", {"person": world.people["north_parent"].pk, "notes": "Seen at home"})
    page = keyworker.post(base + "complete/", _date("completed_on", TODAY)).content.decode()
    assert "There is a problem" in page
    assert "add a note for ChildNorth Testperson" in page
    assert Assessment.objects.get(pk=assessment.pk).completed_on is None


def test_invalid_input_shows_the_error_summary(world: World, keyworker: Client) -> None:
    family = world.families["north"]
    page = keyworker.post(
        f"/families/{family.pk}/assessment/start/",
        {"started_on-day": "31", "started_on-month": "2", "started_on-year": "2026"},
    ).content.decode()
    assert '<a href="#id_started_on-day">Date the assessment started must be a real date</a>' in page
    assessment = _start(keyworker, family)
    base = f"/families/{family.pk}/assessment/{assessment.pk}/"
    page = keyworker.post(base + "needs/", {"headline": "education", "decision": "added"}).content.decode()
    assert (
        "The record already shows a need under ‘Getting a good education’: choose confirmed or ruled out"
        in page
    )
    page = keyworker.post(base + "needs/", {"headline": "housing", "decision": "confirmed"}).content.decode()
    assert "The record shows no need under ‘Secure housing’: choose added to record one" in page
    other = world.people["south_parent"].pk
    page = keyworker.post(base + "members/", {"person": other, "notes": "x"}).content.decode()
    assert "Select a valid choice" in page and "There is a problem" in page
    page = keyworker.post(base + "view/", {"family_view": ""}).content.decode()
    assert '<a href="#id_family_view">Enter what the family say</a>' in page
    assert not MemberConsidered.objects.exists() and not AssessedNeed.objects.exists()


def test_a_second_assessment_cannot_start_while_one_is_in_progress(world: World, keyworker: Client) -> None:
    family = world.families["north"]
    _start(keyworker, family)
    page = keyworker.post(
        f"/families/{family.pk}/assessment/start/", _date("started_on", TODAY)
    ).content.decode()
    assert "is in progress: carry on with it." in page
    assert Assessment.objects.filter(family=family).count() == 1


@pytest.mark.parametrize("status", [Family.Status.CLOSED, Family.Status.STEPPED_UP])
def test_a_case_that_is_not_open_cannot_be_assessed(world: World, keyworker: Client, status: str) -> None:
    family = world.families["north"]
    assessment = _start(keyworker, family)
    Family.objects.filter(pk=family.pk).update(status=status)
    page = keyworker.post(
        f"/families/{family.pk}/assessment/{assessment.pk}/members/",
        {"person": world.people["north_parent"].pk, "notes": "x"},
    ).content.decode()
    expected = (
        "This case is closed, so you cannot record an assessment. Make a new referral to reopen it."
        if status == Family.Status.CLOSED
        else "You can record an assessment only while the case is open"
    )
    assert "There is a problem" in page and expected in page
    assert not MemberConsidered.objects.exists()
    page = keyworker.get(f"/families/{family.pk}/assessment/").content.decode()
    assert expected in page and "Save note" not in page


def test_a_completed_assessment_cannot_be_changed(world: World, keyworker: Client) -> None:
    family = world.families["north"]
    assessment = _start(keyworker, family)
    Assessment.objects.filter(pk=assessment.pk).update(completed_on=TODAY)
    page = keyworker.post(
        f"/families/{family.pk}/assessment/{assessment.pk}/view/", {"family_view": "Later"}
    ).content.decode()
    assert "start a new assessment to assess the family again" in page


@pytest.mark.parametrize(
    ("username", "family", "status"),
    [
        ("kw_south", "north", 404),
        ("police", "north", 404),
        ("admin", "north", 404),
        ("data_manager", "north", 403),
    ],
)
def test_who_may_not_read_the_assessment(
    world: World, client: Client, username: str, family: str, status: int
) -> None:
    client.force_login(world.users[username])
    pk = world.families[family].pk
    assert client.get(f"/families/{pk}/assessment/").status_code == status
    assert client.get(f"/families/{pk}/plan/").status_code == status
    assert client.get(f"/families/{pk}/wellbeing/").status_code == status
    assert AuditEntry.objects.filter(action="denied", family_id=pk, username=username).count() == 3


def test_the_auditor_reads_the_plan_but_not_the_rest_of_the_casework(world: World, client: Client) -> None:
    family = world.families["north"]
    PlanGoal.objects.create(family=family, headline="education", goal="Back at school every day")
    client.force_login(world.users["auditor"])
    page = client.get(f"/families/{family.pk}/plan/").content.decode()
    assert "Back at school every day" in page and "Add a goal" not in page
    assert AuditEntry.objects.filter(action="view", username="auditor", summary__contains="plan").exists()
    assert client.get(f"/families/{family.pk}/assessment/").status_code == 403
    assert client.get(f"/families/{family.pk}/wellbeing/").status_code == 403
    post = client.post(f"/families/{family.pk}/plan/goals/", {"headline": "education", "goal": "More"})
    assert post.status_code == 403
    assert PlanGoal.objects.filter(family=family).count() == 1


def test_a_partner_reads_but_may_not_record_and_sees_no_restricted_details(
    world: World, client: Client
) -> None:
    family = world.families["north"]
    client.force_login(world.users["kw_north"])
    assessment = _start(client, family)
    client.post(
        f"/families/{family.pk}/assessment/{assessment.pk}/needs/",
        {"headline": "domestic_abuse", "decision": "confirmed", "note": "Secret detail"},
    )
    client.force_login(world.users["school"])
    page = client.get(f"/families/{family.pk}/assessment/").content.decode()
    assert "Secret detail" not in page and "Details restricted" in page and "Save note" not in page
    response = client.post(f"/families/{family.pk}/assessment/start/", _date("started_on", TODAY))
    assert response.status_code == 403
    assert AuditEntry.objects.filter(action="denied", family_id=family.pk, username="school").exists()
