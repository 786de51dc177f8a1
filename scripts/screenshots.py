"""Take the screenshots in docs/screenshots/ from a running demo site.

    .venv/bin/wholefamily demo --out /tmp/shots --residents 5000 --no-serve
    .venv/bin/wholefamily serve --workspace /tmp/shots --port 8123 &
    .venv/bin/python scripts/screenshots.py --workspace /tmp/shots --url http://127.0.0.1:8123

Uses Playwright with Debian's Chromium (/usr/bin/chromium), signing in with the demo logins the workspace holds.
The journey's screenshots record an assessment and a closure on the keyworker's first family, so use a demo
workspace made for the purpose. The indicators' need ``wholefamily insight indicators --workspace /tmp/shots
--as-of 2026-10-31`` first.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import tempfile
from pathlib import Path

from fpdf import FPDF
from playwright.sync_api import Browser, Page, sync_playwright

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


def logins(workspace: Path) -> dict[str, str]:
    text = (workspace / ".secrets" / "demo-logins.txt").read_text()
    return dict(re.findall(r"^(\w+)\t(\S+)\t", text, flags=re.MULTILINE))


def sign_in(page: Page, url: str, username: str, password: str) -> None:
    page.goto(f"{url}/accounts/sign-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button:has-text('Sign in')")


def shot(page: Page, name: str) -> None:
    page.screenshot(path=str(OUT / f"{name}.png"), full_page=False)
    print(f"wrote {OUT / name}.png")


def fill_date(page: Page, legend: str, day: dt.date) -> None:
    group = page.get_by_role("group", name=legend)
    for part, value in (("Day", day.day), ("Month", day.month), ("Year", day.year)):
        group.get_by_label(part).fill(str(value))


def signed_in(browser: Browser, url: str, username: str, password: str) -> Page:
    page = browser.new_context(viewport={"width": 1100, "height": 1000}).new_page()
    sign_in(page, url, username, password)
    return page


def journey(browser: Browser, url: str, passwords: dict[str, str], family_url: str) -> None:
    """The journey's main pages. Records an assessment and a closure on the keyworker's first family: run it
    on a throwaway demo workspace."""
    today = dt.date.today()
    front_door = signed_in(browser, url, "frontdoor", passwords["frontdoor"])
    front_door.click("table a[href^='/families/']")
    front_door.goto(f"{front_door.url}triage/")
    shot(front_door, "journey-triage")
    manager = signed_in(browser, url, "manager", passwords["manager"])
    manager.goto(f"{url}/dashboard/")
    shot(manager, "journey-dashboard")
    keyworker = signed_in(browser, url, "keyworker", passwords["keyworker"])
    keyworker.goto(f"{family_url}#casework")
    shot(keyworker, "journey-casework")
    keyworker.goto(f"{family_url}assessment/")
    fill_date(keyworker, "Date the assessment started", today)
    keyworker.get_by_role("button", name="Start the assessment").click()
    shot(keyworker, "journey-assessment")
    keyworker.goto(f"{family_url}plan/")
    shot(keyworker, "journey-plan")
    keyworker.goto(f"{family_url}reviews/new/")
    shot(keyworker, "journey-review")
    keyworker.goto(f"{family_url}closure/close/")
    keyworker.get_by_label("Outcomes met").check()
    fill_date(keyworker, "Date the case closed", today)
    keyworker.get_by_role("button", name="Close the case").click()
    shot(keyworker, "journey-close-refused")
    keyworker.get_by_label("The family stopped engaging").check()
    fill_date(keyworker, "Date the case closed", today)
    keyworker.get_by_role("button", name="Close the case").click()
    keyworker.goto(f"{family_url}closure/")
    shot(keyworker, "journey-closure")


def insight(browser: Browser, url: str, passwords: dict[str, str]) -> None:
    """The Insight dashboards as the coordinator sees them: each page's first chart with its table."""
    coordinator = signed_in(browser, url, "coordinator", passwords["coordinator"])
    for slug in ("programme", "needs", "caseloads", "data-quality"):
        coordinator.goto(f"{url}/insight/{slug}/")
        coordinator.locator(".wf-figure").first.screenshot(path=str(OUT / f"insight-{slug}.png"))
        print(f"wrote {OUT / f'insight-{slug}'}.png")


def indicators(browser: Browser, url: str, passwords: dict[str, str]) -> None:
    """The population indicators (run `wholefamily insight indicators --as-of DATE` on the workspace first)."""
    page = signed_in(browser, url, "coordinator", passwords["coordinator"])
    page.goto(f"{url}/indicators/")
    shot(page, "indicators")
    page.get_by_role("link", name="Who is identified and engaged, against the population").click()
    shot(page, "indicators-equity")
    page.goto(f"{page.url.rsplit('/', 2)[0]}/needs/?show=district")
    shot(page, "indicators-needs")


def record(browser: Browser, url: str, passwords: dict[str, str], family_url: str) -> None:
    """The family's timeline filtered by a person, its documents (adding a letter), and the manager's list of
    the team's families behind the dashboard's counts."""
    keyworker = signed_in(browser, url, "keyworker", passwords["keyworker"])
    keyworker.goto(family_url)
    keyworker.get_by_label("Person").select_option(index=1)
    keyworker.get_by_role("button", name="Filter the timeline").click()
    shot(keyworker, "family-timeline")
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(text="Letter from the housing office")
    letter = Path(tempfile.gettempdir()) / "letter.pdf"
    letter.write_bytes(bytes(pdf.output()))
    keyworker.goto(f"{family_url}documents/")
    keyworker.get_by_label("File").set_input_files(str(letter))
    keyworker.get_by_label("Letter").check()
    keyworker.get_by_label("Title").fill("Letter from the housing office")
    keyworker.get_by_role("button", name="Add the document").click()
    keyworker.wait_for_load_state()
    letter.unlink()
    shot(keyworker, "documents")
    manager = signed_in(browser, url, "manager", passwords["manager"])
    manager.goto(f"{url}/dashboard/families/?status=held&sort=review")
    shot(manager, "team-families")


def workforce(browser: Browser, url: str, passwords: dict[str, str]) -> None:
    """The manager records a supervision session with the first worker of the team (an error first: no date of
    the next session) and reads the team's training."""
    manager = signed_in(browser, url, "manager", passwords["manager"])
    manager.goto(f"{url}/workforce/supervision/")
    manager.get_by_role("link", name=re.compile("^Record a session")).first.click()
    manager.get_by_label("What was discussed").fill("Attendance at school; the plan's next review")
    manager.get_by_role("button", name="Record the session").click()
    shot(manager, "workforce-supervision-form")
    manager.goto(f"{url}/workforce/training/")
    shot(manager, "workforce-training")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workspace", type=Path, required=True)
    parser.add_argument("--url", default="http://127.0.0.1:8123")
    args = parser.parse_args()
    passwords = logins(args.workspace)
    url = args.url.rstrip("/")
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1100, "height": 1000})
        page.goto(f"{url}/accounts/sign-in/")
        shot(page, "sign-in")
        sign_in(page, url, "keyworker", passwords["keyworker"])
        shot(page, "families-keyworker")
        page.click("table a[href^='/families/']")
        shot(page, "family-record-keyworker")
        family_url = page.url
        surname = page.locator("table a[href^='/people/']").first.inner_text().split()[-1]
        page.goto(f"{url}/search/?q={surname}")
        shot(page, "search")
        page.goto(f"{url}/api/")
        shot(page, "api")
        context = browser.new_context(viewport={"width": 1100, "height": 1000})
        partner = context.new_page()
        sign_in(partner, url, "school", passwords["school"])
        partner.click("table a[href^='/families/']")
        shot(partner, "family-record-school-partner")
        coordinator = browser.new_context(viewport={"width": 1100, "height": 1000}).new_page()
        sign_in(coordinator, url, "coordinator", passwords["coordinator"])
        coordinator.goto(f"{family_url}audit/")
        shot(coordinator, "family-audit-log")
        tablet = browser.new_context(viewport={"width": 768, "height": 1024}).new_page()
        sign_in(tablet, url, "keyworker", passwords["keyworker"])
        tablet.goto(family_url)
        shot(tablet, "family-record-tablet")
        insight(browser, url, passwords)
        record(browser, url, passwords, family_url)
        journey(browser, url, passwords, family_url)
        indicators(browser, url, passwords)
        workforce(browser, url, passwords)
        browser.close()


if __name__ == "__main__":
    main()
