"""Referrals of a family (or one member) to interventions in the catalogue: when they started and ended, and
how many sessions were offered and attended."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.http import HttpRequest

from wholefamily.web.accounts.models import User
from wholefamily.web.casework.journey.recording import record_step
from wholefamily.web.casework.journey.transitions import check_open_work
from wholefamily.web.casework.journey.work import catalogue
from wholefamily.web.casework.models import Family, InterventionReferral, Person

WHAT = "a referral to an intervention"
Status = InterventionReferral.Status
_STARTED = {Status.STARTED, Status.COMPLETED, Status.LEFT_EARLY}
_ENDED = {Status.COMPLETED, Status.LEFT_EARLY}


def intervention_problem(intervention_id: str) -> str | None:
    found = catalogue.find(intervention_id)
    if found is None:
        return "Choose an intervention from the catalogue"
    if not found.referable:
        return f"{found.name} is a way services work, not something a family can be referred to"
    return None


def progress_problems(
    referred_on: dt.date,
    status: str,
    started_on: dt.date | None,
    ended_on: dt.date | None,
    offered: int | None,
    attended: int | None,
) -> dict[str, str]:
    """What does not add up in a referral's progress, by field."""
    problems: dict[str, str] = {}
    if status in _STARTED and started_on is None:
        problems["started_on"] = "Enter the date the family started the intervention"
    elif started_on and started_on < referred_on:
        problems["started_on"] = "The start date must be on or after the date of the referral"
    if status in _ENDED and ended_on is None:
        problems["ended_on"] = "Enter the date the intervention ended"
    elif ended_on and status not in _ENDED:
        problems["ended_on"] = "Leave the end date empty until the intervention is completed or left early"
    elif ended_on and started_on and ended_on < started_on:
        problems["ended_on"] = "The end date must be on or after the start date"
    if attended is not None and offered is None:
        problems["sessions_offered"] = "Enter how many sessions were offered"
    elif attended is not None and offered is not None and attended > offered:
        problems["sessions_attended"] = "Sessions attended cannot be more than sessions offered"
    return problems


def refer(
    request: HttpRequest | None,
    user: User,
    family: Family,
    *,
    intervention_id: str,
    referred_on: dt.date,
    person: Person | None = None,
    note: str = "",
) -> InterventionReferral:
    check_open_work(family, WHAT)
    with transaction.atomic():
        referral = InterventionReferral.objects.create(
            family=family,
            person=person,
            intervention_id=intervention_id,
            referred_on=referred_on,
            note=note,
            recorded_by=user,
        )
        who = f" ({person.full_name})" if person else ""
        title = f"Referred to {catalogue.name_of(intervention_id)}{who}"
        record_step(request, user, family, referral, kind="intervention", title=title)
    return referral


def update_progress(
    request: HttpRequest | None,
    user: User,
    referral: InterventionReferral,
    *,
    status: str,
    started_on: dt.date | None,
    ended_on: dt.date | None,
    sessions_offered: int | None,
    sessions_attended: int | None,
) -> InterventionReferral:
    family = referral.family
    check_open_work(family, "the progress of an intervention")
    with transaction.atomic():
        referral.status = status
        referral.started_on = started_on
        referral.ended_on = ended_on
        referral.sessions_offered = sessions_offered
        referral.sessions_attended = sessions_attended
        referral.save()
        title = f"{catalogue.name_of(referral.intervention_id)}: {referral.get_status_display().lower()}"
        if sessions_offered is not None:
            title += f", {sessions_attended or 0} of {sessions_offered} sessions attended"
        record_step(request, user, family, referral, kind="intervention", title=title, created=False)
    return referral
