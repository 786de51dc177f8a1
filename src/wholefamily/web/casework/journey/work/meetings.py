"""Team around the family meetings: who came, what was decided, when the team meets next."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from wholefamily.web.accounts.models import User
from wholefamily.web.casework.journey.recording import record_step
from wholefamily.web.casework.journey.transitions import check_open_work
from wholefamily.web.casework.models import Family, Person, TafMeeting

WHAT = "a team around the family meeting"


def members(family: Family) -> QuerySet[Person]:
    """The family's current members."""
    today = dt.date.today()
    current = Q(memberships__end_date__isnull=True) | Q(memberships__end_date__gte=today)
    return (
        Person.objects.filter(current, memberships__family=family).distinct().order_by("date_of_birth", "id")
    )


def date_problems(held_on: dt.date | None, next_meeting_on: dt.date | None) -> dict[str, str]:
    if held_on and next_meeting_on and next_meeting_on <= held_on:
        return {"next_meeting_on": "The next meeting must be after the date of this meeting"}
    return {}


def record_meeting(
    request: HttpRequest | None,
    user: User,
    family: Family,
    *,
    held_on: dt.date,
    decisions: str,
    attendees: Iterable[User] = (),
    family_attendees: Iterable[Person] = (),
    other_attendees: str = "",
    next_meeting_on: dt.date | None = None,
) -> TafMeeting:
    check_open_work(family, WHAT)
    with transaction.atomic():
        meeting = TafMeeting.objects.create(
            family=family,
            held_on=held_on,
            decisions=decisions,
            other_attendees=other_attendees,
            next_meeting_on=next_meeting_on,
            recorded_by=user,
        )
        meeting.attendees.set(attendees)
        meeting.family_attendees.set(family_attendees)
        title = f"Team around the family meeting held on {held_on.day} {held_on:%B %Y}"
        record_step(request, user, family, meeting, kind="meeting", title=title)
    return meeting
