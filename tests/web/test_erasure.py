"""Erasure of a family's casework record: only the coordinator, only where the law allows (casework on consent,
consent to take part withdrawn, case closed), audited, leaving a tombstone that no publish brings back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from journey_builders import TODAY, closed
from web_world import World

from wholefamily.governance.legal_basis import DEFAULT
from wholefamily.web.accounts.models import AuditEntry
from wholefamily.web.casework.models import CaseNote, Closure, Consent, Family, Need, Person


@pytest.fixture
def governance(settings: Any, tmp_path: Path) -> Path:
    settings.GOVERNANCE_FOLDER = tmp_path / "governance"
    settings.DOCUMENTS_FOLDER = tmp_path / "documents"
    settings.GOVERNANCE_FOLDER.mkdir()
    return Path(settings.GOVERNANCE_FOLDER)


def _consent_withdrawn(world: World, family: str = "north") -> Family:
    found = world.families[family]
    Consent.objects.create(
        family=found,
        given_by=world.people[f"{family}_parent"],
        purpose=Consent.Purpose.TAKE_PART,
        given_on=TODAY - dt.timedelta(days=90),
        how=Consent.How.WRITTEN,
        withdrawn_on=TODAY - dt.timedelta(days=5),
    )
    CaseNote.objects.create(
        family=found, kind="phone", happened_on=TODAY, note="ParentNorth withdrew consent by phone"
    )
    return found


def _page(client: Client, family: Family) -> str:
    response = client.get(f"/governance/erasure/{family.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_coordinator_erases_a_closed_case_whose_consent_was_withdrawn(
    world: World, client: Client, governance: Path
) -> None:
    family = _consent_withdrawn(world)
    client.force_login(world.users["coordinator"])
    assert "Close the case first" in _page(client, family)
    closed(family, world.users["kw_north"], days_ago=3, reason=Closure.Reason.DECLINED)
    found = client.get("/governance/erasure/", {"reference": family.reference})
    assert found.status_code == 302 and found["Location"] == f"/governance/erasure/{family.pk}/"
    page = _page(client, family)
    assert "What would go" in page and "Case notes" in page

    empty = client.post(f"/governance/erasure/{family.pk}/", {"reason": ""})
    assert "Enter why the record is erased" in empty.content.decode()
    assert Family.objects.get(pk=family.pk).pseudonymised_on is None

    needs = Need.objects.filter(family=family).count()
    done = client.post(
        f"/governance/erasure/{family.pk}/", {"reason": "Asked by letter of 1 May"}, follow=True
    )
    assert "Erased the casework record of family" in done.content.decode()
    family.refresh_from_db()
    assert family.pseudonymised_on == TODAY and family.warehouse_id == "F-north"  # kept apart from publish
    assert Need.objects.filter(family=family).count() == needs and family.closures.count() == 1
    assert not CaseNote.objects.filter(family=family).exists()
    assert Person.objects.get(pk=world.people["north_parent"].pk).first_name == ""
    entry = AuditEntry.objects.get(action=AuditEntry.Action.DELETE, family_id=family.pk)
    assert entry.username == "coordinator" and entry.detail["reason"] == "Asked by letter of 1 May"
    assert entry.detail["removed"]["case notes"] == 1 and "ParentNorth" not in str(entry.detail)
    assert "already reduced to a tombstone" in _page(client, family)
    assert family.reference in client.get("/governance/erasure/").content.decode()
    record = client.get(f"/families/{family.pk}/")  # the tombstone still opens, without names
    assert record.status_code == 200 and "ParentNorth" not in record.content.decode()


def test_erasure_is_refused_where_casework_rests_on_public_task(
    world: World, client: Client, governance: Path
) -> None:
    text = DEFAULT.read_text("utf-8").replace("basis: consent", "basis: public_task")
    text = text.replace("    consent_asked_for: [take_part, assess_children, share, contact]\n", "")
    (governance / "legal_basis.yaml").write_text(text, "utf-8")
    family = _consent_withdrawn(world)
    closed(family, world.users["kw_north"])
    client.force_login(world.users["coordinator"])
    assert "rests on public task, not consent" in _page(client, family)
    refused = client.post(f"/governance/erasure/{family.pk}/", {"reason": "Asked"})
    assert refused.status_code == 200 and Family.objects.get(pk=family.pk).pseudonymised_on is None
    assert AuditEntry.objects.filter(action=AuditEntry.Action.DENIED, family_id=family.pk).exists()


def test_other_roles_are_refused_and_audited(world: World, client: Client, governance: Path) -> None:
    family = _consent_withdrawn(world)
    closed(family, world.users["kw_north"])
    for username in ("kw_north", "data_manager", "manager_north"):
        client.force_login(world.users[username])
        assert client.post(f"/governance/erasure/{family.pk}/", {"reason": "x"}).status_code == 403
        assert AuditEntry.objects.filter(username=username, action=AuditEntry.Action.DENIED).exists()
    assert Family.objects.get(pk=family.pk).pseudonymised_on is None
