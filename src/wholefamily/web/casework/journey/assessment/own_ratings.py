"""The wellbeing areas as the family rate them themselves, on the keyworker's 1 to 10 scale. Kept apart from the
keyworker's scores (``WellbeingScore``), so every figure of the keyworker's scores stays the keyworker's; the
pages show the two side by side."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import HttpRequest

from wholefamily.web.accounts.models import User
from wholefamily.web.casework.journey.recording import record_step
from wholefamily.web.casework.journey.transitions import check_open_work
from wholefamily.web.casework.models import Family, FamilyRating, Person, WellbeingArea, WellbeingScore

TOGETHER = "The family together"


@dataclass(frozen=True)
class RatingSet:
    """One set of the family's own ratings: the date, who rated, and the score of each area."""

    rated_on: dt.date
    who: str
    scores: dict[str, int]


def record_ratings(
    family: Family,
    user: User,
    rated_on: dt.date,
    person: Person | None,
    cleaned_data: Mapping[str, Any],
    request: HttpRequest | None = None,
) -> list[FamilyRating]:
    """Write the family's own rating of every area; a member's (or the family's together) ratings given again on
    the same day replace the earlier ones."""
    check_open_work(family, "the family's own ratings")
    if person is not None and not family.memberships.filter(person=person).exists():
        raise ValueError(f"person {person.pk} is not a member of family {family.pk}")
    missing = [area.value for area in WellbeingArea if cleaned_data.get(area.value) is None]
    if missing:
        raise ValueError(f"No rating for: {', '.join(missing)}")
    who = person.full_name if person else TOGETHER
    with transaction.atomic():
        FamilyRating.objects.filter(family=family, person=person, rated_on=rated_on).delete()
        rows = FamilyRating.objects.bulk_create(
            FamilyRating(
                family=family,
                person=person,
                rated_on=rated_on,
                area=area.value,
                score=int(cleaned_data[area.value]),
                recorded_by=user,
            )
            for area in WellbeingArea
        )
        record_step(
            request,
            user,
            family,
            rows[0],
            kind="wellbeing",
            title=f"The family's own wellbeing ratings recorded ({who})",
            detail={
                "rated_on": rated_on.isoformat(),
                "person": person.pk if person else None,
                "scores": {r.area: r.score for r in rows},
            },
        )
    return rows


def rating_sets(family: Family) -> list[RatingSet]:
    """The family's own ratings, one set per date and rater, oldest first."""
    sets: dict[tuple[dt.date, int | None], RatingSet] = {}
    rows = FamilyRating.objects.filter(family=family).select_related("person").order_by("rated_on", "id")
    for row in rows:
        key = (row.rated_on, row.person_id)
        if key not in sets:
            sets[key] = RatingSet(row.rated_on, row.person.full_name if row.person else TOGETHER, {})
        sets[key].scores[row.area] = row.score
    return list(sets.values())


def mean_by_date(sets: list[RatingSet], area: str) -> list[tuple[dt.date, float]]:
    """One point per date for ``area``: the mean of the ratings given that day (members rating apart)."""
    by_day: dict[dt.date, list[int]] = {}
    for rating in sets:
        if area in rating.scores:
            by_day.setdefault(rating.rated_on, []).append(rating.scores[area])
    return [(day, round(sum(v) / len(v), 1)) for day, v in sorted(by_day.items())]


@dataclass(frozen=True)
class DayOfViews:
    """One date on which the practitioner scored or the family rated: the mean over the areas of each."""

    day: dt.date
    practitioner: float | None
    family: float | None


def _mean(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def views_over_time(family: Family) -> list[DayOfViews]:
    """The practitioner's scores and the family's own ratings, each as its mean over the areas, by date."""
    practitioner: dict[dt.date, list[int]] = {}
    for day, score in WellbeingScore.objects.filter(family=family).values_list("scored_on", "score"):
        practitioner.setdefault(day, []).append(score)
    own: dict[dt.date, list[int]] = {}
    for day, score in FamilyRating.objects.filter(family=family).values_list("rated_on", "score"):
        own.setdefault(day, []).append(score)
    return [
        DayOfViews(day, _mean(practitioner.get(day, [])), _mean(own.get(day, [])))
        for day in sorted(set(practitioner) | set(own))
    ]
