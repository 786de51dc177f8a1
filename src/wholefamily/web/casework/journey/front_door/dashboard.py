"""The team manager's dashboard: caseloads, referrals waiting for triage or allocation, overdue reviews and
cases open longer than a year; and one worker's caseload. For team managers (their team) and coordinators
(everyone): the roles that allocate.

A case opens on its first allocation since its latest referral (the first allocation at all when no referral
is recorded; the referral's date, or the family's creation, when no allocation is recorded). A review is due
on the date the latest review of the case set, else ``review_interval_days`` after the case opened.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import DateField, DateTimeField, Max, OuterRef, QuerySet, Subquery
from django.utils import timezone

from wholefamily.web.accounts.models import User
from wholefamily.web.casework import access
from wholefamily.web.casework.journey.front_door.caseload import (
    HELD,
    Caseload,
    caseload_of,
    caseloads,
    config,
    family_weight,
    with_level,
    workers_for,
)
from wholefamily.web.casework.models import Family, Referral, Review, TimelineEvent


@dataclass(frozen=True)
class CaseDates:
    opened_on: dt.date
    review_due: dt.date


def case_dates(families: list[Family]) -> dict[int, CaseDates]:
    """When each case opened and when its next review is due (three queries for the whole list)."""
    ids = [f.pk for f in families]
    referred = Referral.objects.filter(family__in=ids).values("family_id").annotate(latest=Max("received_on"))
    started: dict[int, dt.date] = {row["family_id"]: row["latest"] for row in referred}

    def in_episode(family_id: int, day: dt.date) -> bool:
        return family_id not in started or day >= started[family_id]

    opened = {f.pk: started.get(f.pk) or timezone.localdate(f.created_at) for f in families}
    allocations = TimelineEvent.objects.filter(family__in=ids, kind="allocation").order_by("-date")
    for family_id, day in allocations.values_list("family_id", "date"):
        if in_episode(family_id, day):
            opened[family_id] = day  # the earliest allocation of the episode wins (newest first)
    interval = dt.timedelta(days=config().review_interval_days)
    due = {pk: day + interval for pk, day in opened.items()}
    reviews = Review.objects.filter(family__in=ids).order_by("held_on", "id")
    for family_id, held_on, next_on in reviews.values_list("family_id", "held_on", "next_review_on"):
        if in_episode(family_id, held_on):
            due[family_id] = next_on
    return {pk: CaseDates(opened[pk], due[pk]) for pk in ids}


def review_overdue(family: Family, when: CaseDates, today: dt.date) -> bool:
    """An open case whose review (``case_dates``) fell due before ``today``."""
    return family.status == Family.Status.OPEN and when.review_due < today


def _latest(model: type[Referral], field: str, **filters: Any) -> Subquery:
    rows = model.objects.filter(family=OuterRef("pk"), **filters).order_by(f"-{field}", "-id")
    output = DateTimeField() if field == "triaged_at" else DateField()
    return Subquery(rows.values(field)[:1], output_field=output)


def _row(family: Family, **extra: Any) -> dict[str, Any]:
    lead = family.lead_practitioner
    return {
        "id": family.pk,
        "reference": family.reference,
        "status": family.status,
        "team": family.team.name if family.team else None,
        "lead_practitioner": str(lead) if lead else None,
        **extra,
    }


def dashboard_data(user: User, today: dt.date | None = None) -> dict[str, Any]:
    """Everything on the dashboard, as plain data for the page and the API."""
    today = today or dt.date.today()
    cfg = config()
    visible = access.families_for(user).select_related("team", "lead_practitioner").order_by("id")
    waiting_triage = visible.filter(status=Family.Status.REFERRED).annotate(
        received_on=_latest(Referral, "received_on")
    )
    accepted = with_level(visible.filter(status=Family.Status.ACCEPTED)).annotate(
        triaged_at=_latest(Referral, "triaged_at", triaged_at__isnull=False)
    )
    held = list(visible.filter(status__in=HELD))
    dates = case_dates(held)
    overdue, long_open = [], []
    for family in held:
        when = dates[family.pk]
        if review_overdue(family, when, today):
            overdue.append(
                _row(family, review_due=when.review_due, days_overdue=(today - when.review_due).days)
            )
        if (today - when.opened_on).days > cfg.long_case_days:
            long_open.append(_row(family, opened_on=when.opened_on, days_open=(today - when.opened_on).days))
    triage_rows = []
    for family in waiting_triage:
        received = family.received_on or timezone.localdate(family.created_at)
        triage_rows.append(_row(family, received_on=received, days_waiting=(today - received).days))
    allocation_rows = []
    for family in accepted:
        triaged = timezone.localdate(family.triaged_at) if family.triaged_at else None
        allocation_rows.append(
            _row(
                family,
                level_of_need=family.level_of_need,  # type: ignore[attr-defined]
                level_label=cfg.level_label(family.level_of_need),  # type: ignore[attr-defined]
                weight=family_weight(family),
                triaged_on=triaged,
                days_waiting=(today - triaged).days if triaged else None,
            )
        )
    return {
        "caseloads": caseloads(workers_for(user)),
        "waiting_for_triage": triage_rows,
        "waiting_for_allocation": allocation_rows,
        "identified_not_triaged": visible.filter(status=Family.Status.IDENTIFIED, eligible=True).count(),
        "overdue_reviews": sorted(overdue, key=lambda r: r["review_due"]),
        "open_over_a_year": sorted(long_open, key=lambda r: r["opened_on"]),
    }


def worker_caseload(user: User, worker_pk: int) -> tuple[Caseload, list[dict[str, Any]]] | None:
    """A worker's caseload and the families of it the user may open; None if not a worker the user manages."""
    worker = workers_for(user).filter(pk=worker_pk).first()
    if worker is None:
        return None
    cfg = config()
    families: QuerySet[Family] = with_level(
        access.families_for(user)
        .filter(lead_practitioner=worker, status__in=HELD)
        .select_related("team", "lead_practitioner")
        .order_by("id")
    )
    listed = list(families)
    dates = case_dates(listed)
    rows = [
        _row(
            family,
            level_of_need=family.level_of_need,  # type: ignore[attr-defined]
            level_label=cfg.level_label(family.level_of_need),  # type: ignore[attr-defined]
            weight=family_weight(family),
            opened_on=dates[family.pk].opened_on,
            review_due=dates[family.pk].review_due,
        )
        for family in listed
    ]
    return caseload_of(worker), rows
