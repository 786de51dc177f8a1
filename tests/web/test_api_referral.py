"""POST /api/families/: a referral made by hand, with the rules of the New referral page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from api_helpers import token_client
from web_world import World

from wholefamily.web.accounts.models import AuditEntry
from wholefamily.web.casework.models import Family, Membership, Person, TimelineEvent


def _referral(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "address": "12 Example Street, Westshire",
        "postcode": "wx2 3bd",
        "referral_reason": "School worried about attendance and the family asked for help.",
        "referrer_agency": "school",
        "referrer_name": "A. Teacher",
        "people": [
            {"first_name": "Sam", "surname": "Sample", "date_of_birth": "1988-02-29", "role": "parent"},
            {"first_name": "Kit", "surname": "Sample", "date_of_birth": "2016-09-01", "role": "child"},
        ],
    }
    body.update(changes)
    return body


def test_a_keyworker_refers_a_family_into_their_team(world: World) -> None:
    user = world.users["kw_north"]
    response = token_client(user).post("/api/families/", _referral(unknown_field="ignored"))
    assert response.status_code == 201, response.content
    body = response.json()
    family = Family.objects.get(pk=body["id"])
    assert response["Location"] == f"/api/families/{family.pk}/"
    assert (family.status, family.origin, family.team, family.postcode) == (
        "referred",
        "casework",
        user.team,
        "WX2 3BD",
    )
    assert body["reference"] == family.reference and body["allocated_team"] == "North"
    assert sorted(m["person"]["full_name"] for m in body["members"]) == ["Kit Sample", "Sam Sample"]
    people = Person.objects.filter(memberships__family=family)
    assert {(p.first_name, p.date_of_birth) for p in people} == {
        ("Sam", dt.date(1988, 2, 29)),
        ("Kit", dt.date(2016, 9, 1)),
    }
    assert set(Membership.objects.filter(family=family).values_list("role", flat=True)) == {"parent", "child"}
    assert TimelineEvent.objects.filter(family=family, kind="referral").exists()
    created = AuditEntry.objects.get(action="create", family_id=family.pk)
    assert (created.user, created.channel) == (user, "api")
    # django-simple-history rows, attributed to the token's user
    assert family.history.get().history_user == user  # type: ignore[attr-defined]
    for person in people:
        assert person.history.get().history_user == user  # type: ignore[attr-defined]
    assert Membership.history.filter(family_id=family.pk).count() == 2  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("username", "team"),
    [("manager_north", "North"), ("front_door", None), ("coordinator", None)],
)
def test_the_team_follows_the_referrers_role(world: World, username: str, team: str | None) -> None:
    response = token_client(world.users[username]).post("/api/families/", _referral())
    assert response.status_code == 201
    assert response.json()["allocated_team"] == team


@pytest.mark.parametrize("username", ["data_manager", "school", "auditor", "admin"])
def test_roles_that_may_not_refer_get_403(world: World, username: str) -> None:
    before = Family.objects.count()
    response = token_client(world.users[username]).post("/api/families/", _referral())
    assert response.status_code == 403
    assert Family.objects.count() == before
    denied = AuditEntry.objects.filter(user=world.users[username]).latest("id")
    assert (denied.action, denied.channel) == ("denied", "api")


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({}, {"address", "postcode", "referral_reason", "referrer_agency", "referrer_name", "people"}),
        (_referral(postcode="NOT A POSTCODE"), {"postcode"}),
        (_referral(people=[]), {"people"}),
        (_referral(people="Sam"), {"people"}),
        (_referral(people=[{"first_name": "Sam"}]), {"people"}),
        (_referral(referrer_agency="aliens"), {"referrer_agency"}),
        (_referral(address="x" * 201), {"address"}),
        (_referral(referral_reason="x" * 1_000_000), {"referral_reason"}),
        (_referral(address={"street": 1}, referrer_name=["x"]), {"address", "referrer_name"}),
        (_referral(address="nul\x00byte"), {"address"}),
        (_referral(address="   "), {"address"}),
    ],
)
def test_invalid_referrals_answer_400_with_field_errors(
    world: World, body: dict[str, Any], fields: set[str]
) -> None:
    response = token_client(world.users["coordinator"]).post("/api/families/", body)
    assert response.status_code == 400
    assert set(response.json()) == fields
    assert not Family.objects.filter(origin="casework").exists()


def test_each_person_is_checked(world: World) -> None:
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    people = [
        {"first_name": "Sam", "surname": "Sample", "date_of_birth": tomorrow, "role": "parent"},
        {"first_name": "", "surname": "Sample", "date_of_birth": "2016-02-30", "role": "pet"},
        # no date of birth: allowed, as on the page
        {"first_name": "Kit", "surname": "Sample", "role": "child"},
    ]
    response = token_client(world.users["coordinator"]).post("/api/families/", _referral(people=people))
    assert response.status_code == 400
    errors = response.json()["people"]  # by position in the list; people without errors are left out
    assert set(errors) == {"0", "1"}
    assert set(errors["0"]) == {"date_of_birth"} and "past" in errors["0"]["date_of_birth"][0]
    assert set(errors["1"]) == {"first_name", "date_of_birth", "role"}


@pytest.mark.parametrize(
    "payload",
    [b"[1, 2, 3]", b'"text"', b"null", b"{broken json", b"\xff\xfe", b"1e999999"],
)
def test_junk_bodies_answer_400(world: World, payload: bytes) -> None:
    client = token_client(world.users["coordinator"])
    response = client.post("/api/families/", payload, content_type="application/json")
    assert response.status_code == 400


def test_form_encoded_bodies_are_refused(world: World) -> None:
    client = token_client(world.users["coordinator"])
    response = client.post("/api/families/", "address=x", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415
