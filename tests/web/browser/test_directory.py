"""In a real browser: the data manager adds a service to the directory (meeting an error on the way), a keyworker
filters the directory and finds the service suggested on a family's page. Each page is checked with axe-core."""

from __future__ import annotations

from collections.abc import Callable

from browser_helpers import axe_violations
from playwright.sync_api import Page, expect
from web_world import World

from wholefamily.web.accounts.models import User
from wholefamily.web.directory.models import Service

SignIn = Callable[[Page, User], None]


def test_a_service_added_to_the_directory_is_suggested_on_the_family_page(
    axe_page: Page, world: World, sign_in: SignIn
) -> None:
    page = axe_page
    sign_in(page, world.users["data_manager"])
    page.goto("/")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Services").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Directory of services")
    page.get_by_role("button", name="Add a service").click()
    assert axe_violations(page) == []
    page.get_by_role("radio", name="Family hub").check()
    page.get_by_label("Name", exact=True).fill("Northgate Family Hub")
    page.get_by_label("Organisation").fill("Westbrook Council")
    page.get_by_label("Description").fill("Parenting groups, school-readiness sessions and advice.")
    page.get_by_role("checkbox", name="Getting a good education").check()
    page.get_by_label("Postcode districts served").fill("WX1 Westbrook")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Westbrook: not a postcode district")
    assert axe_violations(page) == []
    page.get_by_label("Postcode districts served").fill("WX1 WX2")
    page.get_by_label("Named contact").fill("Ann Example")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Northgate Family Hub")
    expect(page.locator("main")).to_contain_text("Ann Example")
    assert axe_violations(page) == []
    assert Service.objects.get().districts == ["WX1", "WX2"]

    sign_in(page, world.users["kw_north"])
    page.goto("/directory/")
    page.get_by_label("Need").select_option(label="Getting a good education")
    page.get_by_label("Area").fill("WX1 1AA")
    page.get_by_role("button", name="Filter the directory").click()
    expect(page.locator("#directory-count")).to_have_text("1 service match the filters")
    assert axe_violations(page) == []

    page.goto(f"/families/{world.families['north'].pk}/")
    suggested = page.locator("#local-services-table")
    expect(suggested).to_contain_text("Northgate Family Hub")
    expect(suggested).to_contain_text("Getting a good education")
    assert axe_violations(page) == []
    suggested.get_by_role("link", name="Northgate Family Hub").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Northgate Family Hub")
