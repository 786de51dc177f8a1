"""In a real browser: the coordinator signs off a claim (and overrides for a family the rules find not
claimable, with a reason) and withdraws the first sign-off, then the auditor draws a sample and checks the
overridden claim, reading that family's evidence in the spot check. The candidates are inserted
straight into the site's models (as ``wholefamily publish`` would leave them; publishing them from a claims
build is tested in tests/web/test_publish.py). Each page is checked with axe-core."""

from __future__ import annotations

import re
from collections.abc import Callable

from browser_helpers import axe_violations
from playwright.sync_api import Page, expect
from web_world import World

from wholefamily.web.accounts.models import AuditEntry, User
from wholefamily.web.casework.models import ClaimCandidate, ClaimSignOff, SampledClaim

SignIn = Callable[[Page, User], None]
PERIOD = "2026Q3"


def test_the_coordinator_signs_off_and_the_auditor_checks(
    axe_page: Page, world: World, sign_in: SignIn
) -> None:
    page = axe_page
    north, other = world.families["north"], world.families["not_eligible"]
    ClaimCandidate.objects.create(
        family=north, period=PERIOD, status="claimable", needs=2, headlines=2, claims_run="claims-1"
    )
    ClaimCandidate.objects.create(
        family=other,
        period=PERIOD,
        status="not_claimable",
        needs=2,
        headlines=2,
        reasons=[{"rule_id": "outcomes_met", "headline": "education", "reason": "Attendance not sustained"}],
        claims_run="claims-1",
    )

    sign_in(page, world.users["coordinator"])
    page.goto("/")
    page.get_by_role("link", name="Claims").first.click()
    expect(page).to_have_url(re.compile(rf"/claims/{PERIOD}/$"))
    expect(page.locator("main")).to_contain_text("Attendance not sustained")
    assert axe_violations(page) == []
    page.get_by_role("link", name=f"Sign off the claim of {north.reference}").click()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Sign off").click()
    expect(page.locator(f"#claim-{north.reference}")).to_contain_text("Signed off by coordinator")

    page.get_by_role("link", name=f"Override for {other.reference}").click()
    page.get_by_role("button", name="Override and sign off").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Give the reason")
    assert axe_violations(page) == []
    page.get_by_label("Reason for the local discretionary override").fill("Attendance recovered after a move")
    page.get_by_role("button", name="Override and sign off").click()
    expect(page.locator(f"#claim-{other.reference}")).to_contain_text("override: Attendance recovered")
    assert ClaimSignOff.objects.count() == 2
    page.get_by_role("link", name=f"Withdraw the sign-off of {north.reference}").click()
    assert axe_violations(page) == []
    page.get_by_label("Reason for withdrawing the sign-off").fill("Attendance fell again")
    page.get_by_role("button", name="Withdraw the sign-off").click()
    expect(page.locator(f"#claim-{north.reference}")).to_contain_text("Sign-off withdrawn by coordinator")
    assert ClaimSignOff.objects.live().get().family == other

    page.context.clear_cookies()
    sign_in(page, world.users["auditor"])
    page.goto("/claims/")
    expect(page).to_have_url(re.compile(rf"/claims/{PERIOD}/samples/$"))
    assert axe_violations(page) == []
    page.get_by_label("Sample size").fill("1")
    page.get_by_label("Seed").fill("5")
    page.get_by_role("button", name="Draw the sample").click()
    expect(page).to_have_url(re.compile(r"/audit-samples/\d+/$"))
    assert axe_violations(page) == []
    sampled = SampledClaim.objects.get()
    reference = sampled.sign_off.family.reference
    assert reference == other.reference  # the only live sign-off: the override of a family not eligible
    page.get_by_role("link", name=f"Check the claim of {reference}").click()
    expect(page.locator("main")).to_contain_text("Persistent absence from school")
    expect(page.locator("main")).to_contain_text("ATT-1")
    assert axe_violations(page) == []
    page.get_by_role("group", name="Was the family eligible?").get_by_label("Yes").check()
    page.get_by_role("group", name="Was there a whole-family way of working?").get_by_label("Yes").check()
    page.get_by_role("group", name="Does the claim meet the rules?").get_by_label("No").check()
    page.get_by_label("Note").fill("No plan goal for the housing need")
    page.get_by_role("button", name="Record the check").click()
    expect(page.locator(f"#sampled-{reference}")).to_contain_text("No")
    sampled.refresh_from_db()
    assert (sampled.eligible, sampled.whole_family, sampled.meets_rules) == (True, True, False)
    steps = AuditEntry.objects.filter(
        object_type__in=["claimsignoff", "auditsample", "sampledclaim"], action__in=["create", "change"]
    )
    assert steps.count() == 5
