"""A family's casework record reduced to its tombstone, by retention or by erasure.

What makes the counts (claims, returns, closures, outcomes, Insight's figures) stays: the family row with its
status, team and dates, its closures' dates and reasons, its needs' codes and outcomes, claims and sign-offs,
memberships' roles and dates, wellbeing scores, interventions' codes and attendance, plan goals' headlines
and status, meetings' and reviews' dates, feedback answers. What identifies the family or tells its story
goes: every free text is emptied; case notes, documents (with their files), timeline, partner evidence,
consents, suggestions and feedback links are deleted; the members whose every family is a tombstone lose
their names, identifiers, address and ethnicity, and their date of birth becomes the first of its month.
The change history (django-simple-history) of what was cleared is deleted too, or it would keep the values.
``pseudonymised_on`` marks the tombstone, so that a publish never fills it again.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db.models import Model, QuerySet
from django.db.models.functions import TruncMonth

from wholefamily.web.casework.models import (
    Assessment,
    CaseNote,
    CaseNoteAmendment,
    Closure,
    ClosureFeedback,
    Consent,
    Document,
    Evidence,
    Family,
    FeedbackLink,
    InterventionReferral,
    Membership,
    Need,
    Person,
    PlanAction,
    PlanActionNote,
    PlanGoal,
    Referral,
    Review,
    StepChange,
    Suggestion,
    TafMeeting,
    TimelineEvent,
    WellbeingScore,
)

#: Rows deleted whole, by the name the counts use.
DELETED: dict[str, type[Model]] = {
    "case notes": CaseNote,
    "case note amendments": CaseNoteAmendment,
    "assessments": Assessment,
    "plan action notes": PlanActionNote,
    "documents": Document,
    "timeline events": TimelineEvent,
    "partner evidence rows": Evidence,
    "consents": Consent,
    "suggestions": Suggestion,
    "feedback links": FeedbackLink,
}
#: Free text emptied on the rows kept, by model.
CLEARED: dict[type[Model], dict[str, object]] = {
    Family: {
        "address": "",
        "postcode": "",
        "referral_reason": "",
        "referrer_name": "",
        "priority_reason": "",
    },
    Referral: {"reason": "", "decision_reason": "", "referrer_name": ""},
    PlanGoal: {"goal": "", "family_words": "", "child_view": ""},
    PlanAction: {"action": "", "owner": ""},
    TafMeeting: {"decisions": "", "other_attendees": ""},
    Review: {"progress": ""},
    InterventionReferral: {"note": "", "person": None},
    StepChange: {"reason": ""},
    Closure: {"note": "", "not_achieved_reason": ""},
    ClosureFeedback: {"comments": ""},
    Need: {"note": ""},
}
PERSON_CLEARED = {
    "first_name": "",
    "surname": "",
    "nhs_number": "",
    "address": "",
    "postcode": "",
    "ethnicity": "",
}


def _of_families(model: type[Model], pks: list[int]) -> QuerySet[Model]:
    """The model's rows belonging to the families ``pks``."""
    paths = {
        CaseNoteAmendment: "case_note__family",
        PlanActionNote: "action__goal__family",
        PlanAction: "goal__family",
        Evidence: "need__family",
        Family: "pk",
    }
    path = paths.get(model, "family")
    return model._default_manager.filter(**{f"{path}__in": pks})


def people_left_only_in(pks: list[int]) -> list[int]:
    """Members of the families ``pks`` whose every family is one of them or already a tombstone."""
    members = set(Membership.objects.filter(family__in=pks).values_list("person_id", flat=True))
    elsewhere = set(
        Membership.objects.filter(person__in=members, family__pseudonymised_on=None)
        .exclude(family__in=pks)
        .values_list("person_id", flat=True)
    )
    return sorted(members - elsewhere)


def count_tombstones(pks: list[int]) -> Counter[str]:
    """What making tombstones of the families ``pks`` would delete and clear, by kind of record."""
    counts: Counter[str] = Counter({"families": len(pks), "people": len(people_left_only_in(pks))})
    for name, model in DELETED.items():
        counts[name] = _of_families(model, pks).count()
    return counts


def make_tombstones(pks: list[int], on: dt.date, *, keep_apart: bool) -> tuple[Counter[str], list[Path]]:
    """Reduce the families ``pks`` to tombstones (in the caller's transaction); return the counts and the
    document files to delete once the transaction has committed.

    With ``keep_apart`` (erasure) the tombstones keep their warehouse ids, so that every publish leaves the
    warehouse's records of them out: the family is not brought back into casework. Without it (retention)
    the warehouse ids go too: nothing links the tombstone to anyone, and a family the warehouse still finds
    is published again as a new family."""
    counts = count_tombstones(pks)
    people = people_left_only_in(pks)
    folder = Path(settings.DOCUMENTS_FOLDER)
    files = [folder / name for name in _of_families(Document, pks).values_list("stored_name", flat=True)]
    goals = list(_of_families(PlanGoal, pks).values_list("pk", flat=True))
    WellbeingScore.objects.filter(family__in=pks).update(assessment=None, review=None)
    for model in DELETED.values():
        _of_families(model, pks).delete()
    for model, values in CLEARED.items():
        _of_families(model, pks).update(**values)
    unlinked = {} if keep_apart else {"warehouse_id": None}
    Family.objects.filter(pk__in=pks).update(flags=[], pseudonymised_on=on, **unlinked)
    TafMeeting.family_attendees.through.objects.filter(tafmeeting__family__in=pks).delete()
    Person.objects.filter(pk__in=people).update(
        **PERSON_CLEARED, **unlinked, date_of_birth=TruncMonth("date_of_birth"), pseudonymised_on=on
    )
    _drop_history(pks, goals, people)
    return counts, files


def _drop_history(families: list[int], goals: list[int], people: list[int]) -> None:
    """Delete the change history of the families' records and of the people made tombstones."""
    for model in apps.get_app_config("casework").get_models():
        manager = getattr(model, "history", None)
        if manager is None or not hasattr(manager, "model"):
            continue
        historical = manager.model
        names = {f.name for f in historical._meta.fields}
        if model is Family:
            historical.objects.filter(id__in=families).delete()
        elif model is Person:
            historical.objects.filter(id__in=people).delete()
        elif "family" in names:
            historical.objects.filter(family_id__in=families).delete()
        elif "goal" in names:
            historical.objects.filter(goal_id__in=goals).delete()


def delete_files(files: list[Path]) -> int:
    """Delete the files (after the rows naming them are gone); return how many there were."""
    gone = 0
    for file in files:
        if file.is_file():
            file.unlink()
            gone += 1
    return gone
