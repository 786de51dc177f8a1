"""The family page's "Casework" task list: each step of the journey with its status (not started, in progress,
completed, overdue review, cannot start yet) and a link to its page.

The statuses are read in one query (subqueries on the family row), plus the dashboard's three for when the
next review is due, however long the record."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, cast

from django.db.models import DateField, Exists, ExpressionWrapper, F, OuterRef, Subquery
from django.urls import reverse

from wholefamily.web.casework.journey.front_door.dashboard import case_dates
from wholefamily.web.casework.models import (
    Assessment,
    CaseNote,
    Closure,
    Consent,
    Family,
    InterventionReferral,
    PlanGoal,
    Referral,
    Review,
    StepChange,
    TafMeeting,
)

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
COMPLETED = "completed"
OVERDUE = "overdue"
CANNOT_START = "cannot_start"

LABELS = {
    NOT_STARTED: "Not started",
    IN_PROGRESS: "In progress",
    COMPLETED: "Completed",
    OVERDUE: "Overdue review",
    CANNOT_START: "Cannot start yet",
}

Status = Family.Status


@dataclass(frozen=True)
class Task:
    title: str
    status: str
    url: str | None
    hint: str = ""

    @property
    def label(self) -> str:
        return LABELS[self.status]


def _latest(model: Any, field: str, **where: Any) -> Subquery:
    rows = model.objects.filter(family=OuterRef("pk"), **where).order_by(f"-{field}", "-pk")
    return Subquery(rows.values(field)[:1])


def _exists(model: Any, **where: Any) -> Exists:
    return Exists(model.objects.filter(family=OuterRef("pk"), **where))


def facts(family: Family) -> dict[str, Any]:
    """What the statuses depend on, in one query."""
    latest_referral = Referral.objects.filter(family=OuterRef("pk")).order_by("-received_on", "-pk")
    latest_closure = Closure.objects.filter(family=OuterRef("pk")).order_by("-closed_on", "-pk")
    known = (
        Family.objects.filter(pk=family.pk)
        .annotate(
            referral_triaged=Subquery(latest_referral.values("triaged_at")[:1]),
            has_referral=_exists(Referral),
            consent=_exists(Consent, purpose=Consent.Purpose.TAKE_PART, withdrawn_on__isnull=True),
            assessment_started=_exists(Assessment),
            assessment_completed=_exists(Assessment, completed_on__isnull=False),
            goals=_exists(PlanGoal),
            open_goals=_exists(PlanGoal, status=PlanGoal.Status.OPEN),
            last_meeting=_latest(TafMeeting, "held_on"),
            next_meeting=_latest(TafMeeting, "next_meeting_on", next_meeting_on__isnull=False),
            last_review=_latest(Review, "held_on"),
            interventions=_exists(InterventionReferral),
            notes=_exists(CaseNote),
            last_step=Subquery(StepChange.objects.filter(family=OuterRef("pk")).values("direction")[:1]),
            closed_on=Subquery(latest_closure.values("closed_on")[:1]),
            sustained_until=Subquery(
                latest_closure.annotate(
                    until=ExpressionWrapper(
                        F("closed_on") + dt.timedelta(days=Closure.SUSTAINMENT_DAYS), output_field=DateField()
                    )
                ).values("until")[:1]
            ),
        )
        .values(
            "referral_triaged",
            "has_referral",
            "consent",
            "assessment_started",
            "assessment_completed",
            "goals",
            "open_goals",
            "last_meeting",
            "next_meeting",
            "last_review",
            "interventions",
            "notes",
            "last_step",
            "closed_on",
            "sustained_until",
        )
        .get()
    )
    return cast(dict[str, Any], known)


def _as_date(value: Any) -> dt.date | None:
    """A date from a subquery (SQLite returns text for date arithmetic)."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _day(value: dt.date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else ""


def _referral(family: Family, known: dict[str, Any]) -> tuple[str, str]:
    if family.status == Status.IDENTIFIED and not known["has_referral"]:
        return NOT_STARTED, "Identified from partner data"
    if family.status in (Status.IDENTIFIED, Status.REFERRED):
        return IN_PROGRESS, "Waiting for triage"
    return COMPLETED, ""


def _allocation(family: Family) -> tuple[str, str]:
    if family.lead_practitioner_id:
        return COMPLETED, f"Lead practitioner: {family.lead_practitioner}"
    if family.status == Status.ACCEPTED:
        return NOT_STARTED, "Accepted, waiting for a lead practitioner"
    if family.status in (Status.IDENTIFIED, Status.REFERRED):
        return CANNOT_START, "After triage"
    return NOT_STARTED, ""


def _started(done: bool, started: bool) -> str:
    return COMPLETED if done else IN_PROGRESS if started else NOT_STARTED


def _reviews(family: Family, known: dict[str, Any], today: dt.date) -> tuple[str, str]:
    last = _as_date(known["last_review"])
    if family.status != Status.OPEN:
        return (COMPLETED if last else NOT_STARTED), (f"Last review {_day(last)}" if last else "")
    # The manager's dashboard's rule, so both agree on which reviews are overdue.
    due = case_dates([family])[family.pk].review_due
    hint = f"Next review due {_day(due)}"
    if due < today:
        return OVERDUE, hint
    return (IN_PROGRESS if last else NOT_STARTED), hint


def _closure(family: Family, known: dict[str, Any]) -> tuple[str, str]:
    if family.status == Status.CLOSED:
        closed_on, until = _as_date(known["closed_on"]), _as_date(known["sustained_until"])
        return COMPLETED, f"Closed {_day(closed_on)}; sustained until {_day(until)}"
    if family.status == Status.STEPPED_UP:
        return IN_PROGRESS, "Stepped up to children's social care"
    if known["last_step"] == StepChange.Direction.DOWN:
        return NOT_STARTED, "Stepped down to early help"
    if known["closed_on"]:
        return NOT_STARTED, "Reopened by a new referral"
    return NOT_STARTED, ""


def tasks(family: Family, today: dt.date, links: dict[str, str | None]) -> list[Task]:
    """The journey's steps for ``family``; ``links`` maps a step to its page (None while it has none)."""
    known = facts(family)
    meeting_hint = ""
    if known["next_meeting"]:
        meeting_hint = f"Next meeting {_day(_as_date(known['next_meeting']))}"
    elif known["last_meeting"]:
        meeting_hint = f"Last held {_day(_as_date(known['last_meeting']))}"
    plan = _started(bool(known["goals"]) and not known["open_goals"], bool(known["goals"]))
    steps: list[tuple[str, str, tuple[str, str]]] = [
        ("referral", "Referral and triage", _referral(family, known)),
        ("allocation", "Allocation", _allocation(family)),
        ("consent", "Consent", (COMPLETED if known["consent"] else NOT_STARTED, "")),
        (
            "assessment",
            "Whole-family assessment",
            (_started(known["assessment_completed"], known["assessment_started"]), ""),
        ),
        ("plan", "Family plan", (plan, "")),
        (
            "meetings",
            "Team around the family meetings",
            (_started(False, known["last_meeting"]), meeting_hint),
        ),
        ("reviews", "Reviews", _reviews(family, known, today)),
        ("interventions", "Interventions", (_started(False, known["interventions"]), "")),
        ("notes", "Contacts and case notes", (_started(False, known["notes"]), "")),
        ("closure", "Step-up and closure", _closure(family, known)),
    ]
    return [Task(title, status, links.get(key), hint) for key, title, (status, hint) in steps]


#: The page of each step that every role with the journey section may open (the pages check the rest).
PAGES = {
    "assessment": "casework:assessment",
    "plan": "casework:assessment_plan",
    "meetings": "casework:work_meetings",
    "reviews": "casework:work_reviews",
    "interventions": "casework:work_interventions",
    "notes": "casework:work_notes",
    "closure": "casework:closure_overview",
}


def links(family: Family, *, triage: bool, allocate: bool, consent: bool) -> dict[str, str | None]:
    """Each step's page; triage, allocation and consent only for the roles that may record them."""
    pk = family.pk
    pages = dict(PAGES)
    if triage and family.status in (Status.IDENTIFIED, Status.REFERRED):
        pages["referral"] = "casework:front_door_triage"
    if allocate:
        pages["allocation"] = "casework:allocate"
    if consent:
        pages["consent"] = "casework:consent_add"
    return {step: reverse(name, args=[pk]) for step, name in pages.items()}
