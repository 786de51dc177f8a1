"""Visits offline: a keyworker keeps a family for offline use, loses the connection, opens the family, its plan
and the contact form from the encrypted copy, records a contact and a progress change, and finds them saved
once when the connection returns; a change made on the server meanwhile is shown beside theirs, never
overwritten, until they choose; signing out and expiry remove the copies."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from browser_helpers import axe_violations
from playwright.sync_api import Page, expect
from web_world import World

from wholefamily.web.accounts.models import User
from wholefamily.web.casework.journey.assessment import plan
from wholefamily.web.casework.models import CaseNote, Family, OfflineCopy, PlanAction, PlanGoal

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
