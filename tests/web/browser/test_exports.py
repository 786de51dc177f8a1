"""Asking for an export of a list and downloading it, in a real browser: the form and the downloads page are
clean for axe-core, the form's errors are named, and the file arrives once the worker has run."""

from __future__ import annotations

import re
from collections.abc import Callable

from browser_helpers import axe_violations
from django.core.management import call_command
from playwright.sync_api import Page, expect
from web_world import World

from wholefamily.web.accounts.models import User

SignIn = Callable[[Page, User], None]


def test_export_a_list_then_download_it(axe_page: Page, world: World, sign_in: SignIn) -> None:
    page = axe_page
    sign_in(page, world.users["manager_north"])
    page.goto("/dashboard/families/?sort=reference")
    page.get_by_role("link", name="Export this list as CSV or XLSX").click()
    expect(page).to_have_url(re.compile(r"/exports/new/team-families/\?sort=reference$"))
    assert axe_violations(page) == []

    page.get_by_role("button", name="Export").click()
    expect(page.get_by_role("alert")).to_contain_text("Give the reason for the export")
    assert axe_violations(page) == []

    page.get_by_label("Excel workbook (XLSX)").check()
    page.get_by_label("Why do you need this export?").fill("Caseload review with the service manager")
    page.get_by_role("button", name="Export").click()
    expect(page.locator("#status")).to_have_text("Queued")

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    page.goto("/exports/")
    table = page.get_by_role("table", name="Your exports")
    expect(table).to_contain_text("Ready")
    assert axe_violations(page) == []
    with page.expect_download() as download:
        table.get_by_role("link", name=re.compile("Download XLSX")).click()
    assert download.value.suggested_filename.startswith("team-families-")
    assert download.value.suggested_filename.endswith(".xlsx")
