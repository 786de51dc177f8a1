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
from journey_builders import closed
from playwright.sync_api import Page, expect
from web_world import World

from wholefamily.web.accounts.models import User
from wholefamily.web.casework.models import Closure, Consent

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


def test_the_coordinator_erases_a_casework_record(
    axe_page: Page, world: World, sign_in: SignIn, settings: Any, tmp_path: Path
) -> None:
    settings.GOVERNANCE_FOLDER = tmp_path / "governance"
    settings.DOCUMENTS_FOLDER = tmp_path / "documents"
    family = world.families["north"]
    Consent.objects.create(
        family=family,
        given_by=world.people["north_parent"],
        purpose=Consent.Purpose.TAKE_PART,
        given_on=TODAY - dt.timedelta(days=90),
        how=Consent.How.VERBAL,
        withdrawn_on=TODAY - dt.timedelta(days=2),
    )
    closed(family, world.users["kw_north"], days_ago=1, reason=Closure.Reason.DECLINED)

    page = axe_page
    sign_in(page, world.users["coordinator"])
    page.goto("/governance/subject-access/")
    page.get_by_role("link", name="erase a family's casework record").click()
    _accessible(page, "Erasure of a family's casework record")
    page.get_by_label("Family reference").fill("WF999999")
    page.get_by_role("button", name="Find the family").click()
    expect(page.locator(".govuk-error-message")).to_contain_text("Enter the reference of a family")
    assert axe_violations(page) == []
    page.get_by_label("Family reference").fill(family.reference)
    page.get_by_role("button", name="Find the family").click()
    _accessible(page, f"Erase the casework record of family {family.reference}")
    page.get_by_role("button", name="Erase the record").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why the record is erased")
    assert axe_violations(page) == []
    page.get_by_label("Why the record is erased").fill("Asked by letter")
    page.get_by_role("button", name="Erase the record").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Erased the casework record")
    _accessible(page, f"Erase the casework record of family {family.reference}")
    expect(page.locator("main")).to_contain_text("already reduced to a tombstone")
