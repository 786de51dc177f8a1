"""Browser tests: Playwright (from PyPI, sync API) drives Debian's Chromium against pytest-django's live server.

``playwright install`` is never used: the set-up installs Debian's ``chromium`` (``scripts/setup.sh --dev``).
Every test here is marked ``browser``; the PostgreSQL pass of ``make test`` leaves them out.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

sys.path.insert(0, str(Path(__file__).parent))

from browser_helpers import CHROMIUM, CHROMIUM_ARGS

from wholefamily.web.accounts.models import User

HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"the browser tests need Debian's Chromium at {CHROMIUM}: run scripts/setup.sh --dev")
    # Playwright's sync API runs an event loop in this thread; Django would then refuse the ORM calls the
    # tests make between browser steps. Nothing here is concurrent, so allow them for the browser session.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def _new_context(browser: Browser, live_server: Any, **options: Any) -> BrowserContext:
    context = browser.new_context(base_url=live_server.url, **options)
    context.set_default_timeout(10_000)
    return context


@pytest.fixture
def page(browser: Browser, live_server: Any) -> Iterator[Page]:
    """A page in a fresh browser profile, with the site's Content-Security-Policy enforced."""
    context = _new_context(browser, live_server)
    yield context.new_page()
    context.close()


@pytest.fixture
def axe_page(browser: Browser, live_server: Any) -> Iterator[Page]:
    """A page whose profile bypasses the Content-Security-Policy, so that axe-core can be injected."""
    context = _new_context(browser, live_server, bypass_csp=True)
    yield context.new_page()
    context.close()


@pytest.fixture
def console_errors(page: Page) -> list[str]:
    """Errors the page logs: a Content-Security-Policy violation, a script error, a missing asset."""
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


@pytest.fixture
def sign_in(live_server: Any) -> Callable[[Page, User], None]:
    """Give a page's browser a session of a user. Signing in through the form is tested in test_sign_in."""

    def sign_in_as(page: Page, user: User) -> None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])

    return sign_in_as
