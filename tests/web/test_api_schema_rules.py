"""The schema states the rules the API enforces, and the API keeps to them: date ranges as exact patterns, typed
JSON bodies, postcodes, text not blank and without NUL, length counted as sent."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from api_helpers import token_client
from django.test import Client
from web_world import World

from wholefamily.web.api.date_pattern import dates_up_to
from wholefamily.web.api.schema_hooks import NO_NUL, NOT_BLANK
from wholefamily.web.casework.models import CaseNote

TODAY = dt.date.today()


@pytest.mark.parametrize(
    "latest", [dt.date(2026, 12, 6), dt.date(2036, 12, 28), dt.date(2028, 2, 29), dt.date(2000, 1, 1)]
)
def test_the_date_pattern_matches_exactly_the_real_dates_from_1900_to_the_latest(latest: dt.date) -> None:
    pattern = re.compile(dates_up_to(latest))
    day = dt.date(1899, 12, 1)
    while day <= dt.date(2040, 1, 31):
        assert bool(pattern.match(day.isoformat())) == (dt.date(1900, 1, 1) <= day <= latest), day
        day += dt.timedelta(days=1)
    for text in [
        "1900-02-29",
        "2023-02-29",
        "2026-04-31",
        "2026-00-10",
        "2026-13-01",
        "0001-01-01",
        "2026-1-01",
    ]:
        assert not pattern.match(text), text


def _request_schema(component: str) -> dict:  # type: ignore[type-arg]
    schema = Client().get("/api/schema/?format=json").json()
    return schema["components"]["schemas"][component]["properties"]  # type: ignore[no-any-return]


def test_the_schema_states_dates_text_and_postcodes_as_the_api_checks_them(db: None) -> None:
    note = _request_schema("CaseNoteInputRequest")
    assert re.match(note["happened_on"]["pattern"], TODAY.isoformat())
    assert not re.match(note["happened_on"]["pattern"], (TODAY + dt.timedelta(days=1)).isoformat())
    assert note["note"]["pattern"] == NOT_BLANK and note["note"]["minLength"] == 1
    referral = _request_schema("ReferralRequest")
    assert referral["referrer_name"]["pattern"] in (NOT_BLANK, NO_NUL)
    for postcode in ["WX1 1AA", "wx11aa", "SW1A 1AA"]:
        assert re.match(referral["postcode"]["pattern"], postcode), postcode
    for postcode in ["W-X1 1AA", " WX1 1AA", "WX1  1AA"]:
        assert not re.match(referral["postcode"]["pattern"], postcode), postcode


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("note", 0),  # a number is not text
        ("note", "   "),  # blank once trimmed
        ("note", " " + "x" * 10000),  # too long as sent, though not once trimmed
        ("sensitive", 1),  # 1 is not true
        ("people", ["1"]),  # an id is a number
        ("happened_on", (TODAY + dt.timedelta(days=1)).isoformat()),
        ("happened_on", "1899-12-31"),
    ],
)
def test_a_body_the_schema_forbids_answers_400_naming_the_field(
    world: World, field: str, value: object
) -> None:
    body = {"kind": "phone", "happened_on": TODAY.isoformat(), "note": "Rang mum", field: value}
    client = token_client(world.users["kw_north"])
    response = client.post(f"/api/families/{world.families['north'].pk}/case-notes/", body, format="json")
    assert response.status_code == 400 and field in response.json(), response.content
    assert not CaseNote.objects.exists()


def test_a_body_as_the_schema_says_is_accepted(world: World) -> None:
    body = {"kind": "phone", "happened_on": TODAY.isoformat(), "note": "Rang mum", "sensitive": True}
    body["people"] = [world.people["north_parent"].pk]
    client = token_client(world.users["kw_north"])
    response = client.post(f"/api/families/{world.families['north'].pk}/case-notes/", body, format="json")
    assert response.status_code == 201, response.content
