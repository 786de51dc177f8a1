"""The keyworker's way through the site in a real browser: the families list, search, the family record, and
a family of another team answering 404. Each page is checked with axe-core and at tablet width."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from browser_helpers import TABLET, axe_violations, scrolls_sideways
from playwright.sync_api import Page, expect
from web_world import World

from wholefamily.web.accounts.models import AuditEntry, User

SignIn = Callable[[Page, User], None]
SEARCH_LABEL = "Name, date of birth, postcode or reference"


def _search(page: Page, text: str) -> None:
    page.goto("/")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Search").click()
    page.get_by_label(SEARCH_LABEL).fill(text)
    page.get_by_role("button", name="Search", exact=True).click()


def test_search_by_surname_then_open_the_family(
    page: Page, world: World, sign_in: SignIn, console_errors: list[str]
) -> None:
    sign_in(page, world.users["kw_north"])
    _search(page, "Testperson")
    expect(page.get_by_role("heading", level=1)).to_have_text("Search")
    people = page.get_by_role("table", name="People who match")
    # Only members of the families kw_north may open (north and withdrawn), never the other team's.
    expect(people.locator("tbody tr")).to_have_count(4)
    expect(people).to_contain_text("ParentNorth Testperson")
    expect(people).not_to_contain_text("South")
    search = AuditEntry.objects.get(action=AuditEntry.Action.SEARCH, username="kw_north")
    assert search.detail["query"] == "Testperson"

    north = world.families["north"]
    row = people.locator("tbody tr", has_text="ParentNorth Testperson")
    row.get_by_role("link", name=north.reference).click()
    expect(page).to_have_url(re.compile(rf"/families/{north.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Family {north.reference}")

    members = page.get_by_role("table", name="Members of the family")
    expect(members.locator("tbody tr")).to_have_count(2)
    expect(members).to_contain_text("ParentNorth Testperson")
    expect(members).to_contain_text("ChildNorth Testperson")
    for headline in ("Domestic abuse", "Getting a good education"):
        expect(page.get_by_role("heading", level=3, name=headline, exact=True)).to_be_visible()
    expect(page.get_by_text("A domestic abuse incident in the household", exact=True)).to_be_visible()
    expect(page.get_by_text("Persistent absence from school", exact=True)).to_be_visible()
    # A keyworker sees the evidence behind the sensitive need.
    evidence = page.get_by_role("table", name="Evidence").filter(has_text="INC-1")
    expect(evidence).to_contain_text("Incident type: domestic abuse")
    assert AuditEntry.objects.filter(action=AuditEntry.Action.VIEW, family_id=north.pk).exists()
    assert console_errors == []  # no Content-Security-Policy violation, script error or missing asset


def test_the_families_list_shows_the_keyworkers_families(page: Page, world: World, sign_in: SignIn) -> None:
    sign_in(page, world.users["kw_north"])
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Families")
    mine = page.get_by_role("table", name="Your families")
    expect(mine).to_contain_text(world.families["north"].reference)
    expect(page.locator("main")).not_to_contain_text(world.families["south"].reference)
    mine.get_by_role("link", name=world.families["north"].reference, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Family {world.families['north'].reference}")


def test_a_keyworker_of_another_team_gets_page_not_found(page: Page, world: World, sign_in: SignIn) -> None:
    north = world.families["north"]
    sign_in(page, world.users["kw_south"])
    response = page.goto(f"/families/{north.pk}/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.locator("main")).not_to_contain_text("Testperson")
    denied = AuditEntry.objects.get(action=AuditEntry.Action.DENIED, username="kw_south")
    assert denied.family_id == north.pk


def test_a_partner_sees_restricted_details_only(page: Page, world: World, sign_in: SignIn) -> None:
    sign_in(page, world.users["school"])
    page.goto(f"/families/{world.families['north'].pk}/")
    expect(page.get_by_text("Details restricted", exact=True)).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("incident_type")
    expect(page.locator("main")).not_to_contain_text("Police incident: domestic abuse")


PAGES: dict[str, Callable[[World], str]] = {
    "families list": lambda world: "/",
    "search results": lambda world: "/search/?q=Testperson",
    "family page": lambda world: f"/families/{world.families['north'].pk}/",
    "family page of a partner": lambda world: f"/families/{world.families['north'].pk}/",
}


@pytest.mark.parametrize("name", PAGES)
def test_casework_pages_meet_wcag_22_aa(name: str, axe_page: Page, world: World, sign_in: SignIn) -> None:
    user = world.users["school" if "partner" in name else "kw_north"]
    sign_in(axe_page, user)
    response = axe_page.goto(PAGES[name](world))
    assert response is not None and response.status == 200
    assert axe_violations(axe_page) == []


@pytest.mark.parametrize("name", ["families list", "search results", "family page"])
def test_casework_pages_fit_a_tablet(name: str, page: Page, world: World, sign_in: SignIn) -> None:
    sign_in(page, world.users["kw_north"])
    page.set_viewport_size(TABLET)
    response = page.goto(PAGES[name](world))
    assert response is not None and response.status == 200
    assert not scrolls_sideways(page)
