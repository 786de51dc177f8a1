"""Visits offline on the server: keeping a family for offline use (who may, audited), the offline copy (only
while live, only what the user may read, audited like a view), and sending what was recorded offline (once
per idempotency key; a progress changed on the server meanwhile answers 409 with both values and changes
nothing; the same access rules as online)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from api_helpers import token_client
from django.test import Client
from django.utils import timezone
from web_world import World

from wholefamily.web.accounts.models import AuditEntry, User
from wholefamily.web.casework.journey.assessment import plan
from wholefamily.web.casework.models import (
    CaseNote,
    Family,
    OfflineCopy,
    OfflineReceipt,
    PlanAction,
    PlanGoal,
)
from wholefamily.web.casework.offline import copies

TODAY = dt.date.today()


def _plan(family: Family, user: User, headline: str = "education") -> PlanAction:
    goal = PlanGoal.objects.create(family=family, headline=headline, goal="A goal of the plan")
    return plan.add_action(goal, "Walk to school together", "Parent", TODAY, user)


def _keep(user: User, family: Family) -> Client:
    client = Client()
    client.force_login(user)
    response = client.post(f"/families/{family.pk}/offline/")
    assert response.status_code == 302, response.content
    return client


def _copy_url(family: Family) -> str:
    return f"/api/families/{family.pk}/offline/"


def test_keeping_a_family_offline_is_recorded_with_its_expiry_and_audited(world: World) -> None:
    family, keyworker = world.families["north"], world.users["kw_north"]
    client = _keep(keyworker, family)
    copy = OfflineCopy.objects.get(user=keyworker, family=family)
    assert copy.expires_at - copy.taken_at == copies.LIFETIME
    assert AuditEntry.objects.filter(
        user=keyworker, action=AuditEntry.Action.CREATE, family_id=family.pk, summary__contains="offline use"
    ).exists()
    page = client.get(f"/families/{family.pk}/").content.decode()
    assert f'data-offline-copy="{_copy_url(family)}"' in page and "Renew the offline copy" in page
    client.post(f"/families/{family.pk}/offline/")  # renewing keeps one copy
    assert OfflineCopy.objects.filter(user=keyworker, family=family).count() == 1


@pytest.mark.parametrize("username", ["data_manager", "auditor", "front_door"])
def test_roles_that_do_not_record_contacts_may_not_keep_a_family_offline(world: World, username: str) -> None:
    client = Client()
    client.force_login(world.users[username])
    family = world.families["north" if username != "front_door" else "unallocated"]
    assert client.post(f"/families/{family.pk}/offline/").status_code in (403, 404)
    assert not OfflineCopy.objects.exists()


def test_the_copy_holds_the_summary_and_plan_with_versions_and_is_audited_like_a_view(world: World) -> None:
    family, keyworker = world.families["north"], world.users["kw_north"]
    action = _plan(family, keyworker)
    _keep(keyworker, family)
    response = token_client(keyworker).get(_copy_url(family))
    assert response.status_code == 200, response.content
    assert response["Cache-Control"] == "no-store"
    body = response.json()
    assert body["family"]["reference"] == family.reference
    [goal] = body["plan"]["goals"]
    [copied] = goal["actions"]
    assert copied["id"] == action.pk and copied["progress"] == "not_started" and copied["may_update"]
    assert copied["version"] == action.history.latest("history_id").history_id  # type: ignore[attr-defined]
    assert {m["name"] for m in body["members"]}
    assert AuditEntry.objects.filter(
        user=keyworker,
        action=AuditEntry.Action.VIEW,
        family_id=family.pk,
        summary__startswith="Read an offline copy",
    ).exists()


def test_a_sensitive_goal_stays_out_of_a_partner_copy(world: World) -> None:
    family, school = world.families["north"], world.users["school"]
    _plan(family, world.users["kw_north"], headline="domestic_abuse")
    _keep(school, family)
    body = token_client(school).get(_copy_url(family)).json()
    assert body["plan"]["goals"] == [] and body["plan"]["restricted_headlines"]
    assert body["may_mark_sensitive"] is False


def test_no_copy_before_it_is_kept_nor_after_it_expires(world: World) -> None:
    family, keyworker = world.families["north"], world.users["kw_north"]
    api = token_client(keyworker)
    assert api.get(_copy_url(family)).status_code == 410
    _keep(keyworker, family)
    OfflineCopy.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert api.get(_copy_url(family)).status_code == 410
    assert copies.live_copies(keyworker) == []


def test_another_team_family_is_not_found(world: World) -> None:
    assert token_client(world.users["kw_north"]).get(_copy_url(world.families["south"])).status_code == 404


def _note(key: uuid.UUID, **extra: Any) -> dict[str, Any]:
    return {
        "key": str(key),
        "kind": "home_visit",
        "happened_on": TODAY.isoformat(),
        "note": "Visited",
        **extra,
    }


def test_a_note_sent_twice_with_one_key_is_recorded_once(world: World) -> None:
    family = world.families["north"]
    api, key = token_client(world.users["kw_north"]), uuid.uuid4()
    url = f"/api/families/{family.pk}/offline/notes/"
    first = api.post(url, _note(key), format="json")
    again = api.post(url, _note(key), format="json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert CaseNote.objects.filter(family=family).count() == 1
    assert api.post(url, _note(uuid.uuid4()), format="json").status_code == 201  # a new key, a new note
    assert CaseNote.objects.filter(family=family).count() == 2


def test_a_key_used_for_another_change_is_refused(world: World) -> None:
    keyworker, key = world.users["kw_north"], uuid.uuid4()
    family = world.families["north"]
    action = _plan(family, keyworker)
    api = token_client(keyworker)
    assert api.post(f"/api/families/{family.pk}/offline/notes/", _note(key), format="json").status_code == 201
    body = {"key": str(key), "progress": "done", "base": "not_started"}
    response = api.post(f"/api/families/{family.pk}/offline/actions/{action.pk}/", body, format="json")
    assert response.status_code == 400 and "key" in response.json()


def test_a_partner_note_is_not_sensitive_and_another_family_refused(world: World) -> None:
    api = token_client(world.users["school"])
    url = f"/api/families/{world.families['north'].pk}/offline/notes/"
    assert api.post(url, _note(uuid.uuid4(), sensitive=True), format="json").status_code == 400
    south = f"/api/families/{world.families['south'].pk}/offline/notes/"
    assert api.post(south, _note(uuid.uuid4()), format="json").status_code == 404


def _progress(api: Any, action: PlanAction, **body: Any) -> Any:
    url = f"/api/families/{action.goal.family_id}/offline/actions/{action.pk}/"
    return api.post(url, {"key": str(uuid.uuid4()), **body}, format="json")


def test_progress_unchanged_on_the_server_is_applied_once(world: World) -> None:
    keyworker = world.users["kw_north"]
    action = _plan(world.families["north"], keyworker)
    api, key = token_client(keyworker), str(uuid.uuid4())
    url = f"/api/families/{action.goal.family_id}/offline/actions/{action.pk}/"
    body = {"key": key, "progress": "in_progress", "base": "not_started", "note": "Started"}
    assert api.post(url, body, format="json").status_code == 200
    assert api.post(url, body, format="json").status_code == 200
    action.refresh_from_db()
    assert action.progress == "in_progress" and action.notes.count() == 1
    assert OfflineReceipt.objects.filter(key=key).count() == 1


def test_progress_changed_on_the_server_answers_both_and_changes_nothing(world: World) -> None:
    keyworker, manager = world.users["kw_north"], world.users["manager_north"]
    action = _plan(world.families["north"], keyworker)
    plan.set_progress(action, "stuck", manager)
    action.history.filter(history_user__isnull=True).update(history_user=manager)  # type: ignore[attr-defined]
    api = token_client(keyworker)
    response = _progress(api, action, progress="done", base="not_started")
    assert response.status_code == 409
    body = response.json()
    assert body["field"] == "progress" and body["yours"] == "done"
    assert body["server"]["value"] == "stuck" and body["server"]["changed_by"] == str(manager)
    action.refresh_from_db()
    assert action.progress == "stuck" and not OfflineReceipt.objects.exists()
    # Keeping theirs: sent again over the server's value.
    assert _progress(api, action, progress="done", base="stuck").status_code == 200
    action.refresh_from_db()
    assert action.progress == "done"


def test_the_same_value_on_both_sides_is_no_conflict(world: World) -> None:
    keyworker = world.users["kw_north"]
    action = _plan(world.families["north"], keyworker)
    plan.set_progress(action, "done", world.users["manager_north"])
    assert _progress(token_client(keyworker), action, progress="done", base="not_started").status_code == 200


def test_progress_of_a_closed_case_answers_the_rule(world: World) -> None:
    keyworker, family = world.users["kw_north"], world.families["north"]
    action = _plan(family, keyworker)
    Family.objects.filter(pk=family.pk).update(status=Family.Status.CLOSED)
    response = _progress(token_client(keyworker), action, progress="done", base="not_started")
    assert response.status_code == 409 and "closed" in response.json()["detail"]


def test_a_partner_may_not_send_progress_of_an_action_they_do_not_own(world: World) -> None:
    action = _plan(world.families["north"], world.users["kw_north"])
    response = _progress(token_client(world.users["school"]), action, progress="done", base="not_started")
    assert response.status_code == 403


def test_the_offline_page_lists_the_user_s_copies(world: World) -> None:
    family, keyworker = world.families["north"], world.users["kw_north"]
    client = _keep(keyworker, family)
    page = client.get("/offline/").content.decode()
    assert family.reference in page and 'id="wf-outbox"' in page


def test_the_service_worker_is_served_from_the_root_with_the_shell(world: World) -> None:
    response = Client().get("/offline-worker.js")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    script = response.content.decode()
    assert script.startswith("const VERSION = ") and '"/offline/"' in script


def test_signing_out_clears_the_site_data_and_ends_the_copies(world: World) -> None:
    family = world.families["north"]
    client = _keep(world.users["kw_north"], family)
    response = client.post("/accounts/sign-out/")
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert copies.live_copy(world.users["kw_north"], family) is None  # the server's copy has ended too
