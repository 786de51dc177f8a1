"""Team around the family and consent: allowed roles change them (audit and history rows), and the changes move
partner access; roles that see the family but may not edit get 403; others 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from web_world import World

from wholefamily.web.accounts.models import AuditEntry
from wholefamily.web.casework.models import Consent, TeamMember

TODAY = dt.date.today()


def _date(prefix: str, day: dt.date) -> dict[str, str]:
    return {f"{prefix}-day": str(day.day), f"{prefix}-month": str(day.month), f"{prefix}-year": str(day.year)}


def test_keyworker_adds_a_practitioner_with_their_agency(world: World, client: Client) -> None:
    family = world.families["withdrawn"]
    client.force_login(world.users["kw_north"])
    page = client.get(f"/families/{family.pk}/team/add/").content.decode()
    assert "Police – Partner practitioner, Police" in page
    response = client.post(
        f"/families/{family.pk}/team/add/",
        {"practitioner": world.users["police"].pk, "agency": "", "role_in_team": "Neighbourhood officer"},
    )
    assert response.status_code == 302 and response["Location"] == f"/families/{family.pk}/"
    member = TeamMember.objects.get(family=family, practitioner=world.users["police"])
    assert member.agency == "police" and member.role_in_team == "Neighbourhood officer"
    assert member.start_date == TODAY and member.end_date is None
    assert AuditEntry.objects.filter(action="create", object_type="teammember", family_id=family.pk).exists()
    assert TeamMember.history.filter(id=member.pk, history_user=world.users["kw_north"]).count() == 1
    page = client.get(response["Location"]).content.decode()
    assert "Police added to the team around the family" in page and "Neighbourhood officer" in page


def test_someone_already_in_the_team_cannot_be_added_twice(world: World, client: Client) -> None:
    family = world.families["north"]
    client.force_login(world.users["manager_north"])
    page = client.post(
        f"/families/{family.pk}/team/add/",
        {"practitioner": world.users["school"].pk, "role_in_team": "Again"},
    ).content.decode()
    assert "School is already in the team around this family" in page and 'href="#id_practitioner"' in page
    page = client.post(f"/families/{family.pk}/team/add/", {}).content.decode()
    assert "Choose a practitioner" in page and "Enter their role in the team" in page
    assert TeamMember.objects.filter(family=family).count() == 2


def test_ending_a_place_asks_first_then_ends_it_today(world: World, client: Client) -> None:
    family = world.families["north"]
    member = TeamMember.objects.get(family=family, practitioner=world.users["school"])
    url = f"/families/{family.pk}/team/{member.pk}/end/"
    client.force_login(world.users["coordinator"])
    page = client.get(url).content.decode()
    assert "Remove School from the team" in page and "govuk-button--warning" in page
    member.refresh_from_db()
    assert member.end_date is None
    assert client.post(url).status_code == 302
    member.refresh_from_db()
    assert member.end_date == TODAY
    assert AuditEntry.objects.filter(
        action="change", object_type="teammember", object_id=str(member.pk)
    ).exists()
    assert TeamMember.history.filter(id=member.pk).count() == 2
    assert client.post(url).status_code == 404  # already ended


def test_recording_consent_to_share_opens_the_family_to_that_partner(world: World, client: Client) -> None:
    family = world.families["north"]
    client.force_login(world.users["police"])
    assert client.get(f"/families/{family.pk}/").status_code == 404
    client.force_login(world.users["kw_north"])
    form = {
        "purpose": "share",
        "agency": "police",
        "given_by": world.people["north_parent"].pk,
        "how": "verbal",
        **_date("given_on", TODAY),
    }
    response = client.post(f"/families/{family.pk}/consent/add/", form)
    assert response.status_code == 302
    consent = Consent.objects.get(family=family, agency="police")
    assert consent.recorded_by == world.users["kw_north"] and consent.given_on == TODAY
    assert AuditEntry.objects.filter(action="create", object_type="consent", family_id=family.pk).exists()
    assert Consent.history.filter(id=consent.pk).count() == 1
    client.force_login(world.users["police"])
    assert client.get(f"/families/{family.pk}/").status_code == 200


@pytest.mark.parametrize(
    ("changes", "anchor", "message"),
    [
        ({"agency": ""}, "id_agency", "Choose the agency the family agrees to share information with"),
        ({"purpose": "contact"}, "id_agency", "Leave the agency as ‘No agency’ unless"),
        (
            {"given_on-year": str(TODAY.year + 1)},
            "id_given_on-day",
            "Date consent was given must be today or in",
        ),
        ({"given_by": "999999"}, "id_given_by", "Select a valid choice"),
        ({"purpose": ""}, "purpose", "Choose what the consent is for"),
    ],
)
def test_consent_form_errors(
    world: World, client: Client, changes: dict[str, str], anchor: str, message: str
) -> None:
    family = world.families["north"]
    form = {
        "purpose": "share",
        "agency": "police",
        "given_by": str(world.people["north_parent"].pk),
        "how": "written",
        **_date("given_on", TODAY),
        **changes,
    }
    client.force_login(world.users["kw_north"])
    page = client.post(f"/families/{family.pk}/consent/add/", form).content.decode()
    assert f'href="#{anchor}"' in page and message in page
    assert Consent.objects.filter(family=family).count() == 1


def test_a_member_of_another_family_cannot_give_consent(world: World, client: Client) -> None:
    client.force_login(world.users["kw_north"])
    form = {"purpose": "take_part", "given_by": world.people["south_parent"].pk, "how": "written"}
    response = client.post(
        f"/families/{world.families['north'].pk}/consent/add/", {**form, **_date("given_on", TODAY)}
    )
    assert "Select a valid choice" in response.content.decode()


def test_withdrawing_consent_closes_the_family_to_the_partner(world: World, client: Client) -> None:
    family = world.families["north"]
    consent = Consent.objects.get(family=family, agency="school")
    url = f"/families/{family.pk}/consent/{consent.pk}/withdraw/"
    client.force_login(world.users["kw_north"])
    assert "Withdraw consent" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_on == TODAY
    assert AuditEntry.objects.filter(
        action="change", object_type="consent", object_id=str(consent.pk)
    ).exists()
    assert Consent.history.filter(id=consent.pk).count() == 2
    client.force_login(world.users["school"])
    assert client.get(f"/families/{family.pk}/").status_code == 404


@pytest.mark.parametrize("username", ["data_manager", "auditor", "school"])
def test_roles_that_see_the_family_but_may_not_edit_get_403(
    world: World, client: Client, username: str
) -> None:
    family = world.families["north"]
    member = TeamMember.objects.filter(family=family).first()
    consent = Consent.objects.get(family=family)
    assert member is not None
    client.force_login(world.users[username])
    for url in (
        f"/families/{family.pk}/team/add/",
        f"/families/{family.pk}/team/{member.pk}/end/",
        f"/families/{family.pk}/consent/add/",
        f"/families/{family.pk}/consent/{consent.pk}/withdraw/",
    ):
        assert client.post(url, {"practitioner": world.users["police"].pk}).status_code == 403, url
    assert AuditEntry.objects.filter(username=username, action="denied", family_id=family.pk).count() == 4
    member.refresh_from_db()
    consent.refresh_from_db()
    assert member.end_date is None and consent.withdrawn_on is None


def test_families_the_user_cannot_see_are_404(world: World, client: Client) -> None:
    family = world.families["north"]
    client.force_login(world.users["kw_south"])
    assert client.get(f"/families/{family.pk}/team/add/").status_code == 404
    assert client.post(f"/families/{family.pk}/consent/add/", {}).status_code == 404
    client.force_login(world.users["front_door"])
    assert client.get(f"/families/{family.pk}/consent/add/").status_code == 404
