"""The front door through the API: triage and allocation (200, 400, 403, 404, 409 with the rule's message,
a caseload warning that does not stop the allocation), caseloads and the dashboard (managers only)."""

from __future__ import annotations

import pytest
from api_helpers import token_client
from web_world import World

from wholefamily.web.accounts.models import AuditEntry, Team
from wholefamily.web.casework.models import Family, Referral

DECISION = {
    "level_of_need": 4,
    "route": "early_help",
    "decision_reason": "Edge of care",
    "consent_to_contact": True,
}


def _triage(world: World, username: str, family: str, data: object = DECISION) -> tuple[int, dict]:  # type: ignore[type-arg]
    response = token_client(world.users[username]).post(
        f"/api/families/{world.families[family].pk}/triage/", data, format="json"
    )
    return response.status_code, response.json()


def _allocate(world: World, username: str, family: str, lead: str = "kw_north") -> tuple[int, dict]:  # type: ignore[type-arg]
    body = {"team": Team.objects.get(name="North").pk, "lead_practitioner": world.users[lead].pk}
    response = token_client(world.users[username]).post(
        f"/api/families/{world.families[family].pk}/allocation/", body, format="json"
    )
    return response.status_code, response.json()


def test_triage_then_allocation(world: World) -> None:
    status, body = _triage(world, "front_door", "unallocated")
    assert status == 200
    assert body["family_status"] == "accepted" and body["origin"] == "pipeline" and body["level_of_need"] == 4
    assert body["level_label"] == "Level 4: statutory children's social care"
    status, body = _allocate(world, "manager_north", "unallocated")
    assert status == 200, body
    assert body["status"] == "open" and body["lead_practitioner"] == world.users["kw_north"].pk
    assert body["caseload"]["families"] == 2 and body["caseload"]["points"] == 4.0
    assert body["warnings"] == []
    family = Family.objects.get(pk=world.families["unallocated"].pk)
    assert family.status == Family.Status.OPEN and family.lead_practitioner == world.users["kw_north"]
    assert AuditEntry.objects.filter(action="change", family_id=family.pk).count() == 2


def test_allocation_past_the_limit_answers_with_a_warning(world: World) -> None:
    _triage(world, "front_door", "unallocated")  # level 4: 3 points
    states = []
    for family in ("unallocated", "north", "south"):  # the last two were never triaged: 1 point each
        status, body = _allocate(world, "coordinator", family, lead="school")  # a partner's limit: 4 points
        assert status == 200
        states.append(body["caseload"]["state"])
    assert states == ["ok", "near", "over"]
    assert body["warnings"] == [
        "School now leads 3 families weighing 5 points, over their limit of 4. "
        "Talk it through in supervision, or choose someone else."
    ]
    assert Family.objects.get(pk=world.families["south"].pk).lead_practitioner == world.users["school"]


def test_invalid_input_is_400_and_changes_nothing(world: World) -> None:
    status, body = _triage(world, "front_door", "unallocated", {"level_of_need": 9, "route": "nowhere"})
    assert status == 400 and set(body) == {"level_of_need", "route", "decision_reason"}
    status, body = _allocate(world, "manager_north", "north", lead="coordinator")
    assert status == 400 and "lead_practitioner" in body
    assert not Referral.objects.exists()


def test_invalid_transitions_are_409_with_the_reason(world: World) -> None:
    status, body = _triage(world, "coordinator", "north")
    assert status == 409 and body["detail"].startswith("Only a new referral, or a family identified")
    status, body = _allocate(world, "manager_north", "unallocated")
    assert status == 409
    assert body["detail"] == (
        "A family is allocated after the front door accepts it for early help: triage the referral first "
        "(this family is identified from partner data)."
    )
    assert Family.objects.get(pk=world.families["unallocated"].pk).status == Family.Status.IDENTIFIED


@pytest.mark.parametrize(
    ("username", "family", "action"),
    [
        ("kw_north", "north", _triage),
        ("front_door", "unallocated", _allocate),
        ("data_manager", "south", _allocate),
    ],
)
def test_roles_that_may_not_are_403(world: World, username: str, family: str, action: object) -> None:
    status, _ = action(world, username, family)  # type: ignore[operator]
    assert status == 403
    assert AuditEntry.objects.filter(
        username=username, action="denied", family_id=world.families[family].pk
    ).exists()


def test_families_out_of_sight_are_404(world: World) -> None:
    assert _triage(world, "front_door", "north")[0] == 404
    assert _allocate(world, "manager_north", "south")[0] == 404
    response = token_client(world.users["coordinator"]).post(
        "/api/families/WF1/triage/", DECISION, format="json"
    )
    assert response.status_code == 404
    assert AuditEntry.objects.filter(action="denied").count() == 3


def test_caseloads_and_dashboard_for_managers_only(world: World) -> None:
    client = token_client(world.users["manager_north"])
    loads = client.get("/api/caseloads/").json()
    assert [(load["username"], load["families"], load["limit"]) for load in loads] == [("kw_north", 1, 16.0)]
    body = client.get("/api/dashboard/").json()
    assert set(body) == {
        "caseloads",
        "waiting_for_triage",
        "waiting_for_allocation",
        "identified_not_triaged",
        "overdue_reviews",
        "open_over_a_year",
    }
    assert body["identified_not_triaged"] == 1 and body["waiting_for_allocation"] == []
    assert AuditEntry.objects.filter(username="manager_north", action="view").count() == 2
    for username in ("kw_north", "front_door", "auditor"):
        keyworker = token_client(world.users[username])
        assert keyworker.get("/api/caseloads/").status_code == 403
        assert keyworker.get("/api/dashboard/").status_code == 403


def test_a_keyworker_of_another_team_cannot_lead(world: World) -> None:
    _triage(world, "front_door", "unallocated")
    status, body = _allocate(world, "coordinator", "unallocated", lead="kw_south")
    assert status == 400
    assert body == {
        "lead_practitioner": ["Choose a lead practitioner in the North team: Kw South is in the South team"]
    }
    assert Family.objects.get(pk=world.families["unallocated"].pk).lead_practitioner is None
    assert _allocate(world, "coordinator", "unallocated", lead="kw_north")[0] == 200
