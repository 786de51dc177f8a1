"""Assessment, wellbeing and plan through the API: the same rules as the pages (400 for invalid input, 409 with
the journey rule's message for a step the status does not allow, 403/404 for access), every change audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from api_helpers import token_client
from rest_framework.test import APIClient
from web_world import World

from wholefamily.web.accounts.models import AuditEntry
from wholefamily.web.casework.models import Assessment, Family, PlanGoal, WellbeingArea, WellbeingScore

TODAY = dt.date.today().isoformat()
ALL_FIVES = {area.value: 5 for area in WellbeingArea}


def _kw(world: World) -> APIClient:
    return token_client(world.users["kw_north"])


def _base(world: World) -> str:
    return f"/api/families/{world.families['north'].pk}/"


def _post(client: APIClient, url: str, body: dict[str, Any], expected: int) -> dict[str, Any]:
    response = client.post(url, body, format="json")
    assert response.status_code == expected, response.content
    return response.json()  # type: ignore[no-any-return]


def test_a_whole_assessment_through_the_api(world: World) -> None:
    client, base = _kw(world), _base(world)
    started = _post(client, base + "assessments/", {"started_on": TODAY}, 201)
    steps = base + f"assessments/{started['id']}/"
    refused = _post(client, steps + "complete/", {"completed_on": TODAY}, 409)
    assert "add a note for ParentNorth Testperson, ChildNorth Testperson" in refused["detail"]
    for who in ("north_parent", "north_child"):
        _post(client, steps + "members/", {"person": world.people[who].pk, "notes": f"About {who}"}, 200)
    body = _post(client, steps + "needs/", {"headline": "education", "decision": "confirmed"}, 200)
    assert body["needs"][0]["need"] is not None and body["needs"][0]["decision_label"] == "Confirmed"
    _post(client, steps + "family-view/", {"family_view": "In our words"}, 200)
    body = _post(client, steps + "complete/", {"completed_on": TODAY}, 200)
    assert body["completed_on"] == TODAY and len(body["members_considered"]) == 2
    listed = client.get(base + "assessments/").json()
    assert [a["id"] for a in listed] == [started["id"]] and listed[0]["family_view"] == "In our words"
    assert AuditEntry.objects.filter(
        channel="api", action="view", family_id=world.families["north"].pk
    ).exists()
    assert AuditEntry.objects.filter(channel="api", action="change", object_type="assessment").exists()


def test_invalid_input_answers_400(world: World) -> None:
    client, base = _kw(world), _base(world)
    assert client.post(base + "assessments/", {"started_on": "2999-01-01"}, format="json").status_code == 400
    started = _post(client, base + "assessments/", {"started_on": TODAY}, 201)
    steps = base + f"assessments/{started['id']}/"
    body = _post(client, steps + "members/", {"person": world.people["south_parent"].pk, "notes": "x"}, 400)
    assert body == {"person": ["Not a current member of this family."]}
    body = _post(client, steps + "needs/", {"headline": "education", "decision": "added"}, 400)
    assert "choose confirmed or ruled out" in body["decision"][0]
    assert "headline" in _post(client, steps + "needs/", {"headline": "nonsense", "decision": "added"}, 400)
    body = _post(client, base + "wellbeing/", {"scored_on": TODAY, "scores": {**ALL_FIVES, "home": 11}}, 400)
    assert "scores" in body
    scores = {k: v for k, v in ALL_FIVES.items() if k != "home"} | {"garden": 3}
    body = _post(client, base + "wellbeing/", {"scored_on": TODAY, "scores": scores}, 400)
    assert body["scores"] == ["Not an area: garden.", "No score for: home."]
    assert "goal" in _post(client, base + "plan/goals/", {"headline": "education"}, 400)
    assert not WellbeingScore.objects.exists() and not PlanGoal.objects.exists()


def test_wellbeing_and_plan_through_the_api(world: World) -> None:
    client, base = _kw(world), _base(world)
    started = _post(client, base + "assessments/", {"started_on": TODAY}, 201)
    body = _post(client, base + "wellbeing/", {"scored_on": TODAY, "scores": ALL_FIVES}, 201)
    assert body["dates"] == [{"scored_on": TODAY, "scores": ALL_FIVES}]
    assert WellbeingScore.objects.filter(assessment_id=started["id"]).count() == 10
    plan = client.get(base + "plan/").json()
    assert [(n["headline"], n["headline_label"]) for n in plan["needs_without_goal"]] == [
        ("education", "Getting a good education"),
        ("domestic_abuse", "Safe from domestic abuse"),
    ]
    goal = _post(client, base + "plan/goals/", {"headline": "education", "goal": "Children in school"}, 201)
    action = _post(
        client,
        base + f"plan/goals/{goal['id']}/actions/",
        {"action": "Meet the head teacher", "owner": "Mum", "due_on": TODAY},
        201,
    )
    assert action["progress"] == "not_started"
    response = client.patch(base + f"plan/actions/{action['id']}/", {"progress": "done"}, format="json")
    assert response.status_code == 200 and response.json()["progress_label"] == "Done"
    response = client.patch(base + f"plan/goals/{goal['id']}/", {"status": "achieved"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "achieved"
    plan = client.get(base + "plan/").json()
    assert [n["headline"] for n in plan["needs_without_goal"]] == ["domestic_abuse"]
    assert plan["goals"][0]["actions"][0]["owner"] == "Mum"


def test_a_closed_case_answers_409_with_the_rule(world: World) -> None:
    client, base = _kw(world), _base(world)
    Family.objects.filter(pk=world.families["north"].pk).update(status=Family.Status.CLOSED)
    message = "This case is closed, so you cannot record {}. Make a new referral to reopen it."
    body = _post(client, base + "assessments/", {"started_on": TODAY}, 409)
    assert body == {"detail": message.format("an assessment")}
    body = _post(client, base + "wellbeing/", {"scored_on": TODAY, "scores": ALL_FIVES}, 409)
    assert body == {"detail": message.format("wellbeing scores")}
    body = _post(client, base + "plan/goals/", {"headline": "education", "goal": "x"}, 409)
    assert body == {"detail": message.format("the family plan")}
    assert not Assessment.objects.exists() and not WellbeingScore.objects.exists()


@pytest.mark.parametrize(
    ("username", "method", "path", "status"),
    [
        ("kw_south", "get", "assessments/", 404),
        ("police", "get", "plan/", 404),
        ("data_manager", "get", "wellbeing/", 403),
        ("auditor", "get", "assessments/", 403),
        ("auditor", "post", "plan/goals/", 403),
        ("data_manager", "get", "plan/", 403),
        ("data_manager", "get", "closure/", 403),
        ("school", "post", "assessments/", 403),
        ("school", "post", "plan/goals/", 403),
    ],
)
def test_access(world: World, username: str, method: str, path: str, status: int) -> None:
    client = token_client(world.users[username])
    url = _base(world) + path
    response = client.get(url) if method == "get" else client.post(url, {}, format="json")
    assert response.status_code == status
    assert AuditEntry.objects.filter(
        action="denied", username=username, family_id=world.families["north"].pk
    ).exists()


@pytest.mark.parametrize("path", ["plan/", "closure/"])
def test_the_auditor_reads_the_plan_and_the_closures(world: World, path: str) -> None:
    response = token_client(world.users["auditor"]).get(_base(world) + path)
    assert response.status_code == 200
    assert AuditEntry.objects.filter(
        action="view", username="auditor", family_id=world.families["north"].pk
    ).exists()


def test_a_partner_reads_without_restricted_details(world: World) -> None:
    client, base = _kw(world), _base(world)
    started = _post(client, base + "assessments/", {"started_on": TODAY}, 201)
    steps = base + f"assessments/{started['id']}/"
    _post(
        client,
        steps + "needs/",
        {"headline": "domestic_abuse", "decision": "confirmed", "note": "Secret"},
        200,
    )
    _post(client, base + "plan/goals/", {"headline": "domestic_abuse", "goal": "Secret goal"}, 201)
    school = token_client(world.users["school"])
    need = school.get(base + "assessments/").json()[0]["needs"][0]
    assert need["note"] == "" and need["restricted"] is True
    plan = school.get(base + "plan/").json()
    assert plan["goals"] == [] and plan["restricted_headlines"] == ["domestic_abuse"]


def test_a_goal_for_one_identified_need_through_the_api(world: World) -> None:
    client, base = _kw(world), _base(world)
    family = world.families["north"]
    absence = family.needs.get(headline="education")
    plan = client.get(base + "plan/").json()
    education = next(n for n in plan["needs_without_goal"] if n["headline"] == "education")
    assert education == {
        "headline": "education",
        "headline_label": "Getting a good education",
        "need": absence.pk,
        "need_label": "Getting a good education: Persistent absence from school",
    }
    wrong = _post(
        client, base + "plan/goals/", {"headline": "domestic_abuse", "need": absence.pk, "goal": "x"}, 400
    )
    assert wrong == {"need": ["Not an identified need of this family under the headline."]}
    other = world.families["south"].needs.get(headline="education").pk
    assert "need" in _post(
        client, base + "plan/goals/", {"headline": "education", "need": other, "goal": "x"}, 400
    )
    goal = _post(
        client, base + "plan/goals/", {"headline": "education", "need": absence.pk, "goal": "In school"}, 201
    )
    assert goal["need"] == absence.pk and PlanGoal.objects.get().need == absence
    whole = _post(client, base + "plan/goals/", {"headline": "domestic_abuse", "goal": "Safe at home"}, 201)
    assert whole["need"] is None
    assert client.get(base + "plan/").json()["needs_without_goal"] == []


def test_a_partner_reads_a_sensitive_need_without_a_goal_by_its_headline(world: World) -> None:
    plan = token_client(world.users["school"]).get(_base(world) + "plan/").json()
    abuse = next(n for n in plan["needs_without_goal"] if n["headline"] == "domestic_abuse")
    assert abuse == {
        "headline": "domestic_abuse",
        "headline_label": "Safe from domestic abuse",
        "need": None,
        "need_label": "Safe from domestic abuse",
    }
