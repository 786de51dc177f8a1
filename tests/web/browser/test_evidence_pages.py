"""In a real browser: the coordinator finds the evidence pages in the navigation, reads the impact report
with its balance plot, the risk model's report, its model card and transparency record, and a family's
factors beside its record; every page is checked with axe-core, and the plots load under the site's
Content-Security-Policy."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from browser_helpers import axe_violations
from evidence_reports import switch_risk_model, write_impact, write_risk
from playwright.sync_api import Page, expect
from web_world import World

from wholefamily.web.accounts.models import User

SignIn = Callable[[Page, User], None]


@pytest.fixture
def reports(settings: Any, tmp_path: Path) -> Path:
    settings.EVIDENCE_WORKSPACE = tmp_path
    write_impact(tmp_path)
    write_risk(tmp_path)
    switch_risk_model(tmp_path, enabled=True)
    return tmp_path


#: Whether an image loaded, waiting for it to finish loading or to fail.
_LOADED = """img => img.complete ? img.naturalWidth > 0 : new Promise(done => {
    img.addEventListener("load", () => done(img.naturalWidth > 0));
    img.addEventListener("error", () => done(false));
})"""


def _plot_loaded(page: Page, alt_start: str) -> bool:
    return bool(page.locator(f'img[alt^="{alt_start}"]').evaluate(_LOADED))


def test_the_coordinator_reads_the_evidence(
    axe_page: Page, world: World, reports: Path, sign_in: SignIn
) -> None:
    page = axe_page
    sign_in(page, world.users["coordinator"])
    page.goto("/")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Insight").click()
    page.get_by_role("link", name="Evidence", exact=True).click()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Impact of the programme").click()
    expect(page.locator("#summary")).to_contain_text("40 of the families worked with were matched")
    assert _plot_loaded(page, "Dot plot")
    assert axe_violations(page) == []

    page.goto("/evidence/")
    page.get_by_role("link", name="Escalation risk model").click()
    expect(page.locator("#verdict")).to_contain_text("not clearly better")
    assert _plot_loaded(page, "Calibration plot")
    assert axe_violations(page) == []

    page.get_by_role("link", name="Model card").click()
    expect(page.locator("h1")).to_have_text("Model card: escalation risk (decision support only)")
    assert axe_violations(page) == []
    page.go_back()
    page.get_by_role("link", name="Algorithmic transparency record").click()
    expect(page.locator("h1")).to_contain_text("Algorithmic transparency record")
    assert axe_violations(page) == []

    page.goto(f"/families/{world.families['north'].pk}/")
    expect(page.locator("#risk-score")).to_contain_text("domestic abuse incidents in the past year: 3")
    assert axe_violations(page) == []


def test_the_plots_load_under_the_content_security_policy(
    page: Page, console_errors: list[str], world: World, reports: Path, sign_in: SignIn
) -> None:
    sign_in(page, world.users["manager_north"])
    page.goto("/evidence/impact/")
    assert _plot_loaded(page, "Dot plot")
    page.goto("/evidence/risk/")
    assert _plot_loaded(page, "Calibration plot")
    assert console_errors == []
