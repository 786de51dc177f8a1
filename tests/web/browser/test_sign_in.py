"""Signing in and out through the form, wrong passwords, the lock-out, and the sign-in page's accessibility."""

from __future__ import annotations

import re

from browser_helpers import TABLET, axe_violations, scrolls_sideways
from playwright.sync_api import Page, expect
from web_world import PASSWORD, World

from wholefamily.web.accounts.models import AuditEntry

SIGN_IN = "/accounts/sign-in/"


def _submit(page: Page, username: str, password: str) -> None:
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_sign_in_and_out_through_the_form(page: Page, world: World, console_errors: list[str]) -> None:
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/sign-in/\?next=/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")

    _submit(page, "kw_north", PASSWORD)
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_text("Signed in as")).to_contain_text("Kw North (Keyworker, North)")
    assert AuditEntry.objects.filter(action=AuditEntry.Action.LOGIN, username="kw_north").count() == 1

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/accounts/sign-in/$"))
    assert AuditEntry.objects.filter(action=AuditEntry.Action.LOGOUT, username="kw_north").count() == 1
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/sign-in/\?next=/$"))
    # GOV.UK Frontend's scripts ran under the Content-Security-Policy, and every asset loaded.
    assert page.evaluate("document.body.classList.contains('govuk-frontend-supported')")
    assert console_errors == []


def test_a_wrong_password_shows_the_error_summary(page: Page, world: World) -> None:
    page.goto(SIGN_IN)
    _submit(page, "kw_north", "not-the-password")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("correct username and password")
    expect(summary).to_be_focused()  # GOV.UK Frontend moves focus to the summary for screen reader users
    expect(page).to_have_title(re.compile(r"^Error: Sign in"))
    expect(page.get_by_label("Username")).to_have_value("kw_north")
    expect(page.get_by_label("Password")).to_have_value("")
    assert AuditEntry.objects.filter(action=AuditEntry.Action.LOGIN_FAILED).count() == 1


def test_the_sixth_attempt_is_locked_out_even_with_the_right_password(page: Page, world: World) -> None:
    page.goto(SIGN_IN)
    for _ in range(5):
        _submit(page, "kw_north", "not-the-password")
    page.goto(SIGN_IN)
    _submit(page, "kw_north", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account is locked")
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/sign-in/\?next=/$"))
    # The lock is on the account, not the office's address: another user still signs in.
    _submit(page, "kw_south", PASSWORD)
    expect(page.get_by_text("Signed in as")).to_contain_text("Kw South")


def test_the_sign_in_page_meets_wcag_22_aa(axe_page: Page, world: World) -> None:
    axe_page.goto(SIGN_IN)
    assert axe_violations(axe_page) == []
    _submit(axe_page, "kw_north", "not-the-password")
    expect(axe_page.locator(".govuk-error-summary")).to_be_visible()
    assert axe_violations(axe_page) == []


def test_the_sign_in_page_fits_a_tablet(page: Page) -> None:
    page.set_viewport_size(TABLET)
    page.goto(SIGN_IN)
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    assert not scrolls_sideways(page)
