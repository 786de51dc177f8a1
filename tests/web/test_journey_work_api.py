"""The work API: meetings, reviews with wellbeing scores, the catalogue and suggestions, referrals to
interventions and their progress, case notes; 201 / 400 / 409 (the rule's message) / 403 / 404."""

from __future__ import annotations

import datetime as dt

import pytest
from api_helpers import token_client
from web_world import World

from wholefamily.web.accounts.models import AuditEntry
from wholefamily.web.casework.models import (
    CaseNote,
    Family,
    InterventionReferral,
    Review,
    TafMeeting,
    TimelineEvent,
    WellbeingArea,
    WellbeingScore,
)

TODAY = dt.date.today().isoformat()
SCORES = {area.value: 5 for area in WellbeingArea}


def _close(family: Family) -> None:
    family.status = Family.Status.CLOSED
    family.save(update_fields=["status"])


def test_meeting_created_read_and_checked(world: World) -> None:
    family = world.families["north"]
    api = token_client(world.users["kw_north"])
    url = f"/api/families/{family.pk}/meetings/"
    body = {
        "held_on": TODAY,
        "decisions": "Mentor from school",
        "attendees": [world.users["school"].pk],
        "family_attendees": [world.people["north_parent"].pk],
    }
    response = api.post(url, body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["attendees"] == ["School"]
    assert TafMeeting.objects.get(family=family).decisions == "Mentor from school"
    listed = api.get(url).json()
    assert [m["decisions"] for m in listed] == ["Mentor from school"]
    assert AuditEntry.objects.filter(action="view", family_id=family.pk, channel="api").exists()
    # people from another family, a date in the future, the next meeting before this one
    response = api.post(
        url,
        {**body, "family_attendees": [world.people["south_parent"].pk], "next_meeting_on": "2000-01-01"},
        format="json",
    )
    assert response.status_code == 400 and set(response.json()) == {"family_attendees"}
    response = api.post(url, {**body, "next_meeting_on": "2000-01-01"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"next_meeting_on": ["The next meeting must be after the date of this meeting"]}
    response = api.post(url, {"held_on": "2999-01-01"}, format="json")
    assert response.status_code == 400 and set(response.json()) == {"held_on", "decisions"}
    assert TafMeeting.objects.count() == 1


def test_review_with_scores_and_never_on_a_closed_case(world: World) -> None:
    family = world.families["north"]
    api = token_client(world.users["kw_north"])
    url = f"/api/families/{family.pk}/reviews/"
    response = api.post(url, {"held_on": TODAY, "progress": "Better", "scores": SCORES}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["scores"] == SCORES
    assert WellbeingScore.objects.filter(review__family=family).count() == 10
    response = api.post(
        url, {"held_on": TODAY, "progress": "x", "scores": {**SCORES, "home": 0}}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"scores": {"home": ["The score for home and housing must be 1 or more"]}}
    missing = {k: v for k, v in SCORES.items() if k != "learning"}
    response = api.post(url, {"held_on": TODAY, "progress": "x", "scores": missing}, format="json")
    assert response.status_code == 400 and set(response.json()["scores"]) == {"learning"}
    _close(family)
    response = api.post(url, {"held_on": TODAY, "progress": "Better", "scores": SCORES}, format="json")
    assert response.status_code == 409
    assert response.json() == {
        "detail": "This case is closed, so you cannot record a review. Make a new referral to reopen it."
    }
    assert Review.objects.count() == 1


def test_catalogue_labels_are_honest(world: World) -> None:
    items = {i["id"]: i for i in token_client(world.users["school"]).get("/api/interventions/").json()}
    assert items["family-foundations"]["evidence"]["label"] == "EIF level 4"
    assert items["triple-p-programmes"]["evidence"]["label"] == "EIF levels 2 to 3+"
    assert items["box-up-crime"]["evidence"] == {
        "label": "Not rated",
        "rating": None,
        "levels": [],
        "rated_by": None,
        "source": None,
        "date": None,
    }
    restorative = items["restorative-practices"]
    assert restorative["evidence"]["label"] == "No EIF level" and not restorative["referable"]
    assert restorative["evidence"]["rating"].startswith("strong (level 3+) in criminal justice")
    assert items["contextual-safeguarding"]["evidence"]["levels"] == ["NL2"]


def test_suggestions_leave_out_sensitive_headlines_for_partners(world: World) -> None:
    family = world.families["north"]
    url = f"/api/families/{family.pk}/intervention-suggestions/"
    keyworker = [s["intervention"]["id"] for s in token_client(world.users["kw_north"]).get(url).json()]
    partner = [s["intervention"]["id"] for s in token_client(world.users["school"]).get(url).json()]
    assert "opening-closed-doors" in keyworker and "opening-closed-doors" not in partner
    assert set(partner) < set(keyworker)


def test_referral_and_progress(world: World) -> None:
    family = world.families["north"]
    api = token_client(world.users["kw_north"])
    url = f"/api/families/{family.pk}/intervention-referrals/"
    assert api.post(
        url, {"intervention_id": "signs-of-safety", "referred_on": TODAY}, format="json"
    ).json() == {
        "intervention_id": [
            "Signs of Safety (SoS) is a way services work, not something a family can be referred to"
        ]
    }
    response = api.post(
        url,
        {
            "intervention_id": "family-foundations",
            "referred_on": TODAY,
            "person": world.people["north_child"].pk,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    referral_url = f"{url}{response.json()['id']}/"
    response = api.patch(referral_url, {"sessions_offered": 3, "sessions_attended": 4}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "sessions_attended": ["Sessions attended cannot be more than sessions offered"]
    }
    response = api.patch(
        referral_url,
        {"status": "started", "started_on": TODAY, "sessions_offered": 6, "sessions_attended": 2},
        format="json",
    )
    assert response.status_code == 200 and response.json()["sessions_attended"] == 2
    assert InterventionReferral.objects.get().status == "started"
    _close(family)
    response = api.patch(referral_url, {"sessions_attended": 3}, format="json")
    assert response.status_code == 409 and "This case is closed" in response.json()["detail"]
    assert api.patch(f"{url}999999/", {}, format="json").status_code == 404


def test_case_notes_sensitive_only_for_those_who_see_it(world: World) -> None:
    family = world.families["north"]
    url = f"/api/families/{family.pk}/case-notes/"
    school = token_client(world.users["school"])
    response = school.post(
        url, {"kind": "phone", "happened_on": TODAY, "note": "Called", "sensitive": True}, format="json"
    )
    assert response.status_code == 400 and set(response.json()) == {"sensitive"}
    assert (
        school.post(url, {"kind": "phone", "happened_on": TODAY, "note": "Called"}, format="json").status_code
        == 201
    )
    keyworker = token_client(world.users["kw_north"])
    response = keyworker.post(
        url, {"kind": "virtual", "happened_on": TODAY, "note": "Secret", "sensitive": True}, format="json"
    )
    assert response.status_code == 201
    assert [n["note"] for n in school.get(url).json()] == ["Called"]
    assert {n["note"] for n in keyworker.get(url).json()} == {"Called", "Secret"}
    assert TimelineEvent.objects.filter(family=family, kind="case_note").count() == 2
    assert CaseNote.objects.get(note="Called").agency == "school"
    assert keyworker.post(url, {"kind": "letter"}, format="json").status_code == 400


@pytest.mark.parametrize(
    "path", ["meetings/", "reviews/", "intervention-referrals/", "intervention-suggestions/", "case-notes/"]
)
def test_access_refusals(world: World, path: str) -> None:
    family = world.families["north"]
    url = f"/api/families/{family.pk}/{path}"
    assert token_client(world.users["police"]).get(url).status_code == 404
    assert token_client(world.users["data_manager"]).get(url).status_code == 403
    assert AuditEntry.objects.filter(
        action="denied", family_id=family.pk, user=world.users["police"]
    ).exists()
    assert token_client(world.users["kw_north"]).get(f"/api/families/abc/{path}").status_code == 404


@pytest.mark.parametrize("path", ["meetings/", "reviews/", "intervention-referrals/"])
def test_partner_may_not_record_casework(world: World, path: str) -> None:
    family = world.families["north"]
    response = token_client(world.users["school"]).post(
        f"/api/families/{family.pk}/{path}", {}, format="json"
    )
    assert response.status_code == 403
    assert AuditEntry.objects.filter(
        action="denied", family_id=family.pk, user=world.users["school"]
    ).exists()


def test_meeting_before_the_case_is_open_is_409(world: World) -> None:
    family = world.families["unallocated"]
    api = token_client(world.users["manager_north"])
    response = api.post(
        f"/api/families/{family.pk}/meetings/", {"held_on": TODAY, "decisions": "x"}, format="json"
    )
    assert response.status_code == 409 and "only while the case is open" in response.json()["detail"]


def test_case_note_amended_by_its_author_or_the_team_manager(world: World) -> None:
    family = world.families["north"]
    url = f"/api/families/{family.pk}/case-notes/"
    school = token_client(world.users["school"])
    note_id = school.post(
        url, {"kind": "phone", "happened_on": TODAY, "note": "Caled"}, format="json"
    ).json()["id"]
    amend = f"{url}{note_id}/amendments/"
    assert school.post(amend, {"note": "Caled"}, format="json").status_code == 400
    response = school.post(amend, {"note": "Called"}, format="json")
    assert response.status_code == 201 and response.json()["note"] == "Called"
    assert [a["original"] for a in response.json()["amendments"]] == ["Caled"]
    assert AuditEntry.objects.filter(action="change", family_id=family.pk).count() == 1
    keyworker = token_client(world.users["kw_north"])  # not the author, nor a manager
    assert keyworker.post(amend, {"note": "Rang"}, format="json").status_code == 403
    assert keyworker.get(url).json()[0]["amendments"][0]["original"] == "Caled"
    manager = token_client(world.users["manager_north"])
    assert manager.post(amend, {"note": "Phoned"}, format="json").status_code == 201
    assert token_client(world.users["kw_south"]).post(amend, {"note": "X"}, format="json").status_code == 404
    assert school.post(f"{url}999999/amendments/", {"note": "X"}, format="json").status_code == 404
    assert CaseNote.objects.get(pk=note_id).note == "Phoned"
