"""New referral: a valid form creates the family, its people and memberships with audit and history rows; an
invalid one shows the GOV.UK error summary and keeps what was typed; other roles get a 403 page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from web_world import World

from wholefamily.web.accounts.models import AuditEntry
from wholefamily.web.casework.models import Family, Membership, Person

TOMORROW = dt.date.today() + dt.timedelta(days=1)


def _form(**changes: str) -> dict[str, str]:
    data = {
        "address": "12 Example Street, Testtown",
        "postcode": "wx2 3bd",
        "referral_reason": "School is worried about attendance",
        "referrer_agency": "school",
        "referrer_name": "A Teacher",
        "person_1_first_name": "Robin",
        "person_1_surname": "Sample",
        "person_1_date_of_birth-day": "9",
        "person_1_date_of_birth-month": "10",
        "person_1_date_of_birth-year": "1988",
        "person_1_role": "parent",
    }
    data.update(changes)
    return data


def _post(client: Client, world: World, username: str, data: dict[str, Any]) -> Any:
    client.force_login(world.users[username])
    return client.post("/families/new/", data)


def test_a_valid_referral_creates_the_family_with_audit_and_history(world: World, client: Client) -> None:
    response = _post(
        client,
        world,
        "kw_north",
        _form(
            person_2_first_name="Kit",
            person_2_surname="Sample",
            **{"person_2_date_of_birth-day": "1", "person_2_date_of_birth-month": "2"},
            **{"person_2_date_of_birth-year": "2016", "person_2_role": "child"},
        ),
    )
    family = Family.objects.get(origin="casework")
    assert response.status_code == 302 and response["Location"] == f"/families/{family.pk}/"
    assert family.status == Family.Status.REFERRED and family.team == world.users["kw_north"].team
    assert family.postcode == "WX2 3BD" and family.referrer_agency == "school"
    assert family.lead_practitioner is None
    members = {
        m.person.first_name: m for m in Membership.objects.filter(family=family).select_related("person")
    }
    assert set(members) == {"Robin", "Kit"}
    assert members["Kit"].person.date_of_birth == dt.date(2016, 2, 1) and members["Kit"].role == "child"
    assert members["Robin"].source == "casework" and members["Robin"].person.origin == "casework"
    entry = AuditEntry.objects.get(action="create", family_id=family.pk)
    assert entry.username == "kw_north" and entry.detail["people"] == 2
    assert family.history.count() == 1 and family.history.first().history_user == world.users["kw_north"]  # type: ignore[union-attr]
    assert Person.history.filter(first_name="Kit").count() == 1
    assert Membership.history.filter(family_id=family.pk).count() == 2
    page = client.get(response["Location"]).content.decode()
    assert "govuk-notification-banner--success" in page and f"Referral {family.reference} created" in page
    assert "Referred by A Teacher (School or college)" in page


@pytest.mark.parametrize("username", ["front_door", "coordinator"])
def test_front_door_and_coordinator_referrals_stay_unallocated(
    world: World, client: Client, username: str
) -> None:
    response = _post(client, world, username, _form())
    family = Family.objects.get(origin="casework")
    assert family.team is None and response["Location"] == f"/families/{family.pk}/"


def test_an_invalid_referral_shows_the_error_summary_and_keeps_the_input(
    world: World, client: Client
) -> None:
    data = _form(
        referral_reason="",
        postcode="WX1 1A",
        person_1_first_name="",
        **{
            "person_1_date_of_birth-day": str(TOMORROW.day),
            "person_1_date_of_birth-month": str(TOMORROW.month),
        },
        **{"person_1_date_of_birth-year": str(TOMORROW.year), "person_2_first_name": "Kit"},
    )
    response = _post(client, world, "manager_north", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Error: New referral" in page and "govuk-error-summary" in page
    for anchor, message in (
        ("id_postcode", "Enter a real postcode, like WX1 1AA"),
        ("id_referral_reason", "Enter why the family is being referred"),
        ("id_person_1_first_name", "Enter the first name of person 1"),
        ("id_person_1_date_of_birth-day", "Person 1&#39;s date of birth must be today or in the past"),
        ("id_person_2_surname", "Enter the surname of person 2"),
        ("id_person_2_role", "Choose the role in the family of person 2"),
    ):
        assert f'<a href="#{anchor}">{message}</a>' in page, anchor
    assert 'id="id_person_1_date_of_birth-day"' in page
    assert 'value="12 Example Street, Testtown"' in page and 'value="Kit"' in page
    assert f'name="person_1_date_of_birth-year" type="text" value="{TOMORROW.year}"' in page
    assert not Family.objects.filter(origin="casework").exists()


def test_a_partial_date_of_birth_names_the_missing_part(world: World, client: Client) -> None:
    page = _post(client, world, "kw_north", _form(**{"person_1_date_of_birth-month": ""})).content.decode()
    assert "Person 1&#39;s date of birth must include a month" in page
    page = _post(
        client,
        world,
        "kw_north",
        _form(**{"person_1_date_of_birth-day": "31", "person_1_date_of_birth-month": "2"}),
    ).content.decode()
    assert "Person 1&#39;s date of birth must be a real date" in page


def test_the_date_of_birth_may_be_left_out(world: World, client: Client) -> None:
    blank = {f"person_1_date_of_birth-{part}": "" for part in ("day", "month", "year")}
    assert _post(client, world, "kw_north", _form(**blank)).status_code == 302
    assert Person.objects.get(first_name="Robin").date_of_birth is None


@pytest.mark.parametrize("username", ["school", "data_manager", "auditor", "admin"])
def test_other_roles_cannot_refer(world: World, client: Client, username: str) -> None:
    client.force_login(world.users[username])
    for response in (client.get("/families/new/"), client.post("/families/new/", _form())):
        assert response.status_code == 403
        assert "You cannot do this" in response.content.decode()
    assert AuditEntry.objects.filter(username=username, action="denied").count() == 2
    assert not Family.objects.filter(origin="casework").exists()


def test_a_referral_the_referrer_cannot_open_sends_them_home_with_a_message(
    world: World, client: Client
) -> None:
    keyworker = world.users["kw_south"]
    keyworker.team = None
    keyworker.save()
    response = _post(client, world, "kw_south", _form())
    family = Family.objects.get(origin="casework")
    assert family.team is None and response["Location"] == "/"
    page = client.get("/").content.decode()
    assert f"Referral {family.reference} created. It is with the front door team for allocation." in page
