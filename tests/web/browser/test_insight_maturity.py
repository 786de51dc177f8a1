"""In a real browser: the coordinator edits the self-assessment template, scores two quarters (meeting an
error on the way), sees the change as a chart and a table, and finds the export; a manager reads the value for
money page. Each page is checked with axe-core."""

from __future__ import annotations

import re
from collections.abc import Callable

from browser_helpers import axe_violations
from playwright.sync_api import Page, expect
from web_world import World

from wholefamily.web.accounts.models import User
from wholefamily.web.maturity import template as templates
from wholefamily.web.maturity.models import Score

SignIn = Callable[[Page, User], None]


def _score_all(page: Page, level: str) -> None:
    for radio_group in page.locator(".govuk-radios").all():
        radio_group.get_by_role("radio", name=re.compile(rf"^\s*{level}: ")).check()


def test_the_coordinator_edits_scores_and_sees_the_change(
    axe_page: Page, world: World, sign_in: SignIn
) -> None:
    page = axe_page
    sign_in(page, world.users["coordinator"])
    page.goto("/")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Insight").click()
    page.get_by_role("link", name="Self-assessment").click()
    expect(page.locator("main")).to_contain_text("default template")
    assert axe_violations(page) == []

    page.get_by_role("link", name="The template").click()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Add a statement to Data and intelligence").click()
    page.get_by_role("button", name="Save a new version").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the statement")
    assert axe_violations(page) == []
    page.get_by_label("Statement").fill("Outcomes are measured from partner data.")
    page.get_by_role("button", name="Save a new version").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Saved as template version 2")

    for quarter, level in (("2026Q1", "2"), ("2026Q2", "3")):
        page.get_by_role("link", name="Quarters").click()
        page.get_by_label("Quarter").fill(quarter)
        page.get_by_role("button", name="Score this quarter").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Self-assessment for {quarter}")
        _score_all(page, level)
        if quarter == "2026Q2":
            page.get_by_label("Evidence links for: Outcomes are measured from partner data.").fill(
                "not a link"
            )
            page.get_by_role("button", name="Save the scores").click()
            expect(page.locator(".govuk-error-summary")).to_contain_text("is not a web address")
            assert axe_violations(page) == []
            page.get_by_label("Evidence links for: Outcomes are measured from partner data.").fill(
                "https://example.org/outcomes-report"
            )
        else:
            assert axe_violations(page) == []
        page.get_by_role("button", name="Save the scores").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text(
            f"Saved the self-assessment for {quarter}"
        )
    statements = sum(len(a.statements) for a in templates.of(templates.current_version()).areas)
    assert Score.objects.filter(assessment__quarter="2026Q2", level=3).count() == statements

    page.get_by_role("link", name="Change over time").click()
    expect(page.locator("#summary")).to_contain_text("Data and intelligence up 1")
    expect(page.get_by_role("img", name=re.compile("Line chart of each area"))).to_be_visible()
    assert page.evaluate("document.querySelector('img.wf-chart').naturalWidth") > 0
    assert axe_violations(page) == []
    with page.expect_download() as download:
        page.get_by_role("link", name="Export (CSV)").click()
    assert download.value.suggested_filename == "self-assessment.csv"


def test_a_manager_reads_value_for_money(axe_page: Page, world: World, sign_in: SignIn) -> None:
    page = axe_page
    sign_in(page, world.users["manager_north"])
    page.goto("/")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Insight").click()
    page.get_by_role("link", name="Value for money").click()
    expect(page.locator("#summary")).to_contain_text("No piece of work has been closed yet")
    expect(page.locator("main")).to_contain_text("rapid evidence review")
    assert axe_violations(page) == []
