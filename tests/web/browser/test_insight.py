"""Insight in a real browser: the coordinator opens each dashboard from the navigation, filters it, and
downloads a figure's CSV; every page passes axe-core, fits a tablet's width, and draws its charts without a
script or a breach of the Content-Security-Policy."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

from browser_helpers import TABLET, axe_violations, scrolls_sideways
from playwright.sync_api import Page, expect
from web_world import World

from wholefamily.web.accounts.models import User
from wholefamily.web.casework.models import (
    Need,
    NeedOutcome,
    PartnerFeed,
    Referral,
    TimelineEvent,
    WellbeingScore,
)

SignIn = Callable[[Page, User], None]
TODAY = dt.date.today()
DASHBOARDS = ("The programme", "Needs over time", "Caseloads and drift", "Data quality and feed health")


def _some_casework(world: World) -> None:
    north, south = world.families["north"], world.families["south"]
    Referral.objects.create(family=north, received_on=TODAY, origin=Referral.Origin.AGENCY, reason="Worried")
    TimelineEvent.objects.create(
        family=north, date=TODAY, kind="allocation", title="Allocated", source="casework"
    )
    need = Need.objects.get(family=south, headline="education")
    NeedOutcome.objects.create(need=need, horizon_days=183, status="met", window_end=TODAY, outcomes_run="o")
    for day, score in ((TODAY - dt.timedelta(days=30), 3), (TODAY, 6)):
        WellbeingScore.objects.create(family=north, scored_on=day, area="home", score=score)
    PartnerFeed.objects.create(
        source="school_attendance",
        title="School attendance",
        owner_role="data manager",
        expected_every_days=31,
        last_delivery=TODAY - dt.timedelta(days=40),
        rows=4167,
        previous_rows=4100,
    )


def test_the_coordinator_reads_every_dashboard(axe_page: Page, world: World, sign_in: SignIn) -> None:
    _some_casework(world)
    page = axe_page
    sign_in(page, world.users["coordinator"])
    page.goto("/")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Insight").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Insight")
    assert axe_violations(page) == []
    for title in DASHBOARDS:
        page.goto("/insight/")
        page.get_by_role("link", name=title).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        charts = page.locator("svg[role=img]")
        assert charts.count() >= 2
        for i in range(charts.count()):
            assert charts.nth(i).bounding_box()["height"] > 50  # type: ignore[index]
        assert axe_violations(page) == [], title
    page.goto("/insight/programme/")
    funnel = page.get_by_role("img", name="Families at each step of the programme")
    expect(funnel).to_be_visible()
    page.set_viewport_size(TABLET)
    assert not scrolls_sideways(page)


def test_filters_and_download_without_script(
    page: Page, world: World, sign_in: SignIn, console_errors: list[str]
) -> None:
    _some_casework(world)
    sign_in(page, world.users["manager_north"])
    page.goto("/insight/needs/")
    page.get_by_label("From month").fill("2026-05")
    page.get_by_label("To month").fill("2026-07")
    page.get_by_label("Area (postcode district)").select_option("WX1")
    page.get_by_role("button", name="Show figures").click()
    table = page.get_by_role("region", name="Figures: Families with a new need, by area and month")
    expect(table).to_contain_text("Fewer than 5")
    with page.expect_download() as download:
        page.get_by_role(
            "link", name=re.compile(r"^Download the figures as CSV\W+Families with a new need, by area")
        ).click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert text.splitlines()[0] == "Month,Area (postcode district),Families"
    assert "2026-05,WX1,<5" in text
    assert console_errors == []
