"""Triage at the front door: level of need, route and reason; the route moves the family on (accepted,
stepped up, or signposted and closed); a family identified from partner data gets a Referral with origin
pipeline; invalid input shows the GOV.UK error summary, a family not waiting for triage the rule's message;
roles that may not triage get 403, families out of sight 404."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from web_world import World

from wholefamily.web.accounts.models import AuditEntry
from wholefamily.web.casework.models import Closure, Family, Referral, StepChange, TimelineEvent

DECISION = {
    "level_of_need": "3",
    "route": "early_help",
    "decision_reason": "Safeguarding screen clear; several needs: whole-family support",
    "consent_to_contact": "yes",
}


def _url(world: World, name: str) -> str:
    return f"/families/{world.families[name].pk}/triage/"


def _referred(world: World, name: str) -> Family:
    """A family referred by hand, as the New referral page leaves it (no Referral row yet)."""
    family = world.families[name]
    family.status = Family.Status.REFERRED
    family.referral_reason = "School worried about attendance"
    family.referrer_agency = "school"
    family.referrer_name = "A Teacher"
    family.save()
    return family


def test_front_door_accepts_an_identified_family_for_early_help(world: World, client: Client) -> None:
    client.force_login(world.users["front_door"])
    page = client.get(_url(world, "unallocated")).content.decode()
    assert "Level 3: intensive, targeted support (edge of care)" in page and "Domestic abuse" in page
    response = client.post(_url(world, "unallocated"), DECISION)
    family = Family.objects.get(pk=world.families["unallocated"].pk)
    assert response.status_code == 302 and response["Location"] == f"/families/{family.pk}/"
    assert family.status == Family.Status.ACCEPTED
    referral = Referral.objects.get(family=family)
    assert referral.origin == Referral.Origin.PIPELINE
    assert referral.reason == "Identified from partner data: Domestic abuse, Getting a good education"
    assert (referral.level_of_need, referral.route, referral.consent_to_contact) == (3, "early_help", True)
    assert referral.triaged_by == world.users["front_door"] and referral.triaged
    event = TimelineEvent.objects.get(family=family, kind="triage")
    assert event.title.startswith("Triaged: Level 3") and event.detail == DECISION["decision_reason"]
    entry = AuditEntry.objects.get(action="change", family_id=family.pk)
    assert (
        entry.detail["before"] == {"status": "identified"} and entry.detail["after"]["status"] == "accepted"
    )
    assert AuditEntry.objects.filter(action="view", family_id=family.pk, summary="Triage page").count() == 1


def test_a_referral_made_by_hand_can_go_to_childrens_social_care(world: World, client: Client) -> None:
    family = _referred(world, "not_eligible")
    client.force_login(world.users["manager_north"])
    client.post(_url(world, "not_eligible"), {**DECISION, "level_of_need": "4", "route": "social_care"})
    family.refresh_from_db()
    assert family.status == Family.Status.STEPPED_UP
    referral = Referral.objects.get(family=family)
    assert referral.origin == Referral.Origin.AGENCY and referral.referrer_name == "A Teacher"
    assert referral.reason == "School worried about attendance"
    step = StepChange.objects.get(family=family)
    assert step.direction == StepChange.Direction.UP and step.reason == DECISION["decision_reason"]


def test_universal_services_signposts_and_closes(world: World, client: Client) -> None:
    client.force_login(world.users["coordinator"])
    client.post(_url(world, "not_eligible"), {**DECISION, "level_of_need": "1", "route": "universal"})
    family = Family.objects.get(pk=world.families["not_eligible"].pk)
    assert family.status == Family.Status.CLOSED
    closure = Closure.objects.get(family=family)
    assert closure.reason == Closure.Reason.SIGNPOSTED


def test_a_waiting_referral_is_triaged_not_duplicated(world: World, client: Client) -> None:
    family = _referred(world, "unallocated")
    waiting = Referral.objects.create(
        family=family, received_on=family.created_at.date(), origin="family", reason="Mum asked for help"
    )
    client.force_login(world.users["front_door"])
    assert "Mum asked for help" in client.get(_url(world, "unallocated")).content.decode()
    client.post(_url(world, "unallocated"), {**DECISION, "consent_to_contact": "unknown"})
    waiting.refresh_from_db()
    assert Referral.objects.filter(family=family).count() == 1
    assert waiting.triaged and waiting.level_of_need == 3 and waiting.consent_to_contact is None


def test_invalid_input_shows_the_error_summary_and_changes_nothing(world: World, client: Client) -> None:
    client.force_login(world.users["front_door"])
    response = client.post(_url(world, "unallocated"), {"level_of_need": "7", "decision_reason": "  "})
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert "Select a valid choice. 7 is not one of the available choices." in page
    for message in (
        "Choose where the family should go",
        "Enter the reason for the decision",
        "Choose whether the family has agreed to be contacted",
    ):
        assert message in page
    assert Family.objects.get(pk=world.families["unallocated"].pk).status == Family.Status.IDENTIFIED
    assert not Referral.objects.exists()


def test_a_family_not_waiting_for_triage_is_refused_with_the_reason(world: World, client: Client) -> None:
    client.force_login(world.users["coordinator"])
    message = (
        "Only a new referral, or a family identified from partner data, can be triaged "
        "(this family is open: allocated)."
    )
    page = client.get(_url(world, "north"))
    assert page.status_code == 200 and message in page.content.decode()
    assert 'name="route"' not in page.content.decode()
    response = client.post(_url(world, "north"), DECISION)
    assert response.status_code == 409 and message in response.content.decode()
    assert Family.objects.get(pk=world.families["north"].pk).status == Family.Status.OPEN
    assert not Referral.objects.exists()


@pytest.mark.parametrize(("username", "family"), [("kw_north", "north"), ("data_manager", "unallocated")])
def test_roles_that_may_not_triage_get_403(world: World, client: Client, username: str, family: str) -> None:
    client.force_login(world.users[username])
    assert client.post(_url(world, family), DECISION).status_code == 403
    assert AuditEntry.objects.filter(
        username=username, action="denied", family_id=world.families[family].pk
    ).exists()
    assert not Referral.objects.exists()


def test_families_out_of_sight_are_404(world: World, client: Client) -> None:
    client.force_login(world.users["front_door"])
    assert client.post(_url(world, "north"), DECISION).status_code == 404
    assert AuditEntry.objects.filter(action="denied", family_id=world.families["north"].pk).count() == 1


def test_level_labels_come_from_the_caseload_file(
    world: World, client: Client, settings: Any, tmp_path: Path
) -> None:
    text = resources.files("wholefamily.web.casework").joinpath("data/caseload.yaml").read_text("utf-8")
    path = tmp_path / "caseload.yaml"
    path.write_text(
        text.replace("Level 2: additional needs (universal plus)", "Targeted early help"), "utf-8"
    )
    settings.CASELOAD_FILE = str(path)
    client.force_login(world.users["front_door"])
    page = client.get(_url(world, "unallocated")).content.decode()
    assert "Targeted early help" in page and "Level 2: additional needs" not in page
