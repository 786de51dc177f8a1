"""Journey rows for tests: a family plan covering every need, a closed case, a review."""

from __future__ import annotations

import datetime as dt

from wholefamily.web.accounts.models import User
from wholefamily.web.casework.models import Closure, Family, PlanGoal, Review

TODAY = dt.date.today()


def plan_every_need(family: Family, user: User, *, status: str = PlanGoal.Status.OPEN) -> list[PlanGoal]:
    """One goal (in ``status``) for each headline of the family's counted needs."""
    headlines = sorted(set(family.needs.filter(counted=True).values_list("headline", flat=True)))
    return [
        PlanGoal.objects.create(
            family=family,
            headline=headline,
            goal=f"Things get better: {headline}",
            status=status,
            recorded_by=user,
        )
        for headline in headlines
    ]


def closed(
    family: Family, user: User, *, days_ago: int = 10, reason: str = Closure.Reason.DECLINED
) -> Closure:
    """Close ``family`` directly (without the page), as if done ``days_ago``."""
    closure = Closure.objects.create(
        family=family, closed_on=TODAY - dt.timedelta(days=days_ago), reason=reason, recorded_by=user
    )
    family.status = Family.Status.CLOSED
    family.save(update_fields=["status", "updated_at"])
    return closure


def reviewed(family: Family, user: User, *, held_days_ago: int, next_in_days: int) -> Review:
    return Review.objects.create(
        family=family,
        held_on=TODAY - dt.timedelta(days=held_days_ago),
        progress="Going steadily",
        next_review_on=TODAY + dt.timedelta(days=next_in_days),
        recorded_by=user,
    )
