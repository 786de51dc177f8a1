"""In a real browser: the auditor reads each need's outcome over time on the family page, then the plan and the
closure; the coordinator sees the partner feed health banner. Each page is checked with axe-core (so the
pages run without the Content-Security-Policy that would stop axe's script)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from browser_helpers import axe_violations
from playwright.sync_api import Page, expect
from web_world import World

from wholefamily.web.accounts.models import AuditEntry, User
from wholefamily.web.casework.models import Closure, Need, NeedOutcome, PartnerFeed, PlanGoal

SignIn = Callable[[Page, User], None]
TODAY = dt.date.today()


def test_the_auditor_reads_outcomes_plan_and_closure(axe_page: Page, world: World, sign_in: SignIn) -> None:
    page = axe_page
    north = world.families["north"]
    school = Need.objects.get(family=north, headline="education")
    for days, status, reason in ((183, "met", ""), (365, "not_yet_measurable", "182 days still to run")):
        NeedOutcome.objects.create(
            need=school, horizon_days=days, status=status, reason=reason, records=4, outcomes_run="out-1"
        )
    PlanGoal.objects.create(family=north, headline="education", goal="Back at school every day")
    Closure.objects.create(
        family=north,
        closed_on=TODAY,
        reason=Closure.Reason.OUTCOMES_MET,
        not_achieved=["Getting a good education: Persistent absence from school"],
        not_achieved_reason="Attendance is up; the goal stays open with school",
    )
    sign_in(page, world.users["auditor"])
    page.goto(f"/families/{north.pk}/")
    table = page.get_by_role("table", name="Each need's outcome after closure")
    expect(table).to_contain_text("Persistent absence from school")
    expect(table).to_contain_text("Not yet measurable")
    expect(table).to_contain_text("182 days still to run")
    assert axe_violations(page) == []

    page.get_by_role("link", name="Family plan").click()
    expect(page).to_have_url(re.compile(rf"/families/{north.pk}/plan/$"))
    expect(page.locator("main")).to_contain_text("Back at school every day")
    assert axe_violations(page) == []
    page.goto(f"/families/{north.pk}/")
    page.get_by_role("link", name="Step-up and closure").click()
    expect(page.locator("main")).to_contain_text("Reason: Attendance is up; the goal stays open with school")
    assert axe_violations(page) == []
    assert AuditEntry.objects.filter(action="view", username="auditor", family_id=north.pk).count() >= 3


def test_the_coordinator_sees_an_overdue_feed(axe_page: Page, world: World, sign_in: SignIn) -> None:
    page = axe_page
    PartnerFeed.objects.create(
        source="school_attendance",
        title="School attendance by term",
        agency="education",
        owner_role="data manager",
        expected_every_days=31,
        last_delivery=TODAY - dt.timedelta(days=40),
        rows=4167,
        previous_rows=4100,
        previous_delivery=TODAY - dt.timedelta(days=71),
        fields_gone_empty=["upn"],
    )
    sign_in(page, world.users["coordinator"])
    page.goto("/")
    banner = page.get_by_role("region", name="Partner data")
    expect(banner).to_contain_text("1 partner feed is overdue")
    expect(banner).to_contain_text("Went empty in the last delivery: upn.")
    assert axe_violations(page) == []
