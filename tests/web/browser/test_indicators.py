"""In a real browser: the coordinator finds the population indicators in the navigation, opens the equity
table, reads what its columns mean and downloads it; each page is checked with axe-core."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from browser_helpers import axe_violations
from indicator_tables import DATE, write_tables
from playwright.sync_api import Page, expect
from web_world import World

from wholefamily.web.accounts.models import User

SignIn = Callable[[Page, User], None]


def test_the_coordinator_reads_and_downloads_an_indicator_table(
    axe_page: Page, world: World, sign_in: SignIn, settings: Any, tmp_path: Path
) -> None:
    settings.INDICATORS_FOLDER = tmp_path
    write_tables(tmp_path)
    page = axe_page
    sign_in(page, world.users["coordinator"])
    page.goto("/")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Insight").click()
    page.get_by_role("link", name="Population indicators").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"As of {DATE}")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Who is identified and engaged, against the population").click()
    table = page.get_by_role("table", name="Who is identified and engaged, against the population: 2 rows")
    expect(table).to_contain_text("equity-dimension")
    expect(table).to_contain_text("[c]")
    page.get_by_text("What each column means").click()
    expect(page.get_by_text("identified_percent / population_percent")).to_be_visible()
    assert axe_violations(page) == []
    with page.expect_download() as download:
        page.get_by_role("link", name="Download this table (CSV)").click()
    saved = tmp_path / "downloaded.csv"
    download.value.save_as(saved)
    assert saved.read_bytes() == (tmp_path / DATE / "equity.csv").read_bytes()
