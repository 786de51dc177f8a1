"""Junk in URLs and query strings: 404 or 400 in DRF's usual shape, never a server error."""

from __future__ import annotations

import pytest
from api_helpers import token_client
from web_world import World

from wholefamily.web.accounts.models import AuditEntry

BAD_IDS = [
    "abc",
    "1.5",
    "-1",
    "0",
    "1e3",
    "%00",
    "١٢",
    "9" * 30,
    "9" * 5000,
    str(2**63),
    str(2**63 - 1),
    "%20",
]


@pytest.mark.parametrize("kind", ["families", "people"])
def test_ids_that_cannot_exist_answer_404(world: World, kind: str) -> None:
    client = token_client(world.users["coordinator"])
    for bad in BAD_IDS:
        response = client.get(f"/api/{kind}/{bad}/")
        assert response.status_code == 404, bad
        assert response.json() == {"detail": "Not found."}
    assert AuditEntry.objects.filter(action="denied", channel="api").count() == len(BAD_IDS)


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/families/?status=lost", "status"),
        ("/api/families/?eligible=perhaps", "eligible"),
        ("/api/families/?postcode=" + "W" * 50, "postcode"),
        ("/api/families/?postcode=%00", "postcode"),
        ("/api/families/?q=" + "1" * 50, "q"),
        ("/api/people/?date_of_birth=31/02/2015", "date_of_birth"),
        ("/api/people/?date_of_birth=2015-02-31", "date_of_birth"),
        ("/api/people/?name=" + "x" * 500, "name"),
        ("/api/people/?name=a%00b", "name"),
    ],
)
def test_bad_filters_answer_400_naming_the_filter(world: World, url: str, field: str) -> None:
    response = token_client(world.users["coordinator"]).get(url)
    assert response.status_code == 400
    assert set(response.json()) == {field}


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("limit=abc", "limit"),
        ("limit=-5", "limit"),
        ("limit=0", "limit"),
        ("limit=", "limit"),
        ("offset=-1", "offset"),
        ("offset=null", "offset"),
        ("offset=1.5", "offset"),
    ],
)
def test_paging_that_is_not_a_whole_number_answers_400_naming_it(world: World, query: str, name: str) -> None:
    response = token_client(world.users["coordinator"]).get(f"/api/families/?{query}")
    assert response.status_code == 400
    assert set(response.json()) == {name}


@pytest.mark.parametrize("query", ["limit=100000", "offset=99999999999999999999", "unknown=1", "q=%ff"])
def test_large_pages_and_unknown_parameters_are_tolerated(world: World, query: str) -> None:
    response = token_client(world.users["coordinator"]).get(f"/api/families/?{query}")
    assert response.status_code == 200
    assert len(response.json()["results"]) <= 200


def test_methods_the_api_does_not_offer_answer_405(world: World) -> None:
    client = token_client(world.users["coordinator"])
    family = world.families["north"].pk
    assert client.delete(f"/api/families/{family}/").status_code == 405
    assert client.put("/api/families/", {}).status_code == 405
    assert client.post("/api/people/", {}).status_code == 405
