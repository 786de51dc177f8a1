"""The manager's way from a count on the dashboard to the families behind it, then filtering and sorting them,
in a real browser: clean for axe-core and at tablet width."""

from __future__ import annotations

import re
from collections.abc import Callable

from browser_helpers import TABLET, axe_violations, scrolls_sideways
from playwright.sync_api import Page, expect
from web_world import World

from wholefamily.web.accounts.models import User

SignIn = Callable[[Page, User], None]


def test_from_a_count_to_its_families_then_filter(axe_page: Page, world: World, sign_in: SignIn) -> None:
    page = axe_page
    sign_in(page, world.users["manager_north"])
    page.goto("/dashboard/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="1 eligible family identified, not yet triaged").click()
    expect(page).to_have_url(re.compile(r"/dashboard/families/\?status=identified&eligible=yes$"))
    expect(page.get_by_role("heading", level=2, name="1 family")).to_be_visible()
    expect(page.get_by_role("table", name="Team families")).to_contain_text(
        world.families["unallocated"].reference
    )
    assert axe_violations(page) == []

    page.get_by_label("Lead practitioner").select_option(label="Kw North")
    page.get_by_label("Status").select_option(label="Any status")
    page.get_by_label("Eligibility").select_option(label="Eligible or not")
    page.get_by_role("button", name="Filter and sort").click()
    table = page.get_by_role("table", name="Team families")
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table).to_contain_text(world.families["north"].reference)


def test_the_team_families_fit_a_tablet(page: Page, world: World, sign_in: SignIn) -> None:
    sign_in(page, world.users["manager_north"])
    page.set_viewport_size(TABLET)
    page.goto("/dashboard/families/")
    assert not scrolls_sideways(page)
