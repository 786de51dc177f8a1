"""The family's journey in a real browser: a referral taken by the front door and triaged there, allocated by
the team manager, then the keyworker's consent, assessment, plan, meeting, review and closure, each page
reached from the family page's Casework task list and checked with axe-core. And a manager's allocation from
the dashboard."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from browser_helpers import axe_violations
from playwright.sync_api import Locator, Page, expect
from web_world import World

from wholefamily.web.accounts.models import User
from wholefamily.web.casework.models import Closure, Family, Referral

SignIn = Callable[[Page, User], None]
TODAY = dt.date.today()


def _accessible(page: Page, heading: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert axe_violations(page) == [], heading


def _date(page: Page, legend: str, day: dt.date = TODAY) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def _task(page: Page, title: str) -> Locator:
    return page.locator(".govuk-task-list__item", has_text=title)


def _open_task(page: Page, family: Family, title: str, heading: str) -> None:
    page.goto(f"/families/{family.pk}/")
    _task(page, title).get_by_role("link", name=title).click()
    _accessible(page, heading)


def _success(page: Page, text: str) -> None:
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(text)


def _refer_and_triage(page: Page, world: World, sign_in: SignIn) -> Family:
    """The front door records a referral by hand and triages it to early help."""
    sign_in(page, world.users["front_door"])
    page.goto("/families/new/")
    _accessible(page, "New referral")
    page.get_by_label("Address").fill("7 Journey Lane, Westshire")
    page.get_by_label("Postcode").fill("WX1 2AB")
    page.get_by_label("Why is the family being referred?").fill("School worried about attendance and money.")
    page.get_by_label("Referred by (agency)").select_option(label="School or college")
    page.get_by_label("Name of the person referring").fill("A. Teacher")
    first = page.get_by_role("group", name="Person 1")
    first.get_by_label("First name").fill("Robin")
    first.get_by_label("Surname").fill("Journeyperson")
    first.get_by_label("Role in the family").select_option(label="Parent or carer")
    second = page.get_by_role("group", name="Person 2 (optional)")
    second.get_by_label("First name").fill("Ash")
    second.get_by_label("Surname").fill("Journeyperson")
    second.get_by_label("Role in the family").select_option(label="Child")
    page.get_by_role("button", name="Create referral").click()
    family = Family.objects.get(address="7 Journey Lane, Westshire")
    assert family.status == Family.Status.REFERRED and family.team is None

    _open_task(page, family, "Referral and triage", "Triage")
    page.get_by_role("group", name="Level of need").get_by_role("radio").first.check()
    page.get_by_label("Early help: whole-family support").check()
    page.get_by_label("Reason for the decision").fill(
        "Attendance and money worries; no safeguarding concern."
    )
    page.get_by_role("group", name="Has the family agreed to be contacted?").get_by_label("Yes").check()
    page.get_by_role("button", name="Save the triage decision").click()
    _success(page, "triaged")
    family.refresh_from_db()
    assert family.status == Family.Status.ACCEPTED
    return family


def _allocate(page: Page, family: Family) -> None:
    _accessible(page, "Allocate the family")
    page.get_by_label("Team").select_option(label="North")
    page.get_by_label("Lead practitioner").select_option(label="Kw North – Keyworker, North")
    page.get_by_role("button", name="Allocate").click()
    family.refresh_from_db()
    assert family.status == Family.Status.OPEN and family.lead_practitioner is not None


def test_a_keyworkers_journey_from_referral_to_closure(axe_page: Page, world: World, sign_in: SignIn) -> None:
    page = axe_page
    family = _refer_and_triage(page, world, sign_in)

    page.context.clear_cookies()
    sign_in(page, world.users["manager_north"])
    _open_task(page, family, "Allocation", "Allocate the family")
    _allocate(page, family)

    page.context.clear_cookies()
    sign_in(page, world.users["kw_north"])
    page.goto(f"/families/{family.pk}/")
    _accessible(page, f"Family {family.reference}")
    expect(_task(page, "Allocation")).to_contain_text("Completed")

    # Consent to take part.
    _open_task(page, family, "Consent", "Record consent")
    page.get_by_label("To take part in whole-family support").check()
    page.get_by_label("Given by").select_option(label="Robin Journeyperson")
    _date(page, "Date consent was given")
    page.get_by_label("Verbally").check()
    page.get_by_role("button", name="Record consent").click()
    _success(page, "Consent recorded")

    # The whole-family assessment: every member considered, one need added, then completed.
    _open_task(page, family, "Whole-family assessment", "Whole-family assessment")
    _date(page, "Date the assessment started")
    page.get_by_role("button", name="Start the assessment").click()
    _success(page, "Assessment started")
    for name in ("Robin Journeyperson", "Ash Journeyperson"):
        page.get_by_label("Family member").select_option(label=name)
        page.get_by_label("What did you learn about them?").fill(f"{name.split()[0]} wants things to change.")
        page.get_by_role("button", name="Save note").click()
    headline = page.get_by_role("combobox", name="Headline").locator("option").nth(1).inner_text()
    page.get_by_role("combobox", name="Headline").select_option(label=headline)
    page.get_by_label("Added by the assessment").check()
    page.get_by_role("textbox", name="Why").fill("Found at the home visit.")
    page.get_by_role("button", name="Save need").click()
    _date(page, "Date the assessment was completed")
    page.get_by_role("button", name="Complete the assessment").click()
    expect(page.locator("main")).to_contain_text("Complete")
    assert axe_violations(page) == []

    # The family plan: a goal for the need.
    _open_task(page, family, "Family plan", "Family plan")
    page.get_by_label("Need the goal is for").select_option(label=headline)
    page.get_by_label("Goal", exact=True).fill("Things are better at home and at school.")
    page.get_by_role("button", name="Add the goal").click()
    _success(page, "Goal added to the plan")

    # A team around the family meeting.
    _open_task(page, family, "Team around the family meetings", "Team around the family meetings")
    page.get_by_role("button", name="Record a meeting").click()
    _accessible(page, "Record a team around the family meeting")
    _date(page, "Date of the meeting")
    page.get_by_label("What was decided").fill("The plan is agreed with the family.")
    page.get_by_role("button", name="Record the meeting").click()
    _accessible(page, "Team around the family meetings")

    # A review, with the wellbeing scores.
    _open_task(page, family, "Reviews", "Reviews")
    page.get_by_role("button", name="Record a review").click()
    _accessible(page, "Record a review")
    _date(page, "Date of the review")
    page.get_by_label("Progress since the last review").fill("Attendance is up; money advice started.")
    scores = page.get_by_role("group", name="Family wellbeing scores").locator("input")
    for i in range(scores.count()):
        scores.nth(i).fill("6")
    page.get_by_role("button", name="Record the review").click()
    _accessible(page, "Reviews")

    # Closure: "outcomes met" needs the goal achieved, or the reason it is not: refused first, then recorded.
    _open_task(page, family, "Step-up and closure", "Step-up and closure")
    page.get_by_role("button", name="Close the case").click()
    _accessible(page, "Close the case")
    page.get_by_label("Outcomes met").check()
    _date(page, "Date the case closed")
    page.get_by_label("Closing summary (optional)").fill("The family's plan is done.")
    page.get_by_role("button", name="Close the case").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The goal is not achieved for:")
    assert axe_violations(page) == []
    page.get_by_label("Outcomes met").check()
    _date(page, "Date the case closed")
    page.get_by_label("Why close now if a need's goal is not achieved?").fill(
        "The family moved on well; the goal was left open."
    )
    page.get_by_role("button", name="Close the case").click()
    until = TODAY + dt.timedelta(days=Closure.SUSTAINMENT_DAYS)
    _success(page, f"sustained until {until.day} {until:%B %Y}")
    _accessible(page, f"Family {family.reference}")
    expect(_task(page, "Step-up and closure")).to_contain_text(f"sustained until {until.day} {until:%B %Y}")
    for title in ("Referral and triage", "Consent", "Whole-family assessment"):
        expect(_task(page, title)).to_contain_text("Completed")
    family.refresh_from_db()
    assert family.status == Family.Status.CLOSED
    closure = Closure.objects.get(family=family)
    assert closure.reason == Closure.Reason.OUTCOMES_MET and closure.not_achieved
    assert closure.not_achieved_reason == "The family moved on well; the goal was left open."

    # Referred again: the case reopens, the closure stays in the history.
    _open_task(page, family, "Step-up and closure", "Step-up and closure")
    page.get_by_role("button", name="Refer the family again").click()
    _accessible(page, "Refer the family again")
    _date(page, "Date the referral was received")
    page.get_by_label("The family asked for help").check()
    page.get_by_label("Why is the family referred again?").fill("Money worries are back.")
    page.get_by_role("button", name="Record the referral").click()
    _success(page, "reopened")
    family.refresh_from_db()
    assert family.status == Family.Status.REFERRED
    assert Referral.objects.filter(family=family).count() == 2
    _open_task(page, family, "Step-up and closure", "Step-up and closure")
    expect(page.get_by_role("table", name="Closures of the case")).to_contain_text("Outcomes met")


def test_a_manager_allocates_from_the_dashboard(axe_page: Page, world: World, sign_in: SignIn) -> None:
    page = axe_page
    family = _refer_and_triage(page, world, sign_in)
    page.context.clear_cookies()
    sign_in(page, world.users["manager_north"])
    page.goto("/dashboard/")
    _accessible(page, re.sub(r"\s+", " ", page.get_by_role("heading", level=1).inner_text()))
    page.get_by_role("link", name=f"Allocate {family.reference}").click()
    _allocate(page, family)
    _success(page, f"{family.reference} allocated to Kw North")
