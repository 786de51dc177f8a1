"""The supervision form and the training list in a real browser: a manager records a session with a worker
(an error first, then the session) and reads the team's training with what expires soon. axe-core checks each
page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from browser_helpers import axe_violations
from playwright.sync_api import Page, expect
from web_world import World

from wholefamily.web.accounts.models import User
from wholefamily.web.workforce.models import Supervision, TrainingRecord

SignIn = Callable[[Page, User], None]
TODAY = dt.date.today()


def _fill_date(page: Page, legend: str, day: dt.date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def test_a_manager_records_a_supervision_session(axe_page: Page, world: World, sign_in: SignIn) -> None:
    sign_in(axe_page, world.users["manager_north"])
    axe_page.goto("/")
    axe_page.get_by_role("navigation", name="Menu").get_by_role("link", name="Supervision").click()
    expect(axe_page.get_by_role("heading", level=1)).to_have_text("Supervision")
    assert axe_violations(axe_page) == []
    axe_page.get_by_role("link", name="Record a session with Kw North").click()
    expect(axe_page.get_by_role("heading", level=1)).to_have_text(
        "Record a supervision session with Kw North"
    )
    assert axe_violations(axe_page) == []
    axe_page.get_by_label(world.families["north"].reference).check()
    axe_page.get_by_label("What was discussed").fill("School attendance")
    axe_page.get_by_role("button", name="Record the session").click()
    expect(axe_page.get_by_role("alert")).to_contain_text("Enter the date of the next supervision")
    assert axe_violations(axe_page) == []
    _fill_date(axe_page, "Date of the next supervision", TODAY + dt.timedelta(days=28))
    axe_page.get_by_role("button", name="Record the session").click()
    expect(axe_page.get_by_role("heading", level=1)).to_contain_text("Supervision of Kw North")
    assert axe_violations(axe_page) == []
    session = Supervision.objects.get()
    assert [f.pk for f in session.families.all()] == [world.families["north"].pk]


def test_the_training_list_shows_what_expires_soon(axe_page: Page, world: World, sign_in: SignIn) -> None:
    TrainingRecord.objects.create(
        worker=world.users["kw_north"],
        course="Safeguarding level 2",
        provider="Council academy",
        completed_on=TODAY - dt.timedelta(days=700),
        expires_on=TODAY + dt.timedelta(days=20),
        recorded_by=world.users["manager_north"],
    )
    sign_in(axe_page, world.users["manager_north"])
    axe_page.goto("/workforce/training/")
    expiring = axe_page.get_by_role("table", name="Expiring in the next 60 days, or expired")
    expect(expiring).to_contain_text("Safeguarding level 2")
    assert axe_violations(axe_page) == []
    axe_page.get_by_role("link", name="Record training").click()
    assert axe_violations(axe_page) == []


def test_a_manager_audits_a_case(axe_page: Page, world: World, sign_in: SignIn) -> None:
    sign_in(axe_page, world.users["manager_north"])
    axe_page.goto("/workforce/audits/")
    assert axe_violations(axe_page) == []
    axe_page.get_by_label("Family to audit").select_option(
        label=f"{world.families['north'].reference} (Kw North)"
    )
    axe_page.get_by_role("button", name="Audit this case").click()
    expect(axe_page.get_by_role("heading", level=1)).to_contain_text("Audit the case of family")
    assert axe_violations(axe_page) == []
    for question in ("Quality of the assessment", "Quality of the plan", "Voice of the child"):
        axe_page.get_by_role("group", name=question).get_by_label("Good").check()
    axe_page.get_by_role("button", name="Record the audit").click()
    expect(axe_page.get_by_role("alert")).to_contain_text("Choose a grade for: outcomes for the family")
    axe_page.get_by_role("group", name="Outcomes for the family").get_by_label("Requires improvement").check()
    axe_page.get_by_role("button", name="Record the audit").click()
    expect(axe_page.get_by_role("table", name="Grades")).to_contain_text("Requires improvement")
    assert axe_violations(axe_page) == []
