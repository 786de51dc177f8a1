"""Visits offline: a keyworker keeps a family for offline use, loses the connection, opens the family, its plan
and the contact form from the encrypted copy, records a contact and a progress change, and finds them saved
once when the connection returns; a change made on the server meanwhile is shown beside theirs, never
overwritten, until they choose; signing out and expiry remove the copies."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from browser_helpers import axe_violations
from django.utils import timezone
from playwright.sync_api import Page, expect
from web_world import World

from wholefamily.web.accounts.models import User
from wholefamily.web.casework.journey.assessment import plan
from wholefamily.web.casework.models import CaseNote, Family, OfflineCopy, PlanAction, PlanGoal
from wholefamily.web.casework.offline import copies

SignIn = Callable[[Page, User], None]
TODAY = dt.date.today()

#: What the browser holds in the site's IndexedDB: the number of copies and of changes waiting.
STORED = """async () => {
  const db = await new Promise((resolve, reject) => {
    const request = indexedDB.open("wholefamily-offline", 1);
    request.onupgradeneeded = () => {
      request.result.createObjectStore("keys");
      request.result.createObjectStore("copies", { keyPath: "family" });
      request.result.createObjectStore("outbox", { keyPath: "key" });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const count = (name) => new Promise((resolve) => {
    const request = db.transaction(name).objectStore(name).getAll();
    request.onsuccess = () => resolve(request.result);
  });
  const copies = await count("copies"), outbox = await count("outbox");
  db.close();
  return { copies: copies.length, outbox: outbox.length, clear: JSON.stringify(copies).includes("Walk") };
}"""


def _action(family: Family, world: World) -> PlanAction:
    goal = PlanGoal.objects.create(family=family, headline="education", goal="Going to school every day")
    return plan.add_action(goal, "Walk to school together", "Parent", TODAY, world.users["kw_north"])


def _keep_offline(page: Page, family: Family) -> None:
    """Keep the family for offline use and wait until the copy is stored and the service worker in control."""
    page.goto(f"/families/{family.pk}/")
    page.get_by_role("button", name="Keep for offline use").click()
    expect(page.locator("form[data-offline-family]")).to_have_attribute("data-offline-state", "stored")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    if not page.evaluate("Boolean(navigator.serviceWorker.controller)"):
        # The worker became active after this page was asked for: the next load of it is under its control.
        page.reload()
        expect(page.locator("form[data-offline-family]")).to_have_attribute("data-offline-state", "stored")
    assert page.evaluate("Boolean(navigator.serviceWorker.controller)")


def _reconnect(page: Page) -> None:
    """Leave the site, reconnect and open the offline page, which sends what waits to be sent. (Leaving first
    keeps the page shown offline from sending at the same moment: the test database takes one writer.)"""
    page.goto("about:blank")
    page.context.set_offline(False)
    page.goto("/offline/")
    expect(page.locator("#wf-outbox")).to_have_attribute("data-offline-state", "shown")


def test_a_visit_recorded_offline_is_sent_once_when_the_connection_returns(
    axe_page: Page, world: World, sign_in: SignIn
) -> None:
    page, family = axe_page, world.families["north"]
    action = _action(family, world)
    sign_in(page, world.users["kw_north"])
    _keep_offline(page, family)
    assert OfflineCopy.objects.filter(user=world.users["kw_north"], family=family).exists()
    stored = page.evaluate(STORED)
    assert stored["copies"] == 1 and not stored["clear"], stored  # encrypted: the plan's words are not there

    page.context.set_offline(True)
    page.goto(f"/families/{family.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Family {family.reference}")
    expect(page.get_by_text("You are offline")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Family plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Family plan of family {family.reference}")
    page.get_by_label("Progress of “Walk to school together”").select_option("in_progress")
    page.get_by_role("button", name="Save on this device").click()
    expect(page.get_by_text("Waiting to send: In progress")).to_be_visible()
    assert axe_violations(page) == []
    page.goto(f"/families/{family.pk}/notes/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a contact or case note")
    assert axe_violations(page) == []
    page.get_by_label("Home visit").check()
    page.get_by_label("Note", exact=True).fill("Visited at home offline; all well")
    page.get_by_role("button", name="Save on this device").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Home visit saved on this device")
    assert not CaseNote.objects.filter(family=family).exists()

    _reconnect(page)
    assert axe_violations(page) == []
    page.reload()  # a second sync sends nothing again
    expect(page.locator("#wf-outbox")).to_have_attribute("data-offline-state", "shown")
    note = CaseNote.objects.get(family=family)
    assert note.kind == CaseNote.Kind.HOME_VISIT and note.note == "Visited at home offline; all well"
    action.refresh_from_db()
    assert action.progress == PlanAction.Progress.IN_PROGRESS
    assert page.evaluate(STORED)["outbox"] == 0


def test_a_progress_changed_on_the_server_meanwhile_is_shown_beside_yours_until_you_choose(
    axe_page: Page, world: World, sign_in: SignIn
) -> None:
    page = axe_page
    family, keyworker, manager = (
        world.families["north"],
        world.users["kw_north"],
        world.users["manager_north"],
    )
    action = _action(family, world)
    sign_in(page, keyworker)
    _keep_offline(page, family)
    action.history.filter(history_user__isnull=True).update(history_user=keyworker)  # type: ignore[attr-defined]
    plan.set_progress(action, PlanAction.Progress.STUCK, manager)  # on the server, after the copy was taken
    action.history.filter(history_user__isnull=True).update(history_user=manager)  # type: ignore[attr-defined]

    page.context.set_offline(True)
    page.goto(f"/families/{family.pk}/plan/")
    page.get_by_label("Progress of “Walk to school together”").select_option("done")
    page.get_by_label("Progress note (optional)").fill("Walked every day this week")
    page.get_by_role("button", name="Save on this device").click()
    expect(page.get_by_text("Waiting to send: Done")).to_be_visible()

    _reconnect(page)
    expect(page.get_by_role("heading", name="Changes to check")).to_be_visible()
    card = page.locator(".govuk-summary-card")
    expect(card).to_contain_text("Yours")
    expect(card).to_contain_text("Done (note: Walked every day this week)")
    expect(card).to_contain_text(f"Stuck, changed by {manager}")
    assert axe_violations(page) == []
    action.refresh_from_db()
    assert action.progress == PlanAction.Progress.STUCK  # nothing overwritten

    page.get_by_role("button", name="Keep yours").click()
    expect(page.get_by_role("heading", name="Changes to check")).to_have_count(0)
    action.refresh_from_db()
    assert action.progress == PlanAction.Progress.DONE
    assert action.notes.get().note == "Walked every day this week"


def test_keeping_the_server_value_changes_nothing(page: Page, world: World, sign_in: SignIn) -> None:
    family, manager = world.families["north"], world.users["manager_north"]
    action = _action(family, world)
    sign_in(page, world.users["kw_north"])
    _keep_offline(page, family)
    plan.set_progress(action, PlanAction.Progress.STUCK, manager)
    page.context.set_offline(True)
    page.goto(f"/families/{family.pk}/plan/")
    page.get_by_label("Progress of “Walk to school together”").select_option("in_progress")
    page.get_by_role("button", name="Save on this device").click()
    expect(page.get_by_text("Waiting to send: In progress")).to_be_visible()
    _reconnect(page)
    page.get_by_role("button", name="Keep the one on the server").click()
    expect(page.get_by_role("heading", name="Changes to check")).to_have_count(0)
    action.refresh_from_db()
    assert action.progress == PlanAction.Progress.STUCK
    assert page.evaluate(STORED)["outbox"] == 0


def test_signing_out_removes_the_offline_copies(page: Page, world: World, sign_in: SignIn) -> None:
    family = world.families["north"]
    sign_in(page, world.users["kw_north"])
    _keep_offline(page, family)
    assert page.evaluate(STORED)["copies"] == 1
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    assert page.evaluate(STORED) == {"copies": 0, "outbox": 0, "clear": False}
    assert page.evaluate("caches.keys()") == []


def test_an_expired_copy_is_deleted_and_refused(page: Page, world: World, sign_in: SignIn) -> None:
    family, keyworker = world.families["north"], world.users["kw_north"]
    sign_in(page, keyworker)
    _keep_offline(page, family)
    OfflineCopy.objects.filter(user=keyworker, family=family).update(expires_at=timezone.now())
    page.goto(f"/families/{family.pk}/")  # online: the server no longer hands the copy out
    expect(page.get_by_role("button", name="Keep for offline use")).to_be_visible()
    expect(page.locator("form[data-offline-family]")).to_have_attribute("data-offline-state", "removed")
    assert page.evaluate(STORED)["copies"] == 0


def test_the_browser_deletes_a_copy_past_its_expiry_even_offline(
    page: Page, world: World, sign_in: SignIn
) -> None:
    family = world.families["north"]
    sign_in(page, world.users["kw_north"])
    _keep_offline(page, family)
    page.clock.install(time=timezone.now() + copies.LIFETIME + dt.timedelta(minutes=1))
    page.context.set_offline(True)
    page.goto(f"/families/{family.pk}/")
    expect(page.get_by_text("This page is not kept on this device for offline use.")).to_be_visible()
    assert page.evaluate(STORED)["copies"] == 0
