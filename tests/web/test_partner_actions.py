"""A partner practitioner in the team around the family updates the progress of the plan actions they own,
with a progress note, on the site and in the API; nothing else of the plan, no action of anyone else, and no
action under a sensitive goal."""

from __future__ import annotations

import datetime as dt

from api_helpers import token_client
from django.test import Client
from django.urls import reverse
from web_world import World

from wholefamily.web.accounts.models import AuditEntry, User
from wholefamily.web.casework.models import PlanAction, PlanActionNote, PlanGoal

TODAY = dt.date.today()


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _action(world: World, headline: str, owner: str | None, family: str = "north") -> PlanAction:
    goal = PlanGoal.objects.create(
        family=world.families[family], headline=headline, goal=f"Goal on {headline}"
    )
    return PlanAction.objects.create(
        goal=goal,
        action=f"Action on {headline}",
        owner="School" if owner else "Mum",
        owner_user=world.users[owner] if owner else None,
        due_on=TODAY + dt.timedelta(days=5),
    )


def _progress_url(action: PlanAction) -> str:
    return reverse("casework:assessment_plan_action_progress", args=[action.goal.family_id, action.pk])


def test_a_partner_updates_their_own_action_with_a_note(world: World) -> None:
    school = world.users["school"]
    action = _action(world, "education", "school")
    response = _client(school).post(
        _progress_url(action), {"progress": "in_progress", "note": "Met the head"}
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.progress == PlanAction.Progress.IN_PROGRESS
    note = PlanActionNote.objects.get()
    assert (note.note, note.progress, note.recorded_by) == ("Met the head", "in_progress", school)
    entry = AuditEntry.objects.filter(user=school, action=AuditEntry.Action.CHANGE).get()
    assert entry.family_id == world.families["north"].pk and entry.detail["note_added"] is True
    page = _client(school).get(reverse("casework:assessment_plan", args=[world.families["north"].pk]))
    assert "Met the head" in page.content.decode() and 'id="note-' in page.content.decode()


def test_a_partner_may_not_update_anyone_elses_action_nor_the_rest_of_the_plan(world: World) -> None:
    school = _client(world.users["school"])
    mums = _action(world, "education", None)
    assert school.post(_progress_url(mums), {"progress": "done"}).status_code == 403
    north = world.families["north"].pk
    goal = mums.goal
    assert (
        school.post(
            reverse("casework:assessment_plan_goal_status", args=[north, goal.pk]), {"status": "achieved"}
        ).status_code
        == 403
    )
    assert (
        school.get(reverse("casework:assessment_plan_action_add", args=[north, goal.pk])).status_code == 403
    )
    mums.refresh_from_db()
    goal.refresh_from_db()
    assert mums.progress == PlanAction.Progress.NOT_STARTED and goal.status == PlanGoal.Status.OPEN
    page = school.get(reverse("casework:assessment_plan", args=[north])).content.decode()
    assert _progress_url(mums) not in page
    for reader in ("auditor", "data_manager"):  # the auditor reads the plan; the data manager not even that
        assert _client(world.users[reader]).post(_progress_url(mums), {"progress": "done"}).status_code == 403
    assert _client(world.users["kw_south"]).post(_progress_url(mums), {"progress": "done"}).status_code == 404


def test_ownership_needs_the_family_open_and_the_goal_not_sensitive(world: World) -> None:
    sensitive = _action(world, "domestic_abuse", "school")
    assert (
        _client(world.users["school"]).post(_progress_url(sensitive), {"progress": "done"}).status_code == 404
    )
    police_owned = _action(world, "education", "police")  # in the team, but the family gave no consent
    assert (
        _client(world.users["police"]).post(_progress_url(police_owned), {"progress": "done"}).status_code
        == 404
    )
    sensitive.refresh_from_db()
    police_owned.refresh_from_db()
    assert {sensitive.progress, police_owned.progress} == {PlanAction.Progress.NOT_STARTED}


def test_the_keyworker_names_a_practitioner_of_the_team_around_the_family_as_owner(world: World) -> None:
    north = world.families["north"]
    goal = PlanGoal.objects.create(family=north, headline="education", goal="In school every day")
    url = reverse("casework:assessment_plan_action_add", args=[north.pk, goal.pk])
    data = {"action": "Daily check-in", "owner": "School", "due_on-day": str(TODAY.day)}
    data |= {"due_on-month": str(TODAY.month), "due_on-year": str(TODAY.year)}
    kw = _client(world.users["kw_north"])
    assert (
        kw.post(url, data | {"owner_user": world.users["kw_south"].pk}).status_code == 200
    )  # not in the team
    assert not PlanAction.objects.exists()
    assert kw.post(url, data | {"owner_user": world.users["school"].pk}).status_code == 302
    assert PlanAction.objects.get().owner_user == world.users["school"]


def test_the_api_lets_a_partner_update_only_their_own_action(world: World) -> None:
    base = f"/api/families/{world.families['north'].pk}/plan/actions/"
    own, other = _action(world, "education", "school"), _action(world, "education", None)
    school = token_client(world.users["school"])
    response = school.patch(f"{base}{own.pk}/", {"progress": "done", "note": "Attending"}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["progress"] == "done" and [n["note"] for n in body["notes"]] == ["Attending"]
    assert school.patch(f"{base}{other.pk}/", {"progress": "done"}, format="json").status_code == 403
    kw = token_client(world.users["kw_north"])
    goal = own.goal.pk
    add = f"/api/families/{world.families['north'].pk}/plan/goals/{goal}/actions/"
    outsider = {
        "action": "x",
        "owner": "y",
        "due_on": TODAY.isoformat(),
        "owner_user": world.users["kw_south"].pk,
    }
    response = kw.post(add, outsider, format="json")
    assert response.status_code == 400 and "owner_user" in response.json()
