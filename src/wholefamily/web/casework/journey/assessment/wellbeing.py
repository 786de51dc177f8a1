"""The family wellbeing tool: ten areas, each scored 1 (very hard) to 10 (going well), at the assessment and at
every review.

Other steps reuse the form (``assessment/forms.py``): build it with ``wellbeing_form(request.POST or None)``
beside their own form, render its fields (``form.area_fields()``), and after both are valid call
``save_scores(family, user, day, form.cleaned_data, review=review)`` inside the step's transaction.
``save_scores`` only writes the scores: the caller records the step's audit entry and timeline event. The API
checks scores with ``score_problems``, in the form's words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from wholefamily.web.accounts.models import User
from wholefamily.web.casework.journey.assessment.assessment import in_progress
from wholefamily.web.casework.journey.recording import record_step
from wholefamily.web.casework.journey.transitions import check_open_work
from wholefamily.web.casework.models import Assessment, Family, Review, WellbeingArea, WellbeingScore

LOWEST, HIGHEST = 1, 10
SCORE_HINT = "1 means things are very hard, 10 means they are going well"


def score_messages(label: str) -> dict[str, str]:
    """What to say when the score of the area ``label`` is missing, not a whole number, too low or too high."""
    area = label.lower()
    return {
        "required": f"Enter a score from 1 to 10 for {area}",
        "invalid": f"The score for {area} must be a whole number from 1 to 10",
        "min_value": f"The score for {area} must be 1 or more",
        "max_value": f"The score for {area} must be 10 or less",
    }


def score_problems(scores: Mapping[str, int]) -> dict[str, str]:
    """What is wrong with a set of whole-number scores, by area: a score missing, or not from 1 to 10."""
    problems: dict[str, str] = {}
    for area in WellbeingArea:
        score = scores.get(area.value)
        messages = score_messages(str(area.label))
        if score is None:
            problems[area.value] = messages["required"]
        elif score < LOWEST:
            problems[area.value] = messages["min_value"]
        elif score > HIGHEST:
            problems[area.value] = messages["max_value"]
    return problems


def save_scores(
    family: Family,
    user: User,
    scored_on: dt.date,
    cleaned_data: Mapping[str, Any],
    assessment: Assessment | None = None,
    review: Review | None = None,
) -> list[WellbeingScore]:
    """Write one score per area from a valid form's ``cleaned_data`` (keys other than the areas are ignored).
    Scores given again at the same assessment or review replace the ones recorded there before."""
    missing = [area.value for area in WellbeingArea if cleaned_data.get(area.value) is None]
    if missing:
        raise ValueError(f"No score for: {', '.join(missing)}")
    if assessment is not None:
        WellbeingScore.objects.filter(assessment=assessment).delete()
    if review is not None:
        WellbeingScore.objects.filter(review=review).delete()
    return WellbeingScore.objects.bulk_create(
        WellbeingScore(
            family=family,
            assessment=assessment,
            review=review,
            scored_on=scored_on,
            area=area.value,
            score=int(cleaned_data[area.value]),
            recorded_by=user,
        )
        for area in WellbeingArea
    )


def scores_by_date(scores: Iterable[WellbeingScore]) -> list[tuple[dt.date, dict[str, int]]]:
    """Scores grouped by the date they were given, oldest first: ``[(date, {area: score})]``. Two sets given
    on one day count as one: the later recorded wins."""
    by_day: dict[dt.date, dict[str, int]] = {}
    for score in sorted(scores, key=lambda s: (s.scored_on, s.recorded_at, s.pk)):
        by_day.setdefault(score.scored_on, {})[score.area] = score.score
    return sorted(by_day.items())


def family_scores(family: Family) -> QuerySet[WellbeingScore]:
    return WellbeingScore.objects.filter(family=family).order_by("scored_on", "recorded_at", "id")


def record_scores(
    family: Family,
    user: User,
    scored_on: dt.date,
    cleaned_data: Mapping[str, Any],
    request: HttpRequest | None = None,
) -> Assessment | None:
    """Scores given on their own (not at a review): they belong to the assessment in progress, if there is one,
    which is returned."""
    check_open_work(family, "wellbeing scores")
    assessment = in_progress(family)
    with transaction.atomic():
        scores = save_scores(family, user, scored_on, cleaned_data, assessment=assessment)
        record_step(
            request,
            user,
            family,
            assessment or scores[0],
            kind="wellbeing",
            title="Wellbeing scores recorded" + (" at the assessment" if assessment else ""),
            detail={"scored_on": scored_on.isoformat(), "scores": {s.area: s.score for s in scores}},
        )
    return assessment
