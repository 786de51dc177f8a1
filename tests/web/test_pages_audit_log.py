"""A family's audit log: coordinators only; audit entries and history changes merged newest first, paginated;
reading it is itself audited."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from web_world import World

from wholefamily.web.accounts.models import AuditEntry, Team
from wholefamily.web.casework.models import Family


def _rows(page: str) -> list[str]:
    body = page.split('<tbody class="govuk-table__body">', 1)[1].split("</tbody>", 1)[0]
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in body.split("</tr>")[:-1]]


def test_coordinator_reads_entries_and_changes_newest_first(world: World, client: Client) -> None:
    family = world.families["unallocated"]
    family.status = Family.Status.ACCEPTED  # accepted at triage
    family.save()
    client.force_login(world.users["manager_north"])
    client.get(f"/families/{family.pk}/")
    client.post(
        f"/families/{family.pk}/allocate/",
        {"team": Team.objects.get(name="North").pk, "lead_practitioner": world.users["kw_north"].pk},
    )
    client.force_login(world.users["coordinator"])
    response = client.get(f"/families/{family.pk}/audit/")
    assert response.status_code == 200
    rows = _rows(response.content.decode())
    assert "coordinator" in rows[0] and "Viewed the audit log" in rows[0]
    changed = next(row for row in rows if "Record changed" in row)
    assert "manager_north" in changed and "Team manager" in changed
    assert "Status: Accepted: waiting for allocation → Open: allocated" in changed
    assert "Team: – → North" in changed and "Lead practitioner: – → Kw North" in changed
    assert any("Allocated" in row and "web" in row for row in rows)
    assert any("Viewed family" in row and "manager_north" in row for row in rows)
    created = [row for row in rows if "Record created" in row]
    assert created and all("System" in row for row in created)
    assert AuditEntry.objects.filter(username="coordinator", action="view", family_id=family.pk).count() == 1


def test_the_log_is_paginated(world: World, client: Client) -> None:
    family = world.families["north"]
    AuditEntry.objects.bulk_create(
        AuditEntry(username="someone", action="view", family_id=family.pk, summary=f"view {i}")
        for i in range(60)
    )
    client.force_login(world.users["coordinator"])
    first = client.get(f"/families/{family.pk}/audit/").content.decode()
    assert len(_rows(first)) == 50 and 'href="?page=2"' in first
    second = client.get(f"/families/{family.pk}/audit/?page=2").content.decode()
    # 60 entries, two views of the log, and history: the family, 2 memberships, 2 team places, 1 consent
    assert len(_rows(second)) == 60 + 2 + 1 + 2 + 2 + 1 - 50


@pytest.mark.parametrize("username", ["kw_north", "manager_north", "data_manager", "auditor", "school"])
def test_other_roles_get_403(world: World, client: Client, username: str) -> None:
    family = world.families["north"]
    client.force_login(world.users[username])
    response = client.get(f"/families/{family.pk}/audit/")
    assert response.status_code == 403 and "You cannot do this" in response.content.decode()
    assert AuditEntry.objects.filter(username=username, action="denied", family_id=family.pk).count() == 1


def test_families_the_user_cannot_see_are_404(world: World, client: Client) -> None:
    client.force_login(world.users["kw_south"])
    assert client.get(f"/families/{world.families['north'].pk}/audit/").status_code == 404
