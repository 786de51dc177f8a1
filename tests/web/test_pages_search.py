"""Search finds people and families by each key, only among those the user may open, and audits every search."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from web_world import World

from wholefamily.web.accounts.models import AuditEntry
from wholefamily.web.casework.record.search_query import Kind, SearchQuery, parse_query


def _search(client: Client, world: World, username: str, q: str) -> str:
    client.force_login(world.users[username])
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    return response.content.decode()


def _people(page: str) -> set[str]:
    return set(re.findall(r'href="/people/\d+/">([^<]+)</a>', page))


def _families(page: str) -> set[str]:
    part = page.split(">Families (", 1)
    return set(re.findall(r">(WF\d{6})</a>", part[1])) if len(part) == 2 else set()


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("WF000123", Kind.REFERENCE),
        ("wf123", Kind.REFERENCE),
        ("4/3/1990", Kind.DATE_OF_BIRTH),
        ("04/03/1990", Kind.DATE_OF_BIRTH),
        ("1990-03-04", Kind.DATE_OF_BIRTH),
        ("wx11aa", Kind.POSTCODE),
        ("WX1  1AA", Kind.POSTCODE),
        ("jo", Kind.NAME),
        ("Jo O'Neil-Smith", Kind.NAME),
        ("F01JCZ3Q8Y0000", Kind.ID),
    ],
)
def test_queries_are_read_by_their_shape(text: str, kind: Kind) -> None:
    parsed = parse_query(text)
    assert isinstance(parsed, SearchQuery) and parsed.kind == kind


def test_query_details() -> None:
    assert parse_query("wf000123") == SearchQuery(Kind.REFERENCE, "wf000123", family_pk=123)
    born = parse_query("4/3/1990")
    assert isinstance(born, SearchQuery) and str(born.date_of_birth) == "1990-03-04"
    postcode = parse_query(" wx1 1aa ")
    assert isinstance(postcode, SearchQuery) and postcode.postcode == "WX1 1AA"
    reversed_name = parse_query("Smith, Jo")
    assert isinstance(reversed_name, SearchQuery) and reversed_name.names == ("jo", "smith")
    assert parse_query("31/02/2020") == "Enter a real date of birth, like 27/3/2015"
    assert isinstance(parse_query("12345"), str) and isinstance(parse_query("a/b"), str)


def test_by_name_finds_only_people_in_families_the_user_may_open(world: World, client: Client) -> None:
    assert _people(_search(client, world, "kw_north", "parentn")) == {"ParentNorth Testperson"}
    assert _people(_search(client, world, "kw_north", "Parent Testperson")) == {
        "ParentNorth Testperson",
        "ParentWithdrawn Testperson",
    }
    assert _people(_search(client, world, "kw_north", "testperson, childn")) == {"ChildNorth Testperson"}
    assert _people(_search(client, world, "school", "TESTPERSON")) == {
        "ParentNorth Testperson",
        "ChildNorth Testperson",
    }
    assert "No results" in _search(client, world, "kw_south", "parentnorth")
    assert "No results" in _search(client, world, "police", "testperson")
    assert "No results" in _search(client, world, "admin", "testperson")


def test_people_are_listed_with_their_visible_families(world: World, client: Client) -> None:
    page = _search(client, world, "kw_north", "ParentNorth")
    assert f">{world.families['north'].reference}</a>: Parent or carer" in page


def test_by_date_of_birth_in_each_format(world: World, client: Client) -> None:
    for text in ("4/3/1990", "04/03/1990", "1990-03-04"):
        assert _people(_search(client, world, "front_door", text)) == {
            "ParentUnallocated Testperson",
            "ParentNot_Eligible Testperson",
        }, text


def test_by_postcode_finds_families_and_people(world: World, client: Client) -> None:
    page = _search(client, world, "kw_north", "wx11aa")
    assert _families(page) == {world.families[n].reference for n in ("north", "withdrawn")}
    assert len(_people(page)) == 4


def test_by_reference_and_warehouse_id(world: World, client: Client) -> None:
    north = world.families["north"]
    assert _families(_search(client, world, "kw_north", north.reference.lower())) == {north.reference}
    assert "No results" in _search(client, world, "kw_south", north.reference)
    assert _families(_search(client, world, "kw_north", "F-north")) == {north.reference}
    parent = world.people["north_parent"]
    assert _people(_search(client, world, "kw_north", str(parent.warehouse_id))) == {"ParentNorth Testperson"}


def test_empty_and_bad_queries_get_an_error_message(world: World, client: Client) -> None:
    for q, message in (
        ("", "Enter a name, date of birth, postcode or family reference"),
        ("   ", "Enter a name, date of birth, postcode or family reference"),
        ("12345", "Enter a name, a date of birth like 27/3/2015"),
        ("31/2/2020", "Enter a real date of birth"),
    ):
        page = _search(client, world, "kw_north", q)
        assert "govuk-error-summary" in page and 'href="#id_q"' in page, q
        assert message in page and "govuk-error-message" in page, q
        assert "<title>Error: Search" in page


def test_every_search_is_audited_with_its_query(world: World, client: Client) -> None:
    _search(client, world, "kw_north", "parentnorth")
    _search(client, world, "kw_north", "31/2/2020")
    entries = list(AuditEntry.objects.filter(action="search").order_by("id"))
    assert [e.detail["query"] for e in entries] == ["parentnorth", "31/2/2020"]
    assert entries[0].detail["kind"] == "name" and entries[0].detail["people"] == 1
    assert "error" in entries[1].detail
    client.get("/search/")
    assert AuditEntry.objects.filter(action="search").count() == 2
