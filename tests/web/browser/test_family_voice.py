"""The family's voice in a real browser, checked with axe-core: the keyworker records the family's own
wellbeing ratings and sees them beside the practitioner's in the charts; after closure the family answer the
feedback questions through their one-time link, without signing in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from browser_helpers import axe_violations
from journey_builders import closed
from playwright.sync_api import Page, expect
from web_world import World

from wholefamily.web.accounts.models import User
from wholefamily.web.casework.journey.assessment.wellbeing import save_scores
from wholefamily.web.casework.models import ClosureFeedback, FamilyRating, WellbeingArea

SignIn = Callable[[Page, User], None]
TODAY = dt.date.today()


def _accessible(page: Page, heading: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert axe_violations(page) == [], heading


def test_the_family_rate_their_wellbeing_and_answer_at_closure(
    axe_page: Page, world: World, sign_in: SignIn
) -> None:
    page = axe_page
    family, keyworker = world.families["north"], world.users["kw_north"]
    save_scores(family, keyworker, TODAY - dt.timedelta(days=30), {a.value: 4 for a in WellbeingArea})
    sign_in(page, keyworker)
    page.goto(f"/families/{family.pk}/wellbeing/")
    _accessible(page, "Family wellbeing")

    form = page.locator("form", has=page.get_by_role("button", name="Save the family's ratings"))
    form.get_by_role("button", name="Save the family's ratings").click()  # empty: the error summary
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose who rated")
    assert axe_violations(page) == []
    form = page.locator("form", has=page.get_by_role("button", name="Save the family's ratings"))
    dates = form.get_by_role("group", name="Date rated")
    dates.get_by_label("Day").fill(str(TODAY.day))
    dates.get_by_label("Month").fill(str(TODAY.month))
    dates.get_by_label("Year").fill(str(TODAY.year))
    form.get_by_role("group", name="Who rated").get_by_label("The family together").check()
    ratings = form.get_by_role("group", name="The family's ratings from 1 to 10")
    for area in WellbeingArea:
        ratings.get_by_label(str(area.label), exact=True).fill("7")
    form.get_by_role("button", name="Save the family's ratings").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "The family's own ratings saved"
    )
    assert FamilyRating.objects.filter(family=family, score=7).count() == 10
    expect(page.locator("svg.wf-chart rect")).to_have_count(10)
    expect(page.locator("#chart-home-desc")).to_contain_text("The family's own rating: 7 on")
    _accessible(page, "Family wellbeing")

    closed(family, keyworker)
    page.goto(f"/families/{family.pk}/closure/feedback/")
    _accessible(page, "Feedback at closure")
    page.get_by_role("button", name="Make a link for the family").click()
    link = page.locator("#feedback-link").inner_text().strip()
    _accessible(page, "Feedback at closure")

    family_page = page.context.browser.new_context(bypass_csp=True).new_page()  # type: ignore[union-attr]
    family_page.goto(link)
    _accessible(family_page, "Tell us what you think")
    family_page.get_by_role("button", name="Send my answers").click()
    expect(family_page.locator(".govuk-error-summary")).to_contain_text("Answer the question")
    assert axe_violations(family_page) == []
    for question, answer in (
        ("Has the support helped your family?", "Yes, a lot"),
        ("Did you feel listened to?", "Yes, a little"),
        ("Did your family plan include what mattered to you?", "Not sure"),
        ("Do you feel more able to manage things now?", "Yes, a lot"),
    ):
        family_page.get_by_role("group", name=question).get_by_label(answer).check()
    family_page.get_by_label("Is there anything else you would like to tell us? (optional)").fill(
        "Our worker listened."
    )
    family_page.get_by_role("button", name="Send my answers").click()
    expect(family_page.locator(".govuk-panel")).to_contain_text("Your answers have been sent")
    assert axe_violations(family_page) == []
    family_page.context.close()
    assert ClosureFeedback.objects.get(family=family).comments == "Our worker listened."

    page.goto(f"/families/{family.pk}/closure/feedback/")
    expect(page.locator("main")).to_contain_text("Our worker listened.")
    _accessible(page, "Feedback at closure")
