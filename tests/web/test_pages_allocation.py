"""Allocation: team managers and coordinators allocate (audited with before and after, history written);
other roles that can see the family get a 403 page, and those that cannot get a 404."""

from __future__ import annotations

import pytest
from django.test import Client
from web_world import World

from wholefamily.web.accounts.models import AuditEntry, Team
from wholefamily.web.casework.models import Family, TimelineEvent


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
    family = _allocate(client, world, username, "unallocated")
    assert family.status == Family.Status.OPEN
    assert family.team and family.team.name == "North" and family.lead_practitioner == world.users["kw_north"]
    entry = AuditEntry.objects.get(action="change", family_id=family.pk)
    assert entry.username == username
    assert entry.detail["before"] == {
        "status": "identified",
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
    assert Family.objects.get(pk=world.families["unallocated"].pk).status == Family.Status.IDENTIFIED


def test_a_manager_who_hands_a_family_to_another_team_returns_home(world: World, client: Client) -> None:
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
