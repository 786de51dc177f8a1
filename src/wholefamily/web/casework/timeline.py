"""Casework actions (referral, allocation, team and consent changes) appear on the family's timeline."""

from __future__ import annotations

import datetime as dt

from wholefamily.web.accounts.models import User
from wholefamily.web.casework.models import Family, Person, Source, TimelineEvent


def add_casework_event(
    family: Family,
    user: User | None,
    kind: str,
    title: str,
    *,
    detail: str = "",
    person: Person | None = None,
) -> TimelineEvent:
    """One casework event on the family's timeline; ``user`` None when the family did it themselves."""
    return TimelineEvent.objects.create(
        family=family,
        person=person,
        date=dt.date.today(),
        kind=kind,
        title=title[:200],
        detail=detail[:500],
        source=Source.CASEWORK,
        recorded_by=user,
    )
