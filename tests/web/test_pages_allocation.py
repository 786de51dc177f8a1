"""Allocation: team managers and coordinators allocate a family accepted at triage (audited with before and
after, history written); a family not yet triaged is refused with the rule's message; other roles that can see
the family get a 403 page, and those that cannot get a 404. Caseloads show on the page, and a worker pushed
past their limit gives a warning, not a refusal."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from web_world import World

from wholefamily.web.accounts.models import AuditEntry, Team
from wholefamily.web.casework.models import Family, Referral, TimelineEvent


def _accept(world: World, family: str, level: int = 3) -> Family:
    """As the front door's triage leaves a family: a triaged referral to early help, waiting for allocation."""
    accepted = world.families[family]
    Referral.objects.create(
        family=accepted,
        received_on=accepted.created_at.date(),
        origin=Referral.Origin.PIPELINE,
        reason="Identified from partner data",
        level_of_need=level,
        route=Referral.Route.EARLY_HELP,
        decision_reason="Needs whole-family support",
        triaged_by=world.users["front_door"],
        triaged_at=accepted.created_at,
    )
    Family.objects.filter(pk=accepted.pk).update(status=Family.Status.ACCEPTED)
    return accepted


def _allocate(client: Client, world: World, username: str, family: str, lead: str = "kw_north") -> Family:
    client.force_login(world.users[username])
    team = Team.objects.get(name="North")
    response = client.post(
        f"/families/{world.families[family].pk}/allocate/",
        {"team": team.pk, "lead_practitioner": world.users[lead].pk},
    )
    assert response.status_code == 302
    return Family.objects.get(pk=world.families[family].pk)


@pytest.mark.parametrize("username", ["manager_north", "coordinator"])
def test_allowed_roles_allocate_and_open_the_case(world: World, client: Client, username: str) -> None:
    _accept(world, "unallocated")
    family = _allocate(client, world, username, "unallocated")
    assert family.status == Family.Status.OPEN
    assert family.team and family.team.name == "North" and family.lead_practitioner == world.users["kw_north"]
    entry = AuditEntry.objects.get(action="change", family_id=family.pk)
    assert entry.username == username
    assert entry.detail["before"] == {
        "status": "accepted",
        "team": None,
        "team_id": None,
        "lead_practitioner": None,
        "lead_practitioner_id": None,
    }
    assert (
        entry.detail["after"]["status"] == "open" and entry.detail["after"]["lead_practitioner"] == "kw_north"
    )
    latest = family.history.first()
    assert latest is not None and latest.history_type == "~" and latest.history_user == world.users[username]
    assert TimelineEvent.objects.filter(
        family=family, kind="allocation", recorded_by=world.users[username]
    ).exists()
    assert "Allocated to Kw North (North)" in client.get(f"/families/{family.pk}/").content.decode()


def test_the_form_lists_keyworkers_and_partners_and_needs_both_choices(world: World, client: Client) -> None:
    _accept(world, "unallocated")
    client.force_login(world.users["coordinator"])
    url = f"/families/{world.families['unallocated'].pk}/allocate/"
    page = client.get(url).content.decode()
    assert (
        "Kw North – Keyworker, North" in page and "School – Partner practitioner, School or college" in page
    )
    assert "Coordinator –" not in page and "Manager North –" not in page
    page = client.post(url, {}).content.decode()
    assert '<a href="#id_team">Choose a team</a>' in page
    assert '<a href="#id_lead_practitioner">Choose a lead practitioner</a>' in page
    assert Family.objects.get(pk=world.families["unallocated"].pk).status == Family.Status.ACCEPTED


def test_a_manager_who_hands_a_family_to_another_team_returns_home(world: World, client: Client) -> None:
    _accept(world, "unallocated")
    client.force_login(world.users["manager_north"])
    south = Team.objects.get(name="South")
    response = client.post(
        f"/families/{world.families['unallocated'].pk}/allocate/",
        {"team": south.pk, "lead_practitioner": world.users["kw_south"].pk},
    )
    assert response.status_code == 302 and response["Location"] == "/"


@pytest.mark.parametrize(
    ("username", "family"),
    [("kw_north", "north"), ("front_door", "unallocated"), ("school", "north"), ("data_manager", "south")],
)
def test_roles_that_see_the_family_but_may_not_allocate_get_403(
    world: World, client: Client, username: str, family: str
) -> None:
    client.force_login(world.users[username])
    url = f"/families/{world.families[family].pk}/allocate/"
    assert client.get(url).status_code == 403
    response = client.post(url, {"team": Team.objects.get(name="North").pk})
    assert response.status_code == 403 and "You cannot do this" in response.content.decode()
    denied = AuditEntry.objects.filter(
        username=username, action="denied", family_id=world.families[family].pk
    )
    assert denied.count() == 2
    assert Family.objects.get(pk=world.families[family].pk).history.count() == 1


def test_families_the_user_cannot_see_are_404(world: World, client: Client) -> None:
    client.force_login(world.users["manager_north"])
    assert client.get(f"/families/{world.families['south'].pk}/allocate/").status_code == 404
    assert AuditEntry.objects.filter(action="denied", family_id=world.families["south"].pk).count() == 1


def test_a_family_not_yet_triaged_cannot_be_allocated(world: World, client: Client) -> None:
    client.force_login(world.users["manager_north"])
    url = f"/families/{world.families['unallocated'].pk}/allocate/"
    message = (
        "A family is allocated after the front door accepts it for early help: triage the referral first"
    )
    page = client.get(url)
    assert page.status_code == 200 and message in page.content.decode()
    assert 'name="lead_practitioner"' not in page.content.decode()
    response = client.post(
        url, {"team": Team.objects.get(name="North").pk, "lead_practitioner": world.users["kw_north"].pk}
    )
    assert response.status_code == 409
    assert "There is a problem" in response.content.decode() and message in response.content.decode()
    family = Family.objects.get(pk=world.families["unallocated"].pk)
    assert family.status == Family.Status.IDENTIFIED and family.lead_practitioner is None
    assert not AuditEntry.objects.filter(action="change", family_id=family.pk).exists()


def test_an_open_case_can_be_reallocated(world: World, client: Client) -> None:
    family = _allocate(client, world, "manager_north", "north", lead="school")
    assert family.status == Family.Status.OPEN and family.lead_practitioner == world.users["school"]


def test_the_page_shows_caseloads_and_the_familys_weight(world: World, client: Client) -> None:
    _accept(world, "unallocated", level=3)
    client.force_login(world.users["manager_north"])
    page = client.get(f"/families/{world.families['unallocated'].pk}/allocate/").content.decode()
    assert "Level 3: intensive, targeted support (edge of care)" in page
    assert "This family adds 2 points to a caseload." in page
    table = page.split("Caseloads now", 1)[1].split("</table>", 1)[0]
    assert "Kw North" in table and "Kw South" not in table  # the manager's own team
    assert "Not recorded: 1" in table and "Within the limit" in table


def test_passing_the_limit_warns_but_allocates(world: World, client: Client, small_limits: None) -> None:
    _accept(world, "unallocated", level=4)  # 3 points; kw_north already leads north (not triaged: 1 point)
    client.force_login(world.users["manager_north"])
    url = f"/families/{world.families['unallocated'].pk}/allocate/"
    response = client.post(
        url,
        {"team": Team.objects.get(name="North").pk, "lead_practitioner": world.users["kw_north"].pk},
        follow=True,
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "allocated to Kw North (North)" in page
    assert "Kw North now leads 2 families weighing 4 points, over their limit of 3." in page
    family = Family.objects.get(pk=world.families["unallocated"].pk)
    assert family.status == Family.Status.OPEN and family.lead_practitioner == world.users["kw_north"]
    entry = AuditEntry.objects.get(action="change", family_id=family.pk)
    assert entry.detail["caseload"] == {"points": 4.0, "limit": 3.0, "state": "over"}


@pytest.fixture
def small_limits(settings: Any, tmp_path: Path) -> None:
    """A keyworker's limit of 3 points (the shipped file with one number changed)."""
    text = resources.files("wholefamily.web.casework").joinpath("data/caseload.yaml").read_text("utf-8")
    path = tmp_path / "caseload.yaml"
    path.write_text(text.replace("keyworker: 16", "keyworker: 3"), "utf-8")
    settings.CASELOAD_FILE = str(path)


def test_a_keyworker_of_another_team_cannot_lead(world: World, client: Client) -> None:
    _accept(world, "unallocated")
    client.force_login(world.users["coordinator"])
    response = client.post(
        f"/families/{world.families['unallocated'].pk}/allocate/",
        {"team": Team.objects.get(name="North").pk, "lead_practitioner": world.users["kw_south"].pk},
    )
    assert response.status_code == 200
    assert (
        "Choose a lead practitioner in the North team: Kw South is in the South team"
        in response.content.decode()
    )
    assert Family.objects.get(pk=world.families["unallocated"].pk).lead_practitioner is None
