"""The family record in a real browser: the summary at the top, the timeline filtered with its form (no script
needed), both clean for axe-core and at tablet width."""

from __future__ import annotations

import re
from collections.abc import Callable

from browser_helpers import TABLET, axe_violations, scrolls_sideways
from playwright.sync_api import Page, expect
from web_world import World

from wholefamily.web.accounts.models import User

SignIn = Callable[[Page, User], None]


def test_filter_the_timeline_by_person_then_clear(axe_page: Page, world: World, sign_in: SignIn) -> None:
    page = axe_page
    north = world.families["north"]
    sign_in(page, world.users["kw_north"])
    page.goto(f"/families/{north.pk}/")
    summary = page.get_by_role("heading", name="Summary", level=2)
    expect(summary).to_be_visible()
    expect(page.locator("main")).to_contain_text("Getting a good education: Persistent absence from school")
    entries = page.locator(".moj-timeline__item")
    expect(entries).to_have_count(2)

    page.get_by_label("Person").select_option(label="ChildNorth Testperson")
    page.get_by_role("button", name="Filter the timeline").click()
    expect(page).to_have_url(re.compile(rf"/families/{north.pk}/\?person=\d+.*#timeline$"))
    expect(entries).to_have_count(1)
    expect(entries).to_contain_text("Summer term attendance")
    expect(page.get_by_text("1 event match the filters")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Clear filters").click()
    expect(entries).to_have_count(2)


def test_a_refused_date_is_named_in_the_error_summary(axe_page: Page, world: World, sign_in: SignIn) -> None:
    sign_in(axe_page, world.users["kw_north"])
    axe_page.goto(f"/families/{world.families['north'].pk}/?since-day=31&since-month=2&since-year=2026")
    expect(axe_page.get_by_role("alert")).to_contain_text("From must be a real date")
    assert axe_violations(axe_page) == []


def test_the_family_record_fits_a_tablet(page: Page, world: World, sign_in: SignIn) -> None:
    sign_in(page, world.users["school"])
    page.set_viewport_size(TABLET)
    page.goto(f"/families/{world.families['north'].pk}/")
    expect(page.get_by_text("Domestic abuse: details restricted")).to_be_visible()
    assert not scrolls_sideways(page)


def test_the_plan_page_offers_the_plan_to_print(axe_page: Page, world: World, sign_in: SignIn) -> None:
    north = world.families["north"]
    sign_in(axe_page, world.users["kw_north"])
    axe_page.goto(f"/families/{north.pk}/plan/")
    link = axe_page.get_by_role("link", name="Download the plan to print and give the family (PDF)")
    expect(link).to_have_attribute("href", f"/families/{north.pk}/plan/print/")
    with axe_page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == f"family-plan-{north.reference}.pdf"
    assert axe_violations(axe_page) == []


def test_printed_pages_leave_out_the_site_and_the_forms(page: Page, world: World, sign_in: SignIn) -> None:
    north = world.families["north"]
    sign_in(page, world.users["kw_north"])
    page.goto(f"/families/{north.pk}/")
    page.emulate_media(media="print")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Summary", level=2)).to_be_visible()
    for hidden in (
        page.get_by_role("navigation", name="Menu"),
        page.get_by_role("button", name="Filter the timeline"),
        page.get_by_role("link", name="Record a contact"),
    ):
        expect(hidden).to_be_hidden()
    page.emulate_media(media="screen")
    expect(page.get_by_role("button", name="Filter the timeline")).to_be_visible()
