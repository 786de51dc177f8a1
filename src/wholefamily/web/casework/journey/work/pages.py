"""The pages of the work with a family: team around the family meetings, reviews, the intervention catalogue,
suggestions and referrals to interventions, contacts and case notes.

Reading needs the journey section of the record; recording needs ``may_work_on`` (contacts and notes:
``may_add_case_note``). A step the family's status does not allow shows the rule's message and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from wholefamily.web.accounts.models import User
from wholefamily.web.casework import access
from wholefamily.web.casework.access import Permission
from wholefamily.web.casework.family_gate import open_family, refuse, viewed
from wholefamily.web.casework.journey import transitions
from wholefamily.web.casework.journey.work import (
    case_notes,
    catalogue,
    intervention_referrals,
    meetings,
    reviews,
)
from wholefamily.web.casework.journey.work.forms import (
    CaseNoteAmendForm,
    CaseNoteForm,
    InterventionReferralForm,
    MeetingForm,
    ReferralProgressForm,
    ReviewForm,
)
from wholefamily.web.casework.models import Family, InterventionReferral

_TEMPLATES = "casework/journey/work/"


def _family(
    request: HttpRequest, pk: int, change: tuple[Permission, str] | None = None
) -> tuple[User, Family]:
    """The family for a work page: 404 if invisible, 403 without the journey section or, for a change,
    without the ``change`` permission (checked with its action's words for the refusal)."""
    return open_family(request, pk, journey=True, change=change)


def _refusal(family: Family, what: str) -> str | None:
    return transitions.refusal(lambda: transitions.check_open_work(family, what))


_WORK: tuple[Permission, str] = (access.may_work_on, "record casework for")
_NOTE: tuple[Permission, str] = (access.may_add_case_note, "add case notes to")


def _record_page(
    request: HttpRequest,
    family: Family,
    user: User,
    *,
    form: forms.Form,
    what: str | None,
    apply: Callable[[dict[str, Any]], str],
    template: str,
    context: dict[str, Any],
    done: str = "casework:family_detail",
) -> HttpResponse:
    """GET shows the form, or why the step cannot happen now (``what`` names the open-case step; None for a
    step any status allows); POST checks the rule and the form, records the step and goes on to ``done``."""
    refusal = _refusal(family, what) if what else None
    if request.method == "POST":
        valid = form.is_valid()
        if refusal:
            form.add_error(None, refusal)
        elif valid:
            messages.success(request, apply(form.cleaned_data))
            return redirect(done, family.pk)
    else:
        viewed(request, user, family, str(context["title"]).lower())
    context = {**context, "family": family, "form": form, "refusal": refusal}
    return render(request, _TEMPLATES + template, context)


# --- Team around the family meetings -------------------------------------------------------------------------


def meetings_list(request: HttpRequest, pk: int) -> HttpResponse:
    user, family = _family(request, pk)
    viewed(request, user, family, "team around the family meetings")
    context = {
        "title": f"Team around the family meetings of family {family.reference}",
        "family": family,
        "meetings": list(family.meetings.prefetch_related("attendees", "family_attendees")),
        "may_record": access.may_work_on(user, family) and _refusal(family, meetings.WHAT) is None,
    }
    return render(request, _TEMPLATES + "meetings.html", context)


def meeting_add(request: HttpRequest, pk: int) -> HttpResponse:
    user, family = _family(request, pk, _WORK)
    form = MeetingForm(request.POST if request.method == "POST" else None, family=family)

    def apply(data: dict[str, Any]) -> str:
        meetings.record_meeting(
            request,
            user,
            family,
            held_on=data["held_on"],
            decisions=data["decisions"],
            attendees=data["attendees"],
            family_attendees=data["family_attendees"],
            other_attendees=data["other_attendees"],
            next_meeting_on=data["next_meeting_on"],
        )
        return "Team around the family meeting recorded"

    title = f"Record a team around the family meeting for family {family.reference}"
    return _record_page(
        request,
        family,
        user,
        form=form,
        what=meetings.WHAT,
        apply=apply,
        template="meeting_add.html",
        context={"title": title},
        done="casework:work_meetings",
    )


# --- Reviews ---------------------------------------------------------------------------------------------------


def reviews_list(request: HttpRequest, pk: int) -> HttpResponse:
    user, family = _family(request, pk)
    viewed(request, user, family, "reviews")
    context = {
        "title": f"Reviews of family {family.reference}",
        "family": family,
        "reviews": list(family.reviews.select_related("recorded_by").prefetch_related("scores")),
        "next_due": reviews.next_due(family),
        "may_record": access.may_work_on(user, family) and _refusal(family, reviews.WHAT) is None,
    }
    return render(request, _TEMPLATES + "reviews.html", context)


def review_add(request: HttpRequest, pk: int) -> HttpResponse:
    user, family = _family(request, pk, _WORK)
    form = ReviewForm(request.POST if request.method == "POST" else None)

    def apply(data: dict[str, Any]) -> str:
        review = reviews.record_review(
            request,
            user,
            family,
            held_on=data["held_on"],
            progress=data["progress"],
            next_review_on=data["next_review_on"],
            scores=data,
        )
        return (
            f"Review recorded: the next is due by {review.next_review_on.day} {review.next_review_on:%B %Y}"
        )

    return _record_page(
        request,
        family,
        user,
        form=form,
        what=reviews.WHAT,
        apply=apply,
        template="review_add.html",
        context={"title": f"Record a review for family {family.reference}"},
        done="casework:work_reviews",
    )


# --- The intervention catalogue --------------------------------------------------------------------------------


def catalogue_page(request: HttpRequest) -> HttpResponse:
    """Every intervention and way of working in the catalogue, optionally those for one headline."""
    labels = catalogue.headline_labels()
    headline = request.GET.get("headline", "")
    items = [i for i in catalogue.catalogue() if not headline or headline in i.headlines]
    context = {
        "title": "Intervention catalogue",
        "items": items,
        "labels": labels,
        "headline": headline if headline in labels else "",
        "options": [
            {"value": "", "text": "All headlines", "selected": not headline},
            *({"value": h, "text": label, "selected": h == headline} for h, label in labels.items()),
        ],
        "meanings": catalogue.LEVEL_MEANINGS,
        "plus": catalogue.PLUS_MEANING,
    }
    return render(request, _TEMPLATES + "catalogue.html", context)


def intervention_page(request: HttpRequest, intervention_id: str) -> HttpResponse:
    item = catalogue.find(intervention_id)
    if item is None:
        raise Http404("No such intervention")
    labels = catalogue.headline_labels()
    context = {
        "title": item.name,
        "item": item,
        "headlines": [labels.get(h, h) for h in item.headlines],
        "meanings": catalogue.LEVEL_MEANINGS,
        "plus": catalogue.PLUS_MEANING,
    }
    return render(request, _TEMPLATES + "intervention.html", context)


# --- A family's interventions ----------------------------------------------------------------------------------


def interventions_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The family's referrals to interventions, and the interventions suggested for its needs."""
    user, family = _family(request, pk)
    viewed(request, user, family, "interventions")
    may_record = access.may_work_on(user, family) and _refusal(family, intervention_referrals.WHAT) is None
    headlines = catalogue.family_headlines(family, sensitive=access.sees_sensitive(user))
    context = {
        "title": f"Interventions for family {family.reference}",
        "family": family,
        "referrals": [
            (referral, catalogue.find(referral.intervention_id))
            for referral in access.without_sensitive(
                user, family.intervention_referrals.select_related("person")
            )
        ],
        "suggestions": catalogue.suggestions(headlines),
        "may_record": may_record,
    }
    return render(request, _TEMPLATES + "interventions.html", context)


def referral_add(request: HttpRequest, pk: int) -> HttpResponse:
    user, family = _family(request, pk, _WORK)
    if request.method == "POST":
        form = InterventionReferralForm(request.POST, family=family)
    else:
        chosen = request.GET.get("intervention", "")
        form = InterventionReferralForm(family=family, initial={"intervention": chosen})

    def apply(data: dict[str, Any]) -> str:
        referral = intervention_referrals.refer(
            request,
            user,
            family,
            intervention_id=data["intervention"],
            referred_on=data["referred_on"],
            person=data["person"],
            note=data["note"],
        )
        return f"Referral to {catalogue.name_of(referral.intervention_id)} recorded"

    return _record_page(
        request,
        family,
        user,
        form=form,
        what=intervention_referrals.WHAT,
        apply=apply,
        template="referral_add.html",
        context={"title": f"Refer family {family.reference} to an intervention"},
        done="casework:work_interventions",
    )


def referral_progress(request: HttpRequest, pk: int, referral_pk: int) -> HttpResponse:
    user, family = _family(request, pk, _WORK)
    referral = access.without_sensitive(
        user, InterventionReferral.objects.filter(family=family, pk=referral_pk)
    ).first()
    if referral is None:
        raise Http404("No such referral")
    referral.family = family
    form = ReferralProgressForm(
        request.POST if request.method == "POST" else None,
        referral=referral,
        initial={
            "status": referral.status,
            "started_on": referral.started_on,
            "ended_on": referral.ended_on,
            "sessions_offered": referral.sessions_offered,
            "sessions_attended": referral.sessions_attended,
        },
    )

    def apply(data: dict[str, Any]) -> str:
        intervention_referrals.update_progress(
            request,
            user,
            referral,
            status=data["status"],
            started_on=data["started_on"],
            ended_on=data["ended_on"],
            sessions_offered=data["sessions_offered"],
            sessions_attended=data["sessions_attended"],
        )
        return f"{catalogue.name_of(referral.intervention_id)}: progress recorded"

    name = catalogue.name_of(referral.intervention_id)
    return _record_page(
        request,
        family,
        user,
        form=form,
        what="the progress of an intervention",
        apply=apply,
        template="referral_progress.html",
        context={"title": f"Progress of the referral to {name}", "referral": referral, "name": name},
        done="casework:work_interventions",
    )


# --- Contacts and case notes -----------------------------------------------------------------------------------


def notes_list(request: HttpRequest, pk: int) -> HttpResponse:
    user, family = _family(request, pk)
    viewed(request, user, family, "contacts and case notes")
    notes = list(case_notes.visible_notes(family, user))
    context = {
        "title": f"Contacts and case notes of family {family.reference}",
        "family": family,
        "notes": notes,
        "may_record": access.may_add_case_note(user, family),
        "amendable": access.amendable_notes(user, family, notes),
    }
    return render(request, _TEMPLATES + "notes.html", context)


def note_add(request: HttpRequest, pk: int) -> HttpResponse:
    user, family = _family(request, pk, _NOTE)
    form = CaseNoteForm(
        request.POST if request.method == "POST" else None,
        family=family,
        may_mark_sensitive=access.sees_sensitive(user),
    )

    def apply(data: dict[str, Any]) -> str:
        note = case_notes.add_note(
            request,
            user,
            family,
            kind=data["kind"],
            happened_on=data["happened_on"],
            note=data["note"],
            people=data["people"],
            sensitive=data.get("sensitive", False),
        )
        return f"{note.get_kind_display()} recorded"

    return _record_page(
        request,
        family,
        user,
        form=form,
        what=None,
        apply=apply,
        template="note_add.html",
        context={"title": f"Add a contact or case note for family {family.reference}"},
    )


def note_amend(request: HttpRequest, pk: int, note_pk: int) -> HttpResponse:
    """Amend a note the user may read and amend (else 404 or an audited 403); the original is kept."""
    user, family = _family(request, pk, _NOTE)
    note = case_notes.visible_notes(family, user).filter(pk=note_pk).first()
    if note is None:
        raise Http404("No such note")
    if note.pk not in access.amendable_notes(user, family, [note]):
        refuse(request, family, "amend this note of")
    form = CaseNoteAmendForm(request.POST if request.method == "POST" else None, initial={"note": note.note})

    def apply(data: dict[str, Any]) -> str:
        case_notes.amend_note(request, user, note, data["note"])
        return f"{note.get_kind_display()} amended"

    return _record_page(
        request,
        family,
        user,
        form=form,
        what=None,
        apply=apply,
        template="note_amend.html",
        context={"title": f"Amend a note of family {family.reference}", "note": note},
        done="casework:work_notes",
    )
