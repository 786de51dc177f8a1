"""My work in a real browser: the keyworker opens it from the navigation and follows an item to its family;
the manager filters the team's work by worker. Each page is checked with axe-core and at tablet width."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from browser_helpers import TABLET, axe_violations, scrolls_sideways
from playwright.sync_api import Page, expect
from web_world import World

from wholefamily.web.accounts.models import User
from wholefamily.web.casework.models import PlanAction, PlanGoal

SignIn = Callable[[Page, User], None]
TODAY = dt.date.today()


def _overdue_action(world: World) -> None:
    goal = PlanGoal.objects.create(family=world.families["north"], headline="school", goal="Goes to school")
    PlanAction.objects.create(
        goal=goal, action="Book the GP", owner="Mum", due_on=TODAY - dt.timedelta(days=2)
    )


def test_a_keyworker_follows_an_overdue_item_to_the_family(
    axe_page: Page, world: World, sign_in: SignIn
) -> None:
    _overdue_action(world)
    sign_in(axe_page, world.users["kw_north"])
    axe_page.goto("/")
    expect(axe_page.get_by_role("region", name="Work due")).to_contain_text("1 overdue.")
    assert axe_violations(axe_page) == []
    axe_page.get_by_role("navigation", name="Menu").get_by_role("link", name="My work").click()
    expect(axe_page.get_by_role("heading", level=1)).to_have_text("My work")
    overdue = axe_page.get_by_role("table", name="Overdue")
    expect(overdue).to_contain_text("Book the GP (Mum)")
    assert axe_violations(axe_page) == []
    axe_page.set_viewport_size(TABLET)
    assert not scrolls_sideways(axe_page)
    overdue.get_by_role("link", name=world.families["north"].reference).first.click()
    expect(axe_page).to_have_url(re.compile(rf"/families/{world.families['north'].pk}/$"))


def test_a_manager_filters_the_teams_work_by_worker(axe_page: Page, world: World, sign_in: SignIn) -> None:
    _overdue_action(world)
    sign_in(axe_page, world.users["manager_north"])
    axe_page.goto("/my-work/")
    axe_page.get_by_label("Worker").select_option(label=str(world.users["kw_north"]))
    axe_page.get_by_role("button", name="Filter").click()
    expect(axe_page.get_by_role("table", name="Overdue")).to_contain_text("Kw North")
    assert axe_violations(axe_page) == []
