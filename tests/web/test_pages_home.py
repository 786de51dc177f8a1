"""The home page: each role's lists of families, the coordinator's filters, pagination, and a fixed number of
queries however many families there are."""

from __future__ import annotations

import re

from django.test import Client
from pytest_django import DjangoAssertNumQueries
from web_world import World

from wholefamily.web.accounts.models import Team
from wholefamily.web.casework.models import Family, Source


def _home(client: Client, world: World, username: str, query: str = "") -> str:
    client.force_login(world.users[username])
    response = client.get("/" + query)
    assert response.status_code == 200
    return response.content.decode()


def _lists(page: str) -> dict[str, list[str]]:
    """Family references (sorted) under each h2 of the page."""
    lists: dict[str, list[str]] = {}
    for part in page.split('<h2 class="govuk-heading-m">')[1:]:
        heading = part.split(" <span", 1)[0].strip().replace("&#39;", "'")
        lists[heading] = sorted(re.findall(r">(WF\d{6})</a>", part))
    return lists


def _refs(world: World, *names: str) -> list[str]:
    return sorted(world.families[name].reference for name in names)


def test_keyworker_sees_their_families_then_their_team(world: World, client: Client) -> None:
    lists = _lists(_home(client, world, "kw_north"))
    assert lists == {
        "Your families": _refs(world, "north"),
        "Your team's families": _refs(world, "withdrawn"),
    }


def test_team_manager_sees_the_team_and_families_not_yet_allocated(world: World, client: Client) -> None:
    lists = _lists(_home(client, world, "manager_north"))
    assert lists == {
        "Your team's families": _refs(world, "north", "withdrawn"),
        "Not yet allocated": _refs(world, "unallocated", "not_eligible"),
    }


def test_front_door_sees_referrals_then_identified_families(world: World, client: Client) -> None:
    Family.objects.filter(pk=world.families["not_eligible"].pk).update(status=Family.Status.REFERRED)
    lists = _lists(_home(client, world, "front_door"))
    assert lists == {
        "Referrals": _refs(world, "not_eligible"),
        "Identified families not yet allocated": _refs(world, "unallocated"),
    }


def test_auditor_and_partner_lists(world: World, client: Client) -> None:
    assert _lists(_home(client, world, "auditor")) == {
        "Families with identified needs": _refs(world, "north", "south", "unallocated", "withdrawn")
    }
    assert _lists(_home(client, world, "school")) == {"Families you work with": _refs(world, "north")}
    assert "You are not in the team around any family." in _home(client, world, "police")


def test_rows_show_members_lead_status_needs_and_priority(world: World, client: Client) -> None:
    page = _home(client, world, "kw_north")
    row = page.split(world.families["north"].reference, 1)[1].split("</tr>", 1)[0]
    assert "1 North Road" in row and "WX1 1AA" in row
    assert '"govuk-table__cell govuk-table__cell--numeric">2</td>' in row
    assert "Kw North" in row and ">Open<" in row
    assert "Domestic abuse, Getting a good education" in row


def test_coordinator_filters_by_status_eligibility_and_team(world: World, client: Client) -> None:
    south = Team.objects.get(name="South")
    cases = {
        "?status=open": ("north", "south", "withdrawn"),
        "?eligible=no": ("not_eligible",),
        "?team=none": ("unallocated", "not_eligible"),
        f"?team={south.pk}": ("south",),
        "?status=identified&eligible=yes": ("unallocated",),
        "": ("north", "south", "unallocated", "not_eligible", "withdrawn"),
    }
    for query, names in cases.items():
        assert _lists(_home(client, world, "coordinator", query)) == {"All families": _refs(world, *names)}, (
            query
        )
    page = _home(client, world, "data_manager", "?status=open")
    assert '<option value="open" selected>' in page


def test_a_bad_filter_shows_an_error_and_lists_everything(world: World, client: Client) -> None:
    page = _home(client, world, "coordinator", "?status=nonsense")
    assert "govuk-error-summary" in page and 'href="#id_status"' in page
    assert len(_lists(page)["All families"]) == 5


def test_pages_of_fifty_with_govuk_pagination(
    world: World, client: Client, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    Family.objects.bulk_create(
        Family(origin=Source.CASEWORK, status=Family.Status.REFERRED, address=f"{i} Long Road", priority=None)
        for i in range(60)
    )
    client.force_login(world.users["coordinator"])
    with django_assert_max_num_queries(12):
        page = client.get("/").content.decode()
    assert len(_lists(page)["All families"]) == 50
    assert "govuk-pagination" in page and 'href="?page=2"' in page
    # families with a priority come first
    first_rows = re.findall(r">(WF\d{6})</a>", page)[:4]
    assert sorted(first_rows) == _refs(world, "north", "south", "unallocated", "withdrawn")
    second = client.get("/?page=2&status=referred").content.decode()
    assert len(_lists(second)["All families"]) == 10
    assert 'href="?page=1&amp;status=referred"' in second


def test_keyworker_lists_page_separately(world: World, client: Client) -> None:
    team = world.users["kw_north"].team
    Family.objects.bulk_create(
        Family(origin=Source.CASEWORK, status=Family.Status.OPEN, team=team, address="Team Road")
        for _ in range(55)
    )
    page = _home(client, world, "kw_north", "?page2=2")
    lists = _lists(page)
    assert lists["Your families"] == _refs(world, "north")
    assert len(lists["Your team's families"]) == 6
