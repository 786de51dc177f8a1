"""Consent through the API: recorded and withdrawn with the pages' rules, timeline and audit; who may do it."""

from __future__ import annotations

import datetime as dt

from api_helpers import token_client
from web_world import World

from wholefamily.web.accounts.models import AuditEntry
from wholefamily.web.casework.models import Consent, TimelineEvent


def _url(world: World, family: str = "north") -> str:
    return f"/api/families/{world.families[family].pk}/consent/"


def _body(world: World, **changes: object) -> dict[str, object]:
    body: dict[str, object] = {
        "purpose": "share",
        "agency": "health",
        "given_by": world.people["north_parent"].pk,
        "given_on": dt.date.today().isoformat(),
        "how": "verbal",
    }
    return {**body, **changes}


def test_record_then_withdraw_consent(world: World) -> None:
    client = token_client(world.users["kw_north"])
    response = client.post(_url(world), _body(world), format="json")
    assert response.status_code == 201, response.content
    consent = Consent.objects.get(pk=response.json()["id"])
    assert (consent.purpose, consent.agency, consent.recorded_by) == (
        "share",
        "health",
        world.users["kw_north"],
    )
    assert TimelineEvent.objects.filter(family=world.families["north"], kind="consent").count() == 1
    assert AuditEntry.objects.filter(action="create", object_type="consent", channel="api").exists()
    withdrawn = client.post(f"{_url(world)}{consent.pk}/withdraw/", format="json")
    assert withdrawn.status_code == 200 and withdrawn.json()["active"] is False
    again = client.post(f"{_url(world)}{consent.pk}/withdraw/", format="json")
    assert again.status_code == 404


def test_bad_consent_input_answers_400_naming_the_field(world: World) -> None:
    client = token_client(world.users["kw_north"])
    cases = {
        "agency": _body(world, agency=""),
        "given_on": _body(world, given_on=(dt.date.today() + dt.timedelta(days=1)).isoformat()),
        "given_by": _body(world, given_by=world.people["south_parent"].pk),
        "purpose": _body(world, purpose="anything"),
    }
    for field, body in cases.items():
        response = client.post(_url(world), body, format="json")
        assert response.status_code == 400 and field in response.json(), (field, response.content)
    assert not Consent.objects.filter(agency="health").exists()


def test_who_may_record_consent(world: World) -> None:
    assert (
        token_client(world.users["school"]).post(_url(world), _body(world), format="json").status_code == 403
    )
    assert (
        token_client(world.users["kw_south"]).post(_url(world), _body(world), format="json").status_code
        == 404
    )
    assert (
        token_client(world.users["coordinator"]).post(_url(world), _body(world), format="json").status_code
        == 201
    )
