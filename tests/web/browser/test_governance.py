"""The governance pages in a real browser, checked with axe-core: the legal basis (reached from the footer),
the sharing agreements due for review and the subject access packs with the site's records."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from browser_helpers import axe_violations
from playwright.sync_api import Page, expect
from web_world import World

from wholefamily.web.accounts.models import User

SignIn = Callable[[Page, User], None]
TODAY = dt.date.today()


def _accessible(page: Page, heading: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert axe_violations(page) == [], heading


def test_the_coordinator_reads_the_governance_pages(
    axe_page: Page, world: World, sign_in: SignIn, settings: Any, tmp_path: Path
) -> None:
    folder = tmp_path / "governance"
    (folder / "subject-access" / "P-NORTH").mkdir(parents=True)
    (folder / "subject-access" / "P-NORTH" / "redacted.html").write_text("<html></html>", "utf-8")
    (folder / "subject-access" / "P-NORTH" / "redacted.json").write_text(json.dumps({}), "utf-8")
    agreement = {
        "id": "isa-school",
        "title": "Schools data sharing",
        "parties": ["Anytown Council", "Anytown schools"],
        "sources": ["school_attendance"],
        "purposes": ["identification", "casework"],
        "legal_basis": "public_task",
        "starts": TODAY - dt.timedelta(days=300),
        "review_by": TODAY - dt.timedelta(days=1),
        "document": "ISA/SCHOOLS v1",
    }
    (folder / "agreements.yaml").write_text(yaml.safe_dump({"agreements": [agreement]}), "utf-8")
    settings.GOVERNANCE_FOLDER = folder
    parent = world.people["north_parent"]
    parent.warehouse_id = "P-NORTH"
    parent.save()

    page = axe_page
    sign_in(page, world.users["coordinator"])
    page.goto("/")
    page.get_by_role("link", name="How we use data: the legal basis").click()
    _accessible(page, "The legal basis of each use of data")
    page.get_by_role("link", name="Governance").click()
    _accessible(page, "Sharing agreements due for review")
    expect(page.locator("table").first).to_contain_text("Overdue")
    page.get_by_role("link", name="subject access requests").click()
    _accessible(page, "Subject access requests")
    page.get_by_role("link", name="Read the casework records of person P-NORTH").click()
    _accessible(page, "Casework records of person P-NORTH")
    expect(page.locator("main")).to_contain_text(parent.full_name)
