"""The work pages: meetings, reviews (with wellbeing scores; never on a closed case), referrals to interventions
and their progress, contacts and case notes; each valid, invalid (GOV.UK error summary), refused by the
family's status (the rule's message) and refused by the access rules (403/404)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
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

TODAY = dt.date.today()
CLOSED_REVIEW = "This case is closed, so you cannot record a review. Make a new referral to reopen it."


def _date(prefix: str, day: dt.date) -> dict[str, str]:
    return {f"{prefix}-day": str(day.day), f"{prefix}-month": str(day.month), f"{prefix}-year": str(day.year)}


def _scores(score: int = 6) -> dict[str, str]:
    return {area.value: str(score) for area in WellbeingArea}


def _close(family: Family) -> None:
    family.status = Family.Status.CLOSED
    family.save(update_fields=["status"])


def test_keyworker_records_a_meeting_with_attendees(world: World, client: Client) -> None:
    family = world.families["north"]
    client.force_login(world.users["kw_north"])
    page = client.get(f"/families/{family.pk}/meetings/new/").content.decode()
    assert "School" in page and "ParentNorth Testperson" in page
    response = client.post(
        f"/families/{family.pk}/meetings/new/",
        {
            **_date("held_on", TODAY),
            "attendees": [world.users["school"].pk, world.users["kw_north"].pk],
            "family_attendees": [world.people["north_parent"].pk],
            "decisions": "School to offer a mentor",
            **_date("next_meeting_on", TODAY + dt.timedelta(days=28)),
        },
    )
    assert response.status_code == 302 and response["Location"] == f"/families/{family.pk}/meetings/"
    meeting = TafMeeting.objects.get(family=family)
    assert {u.username for u in meeting.attendees.all()} == {"school", "kw_north"}
    assert list(meeting.family_attendees.all()) == [world.people["north_parent"]]
    assert TimelineEvent.objects.filter(family=family, kind="meeting").count() == 1
    assert AuditEntry.objects.filter(action="create", object_type="tafmeeting", family_id=family.pk).exists()
    page = client.get(response["Location"]).content.decode()
    assert "School to offer a mentor" in page and "Team around the family meeting recorded" in page


def test_meeting_form_errors_are_summarised(world: World, client: Client) -> None:
    family = world.families["north"]
    client.force_login(world.users["kw_north"])
    page = client.post(f"/families/{family.pk}/meetings/new/", {}).content.decode()
    assert "There is a problem" in page and "Enter the date of the meeting" in page
    assert "Enter what the meeting decided" in page and 'href="#id_held_on-day"' in page
    page = client.post(
        f"/families/{family.pk}/meetings/new/",
        {**_date("held_on", TODAY), "decisions": "x", **_date("next_meeting_on", TODAY)},
    ).content.decode()
    assert "The next meeting must be after the date of this meeting" in page
    assert not TafMeeting.objects.exists()


def test_no_meeting_before_the_case_is_open(world: World, client: Client) -> None:
    family = world.families["unallocated"]
    client.force_login(world.users["manager_north"])
    message = (
        "You can record a team around the family meeting only while the case is open with a lead "
        "practitioner (this family is identified from partner data)."
    )
    assert message in client.get(f"/families/{family.pk}/meetings/new/").content.decode()
    page = client.post(
        f"/families/{family.pk}/meetings/new/", {**_date("held_on", TODAY), "decisions": "x"}
    ).content.decode()
    assert message in page and "There is a problem" in page
    assert not TafMeeting.objects.exists()


def test_review_records_the_wellbeing_scores(world: World, client: Client) -> None:
    family = world.families["north"]
    client.force_login(world.users["kw_north"])
    page = client.get(f"/families/{family.pk}/reviews/new/").content.decode()
    assert "Family wellbeing scores" in page and 'name="physical_health"' in page
    response = client.post(
        f"/families/{family.pk}/reviews/new/",
        {**_date("held_on", TODAY), "progress": "Attendance up", **_scores(7)},
    )
    assert response.status_code == 302
    review = Review.objects.get(family=family)
    assert review.next_review_on == TODAY + dt.timedelta(days=42)
    assert WellbeingScore.objects.filter(review=review, score=7, scored_on=TODAY).count() == 10
    assert TimelineEvent.objects.filter(family=family, kind="review").count() == 1
    page = client.get(f"/families/{family.pk}/reviews/").content.decode()
    assert "Attendance up" in page and "Physical health: 7 out of 10" in page


def test_review_form_errors(world: World, client: Client) -> None:
    family = world.families["north"]
    client.force_login(world.users["kw_north"])
    scores = _scores()
    scores["home"] = "11"
    del scores["learning"]
    page = client.post(
        f"/families/{family.pk}/reviews/new/",
        {
            **_date("held_on", TODAY),
            "progress": "x",
            **scores,
            **_date("next_review_on", TODAY + dt.timedelta(60)),
        },
    ).content.decode()
    assert "The score for home and housing must be 10 or less" in page
    assert "Enter a score from 1 to 10 for children&#39;s learning" in page or "children's learning" in page
    assert "Reviews happen at least every six weeks" in page and 'href="#id_home"' in page
    assert not Review.objects.exists() and not WellbeingScore.objects.exists()


def test_a_closed_case_cannot_be_reviewed(world: World, client: Client) -> None:
    family = world.families["north"]
    _close(family)
    client.force_login(world.users["kw_north"])
    page = client.get(f"/families/{family.pk}/reviews/new/").content.decode()
    assert CLOSED_REVIEW in page and "govuk-error-summary" in page and 'name="progress"' not in page
    page = client.post(
        f"/families/{family.pk}/reviews/new/", {**_date("held_on", TODAY), "progress": "x", **_scores()}
    ).content.decode()
    assert CLOSED_REVIEW in page and "There is a problem" in page
    assert not Review.objects.exists() and not WellbeingScore.objects.exists()
    assert "Record a review" not in client.get(f"/families/{family.pk}/reviews/").content.decode()


def test_referral_to_an_intervention_and_its_progress(world: World, client: Client) -> None:
    family = world.families["north"]
    client.force_login(world.users["kw_north"])
    page = client.get(f"/families/{family.pk}/interventions/refer/?intervention=family-foundations")
    assert '<option value="family-foundations" selected>' in page.content.decode()
    response = client.post(
        f"/families/{family.pk}/interventions/refer/",
        {"intervention": "family-foundations", "person": "", **_date("referred_on", TODAY)},
    )
    assert response.status_code == 302
    referral = InterventionReferral.objects.get(family=family)
    assert referral.intervention_id == "family-foundations" and referral.person is None
    url = f"/families/{family.pk}/interventions/{referral.pk}/progress/"
    page = client.post(
        url, {"status": "started", "sessions_offered": "4", "sessions_attended": "6"}
    ).content.decode()
    assert "Enter the date the family started the intervention" in page
    assert "Sessions attended cannot be more than sessions offered" in page
    response = client.post(
        url,
        {
            "status": "completed",
            **_date("started_on", TODAY),
            **_date("ended_on", TODAY),
            "sessions_offered": "8",
            "sessions_attended": "6",
        },
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.status, referral.sessions_attended, referral.ended_on) == ("completed", 6, TODAY)
    assert TimelineEvent.objects.filter(family=family, title__contains="6 of 8 sessions attended").exists()
    page = client.get(f"/families/{family.pk}/interventions/").content.decode()
    assert "Family Foundations" in page and "6 of 8" in page


def test_referral_form_refuses_unknown_and_system_approaches(world: World, client: Client) -> None:
    family = world.families["north"]
    client.force_login(world.users["kw_north"])
    url = f"/families/{family.pk}/interventions/refer/"
    page = client.post(
        url, {"intervention": "signs-of-safety", **_date("referred_on", TODAY)}
    ).content.decode()
    assert "Select a valid choice" in page or "not something a family can be referred to" in page
    page = client.post(url, {}).content.decode()
    assert "Choose an intervention" in page and "Enter the date of the referral" in page
    assert not InterventionReferral.objects.exists()


def test_suggestions_match_needs_and_hide_sensitive_headlines(world: World, client: Client) -> None:
    family = world.families["north"]
    client.force_login(world.users["kw_north"])
    page = client.get(f"/families/{family.pk}/interventions/").content.decode()
    assert "Opening Closed Doors" in page  # domestic abuse
    assert "Restorative practices" not in page  # a way of working, not referable
    client.force_login(world.users["school"])
    page = client.get(f"/families/{family.pk}/interventions/").content.decode()
    assert "Opening Closed Doors" not in page and "Refer to an intervention" not in page


def test_partner_adds_a_contact_and_sensitive_notes_stay_hidden(world: World, client: Client) -> None:
    family = world.families["north"]
    client.force_login(world.users["school"])
    page = client.get(f"/families/{family.pk}/notes/new/").content.decode()
    assert 'name="sensitive"' not in page and 'value="home_visit"' in page
    response = client.post(
        f"/families/{family.pk}/notes/new/",
        {
            "kind": "phone",
            **_date("happened_on", TODAY),
            "note": "Mum called about uniform",
            "sensitive": "on",
        },
    )
    assert response.status_code == 302
    note = CaseNote.objects.get(family=family)
    assert note.agency == "school" and not note.sensitive
    client.force_login(world.users["kw_north"])
    assert 'name="sensitive"' in client.get(f"/families/{family.pk}/notes/new/").content.decode()
    client.post(
        f"/families/{family.pk}/notes/new/",
        {
            "kind": "home_visit",
            **_date("happened_on", TODAY),
            "people": [world.people["north_parent"].pk],
            "note": "Disclosed a worry",
            "sensitive": "on",
        },
    )
    secret = CaseNote.objects.get(sensitive=True)
    assert TimelineEvent.objects.get(family=family, kind="case_note", sensitive=True).detail == ""
    assert "Disclosed a worry" in client.get(f"/families/{family.pk}/notes/").content.decode()
    client.force_login(world.users["school"])
    page = client.get(f"/families/{family.pk}/notes/").content.decode()
    assert "Mum called about uniform" in page and "Disclosed a worry" not in page
    assert secret.people.count() == 1


def test_note_errors(world: World, client: Client) -> None:
    family = world.families["north"]
    client.force_login(world.users["kw_north"])
    page = client.post(f"/families/{family.pk}/notes/new/", {"happened_on-day": "40"}).content.decode()
    assert "Choose what kind of contact it was" in page and "Enter the note" in page
    assert "Date must include a month and a year" in page
    assert not CaseNote.objects.exists()


@pytest.mark.parametrize(
    "path",
    [
        "meetings/",
        "meetings/new/",
        "reviews/",
        "reviews/new/",
        "interventions/",
        "interventions/refer/",
        "notes/",
        "notes/new/",
    ],
)
def test_invisible_family_is_404_and_audited(world: World, client: Client, path: str) -> None:
    family = world.families["north"]
    client.force_login(world.users["police"])
    assert client.get(f"/families/{family.pk}/{path}").status_code == 404
    assert AuditEntry.objects.filter(action="denied", family_id=family.pk).exists()


@pytest.mark.parametrize(
    ("username", "path"),
    [
        ("data_manager", "meetings/"),
        ("auditor", "notes/"),
        ("school", "meetings/new/"),
        ("school", "reviews/new/"),
        ("school", "interventions/refer/"),
    ],
)
def test_visible_but_not_allowed_is_403_and_audited(
    world: World, client: Client, username: str, path: str
) -> None:
    family = world.families["north"]
    client.force_login(world.users[username])
    response = client.get(f"/families/{family.pk}/{path}")
    assert response.status_code == 403
    assert "Your role does not allow you" in response.content.decode()
    assert AuditEntry.objects.filter(
        action="denied", family_id=family.pk, user=world.users[username]
    ).exists()


def test_list_pages_are_audited_views(world: World, client: Client) -> None:
    family = world.families["north"]
    client.force_login(world.users["kw_north"])
    for path in ("meetings/", "reviews/", "interventions/", "notes/"):
        assert client.get(f"/families/{family.pk}/{path}").status_code == 200
    assert AuditEntry.objects.filter(action="view", family_id=family.pk).count() == 4


def test_meeting_and_review_forms_start_on_today(world: World, client: Client) -> None:
    """Recorded on the day, most often: the date boxes start filled with today's date."""
    today = dt.date.today()
    client.force_login(world.users["kw_north"])
    for name in ("casework:work_meeting_add", "casework:work_review_add"):
        page = client.get(reverse(name, args=[world.families["north"].pk])).content.decode()
        assert f'value="{today.day}"' in page and f'value="{today.year}"' in page, name


def test_record_a_contact_from_the_caseload_and_the_family_page(world: World, client: Client) -> None:
    family = world.families["north"]
    form = f"/families/{family.pk}/notes/new/"
    link = f'href="{form}"'
    client.force_login(world.users["kw_north"])
    assert link in client.get("/").content.decode()
    assert "Record a contact" in client.get(f"/families/{family.pk}/").content.decode()
    response = client.post(form, {"kind": "home_visit", **_date("happened_on", TODAY), "note": "Visited"})
    assert response.status_code == 302 and response["Location"] == f"/families/{family.pk}/"
    assert "Home visit recorded" in client.get(response["Location"]).content.decode()
    assert AuditEntry.objects.filter(action="create", family_id=family.pk).exists()
    for username in ("auditor", "data_manager"):  # they may open the family but not record on it
        client.force_login(world.users[username])
        assert link not in client.get("/").content.decode()
        assert "Record a contact" not in client.get(f"/families/{family.pk}/").content.decode()


def _note(client: Client, family: Family, text: str) -> CaseNote:
    client.post(
        f"/families/{family.pk}/notes/new/",
        {"kind": "home_visit", **_date("happened_on", TODAY), "note": text},
    )
    return CaseNote.objects.get(family=family, note=text)


def test_author_amends_a_note_and_the_original_is_kept_and_shown(world: World, client: Client) -> None:
    family = world.families["north"]
    client.force_login(world.users["kw_north"])
    note = _note(client, family, "Met Jon and his mum")
    amend = f"/families/{family.pk}/notes/{note.pk}/amend/"
    assert f'href="{amend}"' in client.get(f"/families/{family.pk}/notes/").content.decode()
    page = client.post(amend, {"note": "Met Jon and his mum"}).content.decode()
    assert "Change the note to amend it" in page
    response = client.post(amend, {"note": "Met John and his mum"})
    assert response.status_code == 302 and response["Location"] == f"/families/{family.pk}/notes/"
    note.refresh_from_db()
    assert note.note == "Met John and his mum"
    assert note.amendments.get().original == "Met Jon and his mum"
    page = client.get(response["Location"]).content.decode()
    assert "Met John and his mum" in page and "by Kw North; original: Met Jon and his mum" in page
    entry = AuditEntry.objects.get(action="change", family_id=family.pk)
    assert "Amended" in entry.summary and entry.detail == {"amendment": note.amendments.get().pk}
    assert CaseNote.objects.filter(family=family).count() == 1
    event = TimelineEvent.objects.get(family=family, title__contains="amended by Kw North")
    assert event.detail == "Met John and his mum" and not event.sensitive


def test_only_the_author_or_the_team_manager_amends_a_note(world: World, client: Client) -> None:
    family = world.families["north"]
    client.force_login(world.users["school"])
    note = _note(client, family, "Mum called about uniform")
    amend = f"/families/{family.pk}/notes/{note.pk}/amend/"
    client.force_login(world.users["kw_north"])  # not the author, not a manager
    assert f'href="{amend}"' not in client.get(f"/families/{family.pk}/notes/").content.decode()
    assert client.post(amend, {"note": "Changed"}).status_code == 403
    assert AuditEntry.objects.filter(action="denied", family_id=family.pk).exists()
    client.force_login(world.users["kw_south"])  # cannot open the family
    assert client.get(amend).status_code == 404
    client.force_login(world.users["manager_north"])
    assert f'href="{amend}"' in client.get(f"/families/{family.pk}/notes/").content.decode()
    assert client.post(amend, {"note": "Mum phoned about the uniform grant"}).status_code == 302
    note.refresh_from_db()
    assert note.note == "Mum phoned about the uniform grant" and note.amendments.count() == 1


def test_a_sensitive_note_stays_hidden_when_amended(world: World, client: Client) -> None:
    family = world.families["north"]
    note = CaseNote.objects.create(
        family=family,
        kind=CaseNote.Kind.NOTE,
        happened_on=TODAY,
        note="Disclosed a worry",
        sensitive=True,
        recorded_by=world.users["kw_north"],
    )
    amend = f"/families/{family.pk}/notes/{note.pk}/amend/"
    client.force_login(world.users["kw_north"])
    assert client.post(amend, {"note": "Disclosed a worry at school"}).status_code == 302
    event = TimelineEvent.objects.get(family=family, title__contains="amended")
    assert event.sensitive and event.detail == ""
    client.force_login(world.users["school"])  # may add notes, may not read this one
    assert client.get(amend).status_code == 404
    assert "Disclosed a worry" not in client.get(f"/families/{family.pk}/notes/").content.decode()
