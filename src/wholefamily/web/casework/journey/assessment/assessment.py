"""The whole-family assessment: started while the case is open, every current member considered, the needs
the data found confirmed or ruled out (and needs it missed added) by headline, the family's own view, and
completed only when every current member has a note.

Pages and API both call these functions; each checks the journey rule first (``check_open_work``) and records
one audit entry and one timeline event.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest

from wholefamily.web.accounts.models import User
from wholefamily.web.casework.journey.recording import record_step
from wholefamily.web.casework.journey.transitions import TransitionError, check_open_work
from wholefamily.web.casework.models import AssessedNeed, Assessment, Family, MemberConsidered, Person
from wholefamily.web.casework.needs import headline_labels

WHAT = "an assessment"


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


Decision = AssessedNeed.Decision


def decision_problem(family: Family, headline: str, decision: str) -> str | None:
    """Why ``decision`` does not fit ``headline`` for this family, or None: the data's needs are confirmed or
    ruled out, and a need the data did not show is added."""
    label = headline_labels(family).get(headline, headline)
    found = family.needs.filter(headline=headline).exists()
    if found and decision == Decision.ADDED:
        return f"The record already shows a need under ‘{label}’: choose confirmed or ruled out"
    if not found and decision != Decision.ADDED:
        return f"The record shows no need under ‘{label}’: choose added to record one"
    return None


def current_members(family: Family, on: dt.date | None = None) -> list[Person]:
    """The people in the family today (membership not ended), oldest first."""
    day = on or dt.date.today()
    return list(
        Person.objects.filter(memberships__family=family)
        .filter(Q(memberships__end_date__isnull=True) | Q(memberships__end_date__gte=day))
        .distinct()
        .order_by("date_of_birth", "id")
    )


def in_progress(family: Family) -> Assessment | None:
    return family.assessments.filter(completed_on__isnull=True).order_by("-started_on", "-id").first()


def _check_changeable(assessment: Assessment) -> None:
    check_open_work(assessment.family, WHAT)
    if assessment.completed_on is not None:
        raise TransitionError(
            f"This assessment was completed on {long_date(assessment.completed_on)}: "
            "start a new assessment to assess the family again."
        )


def start(family: Family, user: User, started_on: dt.date, request: HttpRequest | None = None) -> Assessment:
    check_open_work(family, WHAT)
    current = in_progress(family)
    if current is not None:
        raise TransitionError(
            f"An assessment started on {long_date(current.started_on)} is in progress: carry on with it."
        )
    with transaction.atomic():
        assessment = Assessment.objects.create(family=family, started_on=started_on, recorded_by=user)
        record_step(request, user, family, assessment, kind="assessment", title="Assessment started")
    return assessment


def consider_member(
    assessment: Assessment, person: Person, notes: str, user: User, request: HttpRequest | None = None
) -> MemberConsidered:
    """Record (or replace) the note on one member; ``person`` must be a current member."""
    _check_changeable(assessment)
    with transaction.atomic():
        considered, created = MemberConsidered.objects.update_or_create(
            assessment=assessment, person=person, defaults={"notes": notes}
        )
        record_step(
            request,
            user,
            assessment.family,
            considered,
            kind="assessment",
            title=f"Assessment: {person.full_name} considered",
            created=created,
        )
    return considered


def decide_need(
    assessment: Assessment,
    headline: str,
    decision: str,
    note: str,
    user: User,
    request: HttpRequest | None = None,
) -> AssessedNeed:
    """Confirm, rule out or add the need under ``headline`` (one decision per headline: a new one replaces
    the old), linked to the record's first need under it."""
    _check_changeable(assessment)
    family = assessment.family
    need = family.needs.filter(headline=headline).order_by("descriptor_id").first()
    label = headline_labels(family).get(headline, headline)
    with transaction.atomic():
        assessed, created = AssessedNeed.objects.update_or_create(
            assessment=assessment,
            headline=headline,
            defaults={"decision": decision, "need": need, "note": note},
        )
        record_step(
            request,
            user,
            family,
            assessed,
            kind="assessment",
            title=f"Assessment: {label} {assessed.get_decision_display().lower()}",
            created=created,
        )
    return assessed


def record_view(
    assessment: Assessment, family_view: str, summary: str, user: User, request: HttpRequest | None = None
) -> None:
    _check_changeable(assessment)
    with transaction.atomic():
        assessment.family_view, assessment.summary = family_view, summary
        assessment.save(update_fields=["family_view", "summary"])
        record_step(
            request,
            user,
            assessment.family,
            assessment,
            kind="assessment",
            title="Assessment: the family's view recorded",
            created=False,
        )


def not_yet_considered(assessment: Assessment) -> list[Person]:
    noted = set(assessment.members_considered.values_list("person_id", flat=True))
    return [p for p in current_members(assessment.family) if p.pk not in noted]


def complete(
    assessment: Assessment, completed_on: dt.date, user: User, request: HttpRequest | None = None
) -> None:
    """Complete the assessment; refused while any current member has no note, or before it started."""
    _check_changeable(assessment)
    missing = not_yet_considered(assessment)
    if missing:
        names = ", ".join(p.full_name for p in missing)
        raise TransitionError(
            f"Every member of the family must be considered before the assessment is complete: add a note for {names}."
        )
    if completed_on < assessment.started_on:
        raise TransitionError(
            f"The assessment cannot be completed before it started on {long_date(assessment.started_on)}."
        )
    with transaction.atomic():
        assessment.completed_on = completed_on
        assessment.save(update_fields=["completed_on"])
        record_step(
            request,
            user,
            assessment.family,
            assessment,
            kind="assessment",
            title="Assessment completed",
            created=False,
        )
