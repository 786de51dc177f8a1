"""Recording a home visit from the caseload takes at most three page loads: the caseload, the contact form (its
family already chosen) and, once saved, the family page with a success banner (issue 15)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from browser_helpers import axe_violations
from playwright.sync_api import Frame, Page, expect
from web_world import World

from wholefamily.web.accounts.models import User
from wholefamily.web.casework.models import CaseNote

SignIn = Callable[[Page, User], None]
TODAY = dt.date.today()


def test_a_home_visit_from_the_caseload_in_three_page_loads(
    axe_page: Page, world: World, sign_in: SignIn
) -> None:
    page = axe_page
    family = world.families["north"]
    sign_in(page, world.users["kw_north"])
    loads: list[str] = []

    def loaded(frame: Frame) -> None:
        if frame == page.main_frame:
            loads.append(frame.url)

    page.on("framenavigated", loaded)
    page.goto("/")
    page.get_by_role("link", name=f"Record a contact for family {family.reference}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a contact or case note")
    assert axe_violations(page) == []
    page.get_by_label("Home visit").check()
    page.get_by_label("Note", exact=True).fill("Visited at home; the children were at school")
    page.get_by_role("button", name="Add to the record").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Family {family.reference}")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Home visit recorded")
    page.wait_for_load_state()
    assert len(loads) <= 3, loads
    note = CaseNote.objects.get(family=family)
    assert note.kind == CaseNote.Kind.HOME_VISIT and note.recorded_by == world.users["kw_north"]
    assert note.happened_on == TODAY


def test_a_note_amended_keeps_its_original(axe_page: Page, world: World, sign_in: SignIn) -> None:
    page, family, keyworker = axe_page, world.families["north"], world.users["kw_north"]
    CaseNote.objects.create(
        family=family, kind=CaseNote.Kind.PHONE, happened_on=TODAY, note="Spoke to Jon", recorded_by=keyworker
    )
    sign_in(page, keyworker)
    page.goto(f"/families/{family.pk}/notes/")
    page.get_by_role("link", name="Amend the phone call").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Amend a note")
    assert axe_violations(page) == []
    page.get_by_label("Amended note").fill("Spoke to John")
    page.get_by_role("button", name="Save the amendment").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Phone call amended")
    expect(page.locator(".moj-timeline__description")).to_contain_text("original: Spoke to Jon")
    assert axe_violations(page) == []
