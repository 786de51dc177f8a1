"""Reviews of the family's progress, at least every six weeks while the case is open, each with the family's
wellbeing scores (the wellbeing tool of the assessment). A closed case takes no reviews."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.http import HttpRequest

from wholefamily.web.accounts.models import User
from wholefamily.web.casework.journey.assessment.wellbeing import save_scores
from wholefamily.web.casework.journey.recording import record_step
from wholefamily.web.casework.journey.transitions import check_open_work
from wholefamily.web.casework.models import Family, Review, Source, TimelineEvent

WHAT = "a review"
INTERVAL = dt.timedelta(days=42)


def next_due(family: Family) -> dt.date | None:
    """When the next review is due while the case is open: as the last review set it, else six weeks after
    the family was allocated (None when the allocation date is not on the timeline)."""
    if family.status != Family.Status.OPEN:
        return None
    last = family.reviews.order_by("-held_on", "-id").first()
    if last is not None:
        return last.next_review_on
    allocated = (
        TimelineEvent.objects.filter(family=family, kind="allocation", source=Source.CASEWORK)
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
    )
    return allocated + INTERVAL if allocated else None


def date_problems(held_on: dt.date | None, next_review_on: dt.date | None) -> dict[str, str]:
    if not held_on or not next_review_on:
        return {}
    if next_review_on <= held_on:
        return {"next_review_on": "The next review must be after the date of this review"}
    if next_review_on > held_on + INTERVAL:
        latest = held_on + INTERVAL
        return {
            "next_review_on": "Reviews happen at least every six weeks: the next review must be on or before "
            f"{latest.day} {latest:%B %Y}"
        }
    return {}


def record_review(
    request: HttpRequest | None,
    user: User,
    family: Family,
    *,
    held_on: dt.date,
    progress: str,
    next_review_on: dt.date | None,
    scores: Mapping[str, Any],
) -> Review:
    """Record a review and its wellbeing ``scores`` (a valid wellbeing form's cleaned data)."""
    check_open_work(family, WHAT)
    with transaction.atomic():
        review = Review.objects.create(
            family=family,
            held_on=held_on,
            progress=progress,
            next_review_on=next_review_on or held_on + INTERVAL,
            recorded_by=user,
        )
        save_scores(family, user, held_on, scores, review=review)
        title = f"Review held on {held_on.day} {held_on:%B %Y}"
        record_step(request, user, family, review, kind="review", title=title)
    return review
