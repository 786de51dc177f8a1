"""What of the workforce records is due, as items of My work (``casework.record.my_work``): the next
supervision session of each worker, and the open actions agreed in supervision or a case audit, for whom they
concern. A worker sees their own; a manager (and the coordinator) their team's, or one worker's if chosen."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import OuterRef, QuerySet, Subquery
from django.urls import reverse

from wholefamily.web.accounts.models import User
from wholefamily.web.casework.record.my_work import Item
from wholefamily.web.workforce import access
from wholefamily.web.workforce.models import CaseAuditAction, Supervision, SupervisionAction

SUPERVISION = "Supervision"
SUPERVISION_ACTION = "Supervision action"
AUDIT_ACTION = "Case audit action"


def concerned(user: User, worker: User | None) -> QuerySet[User]:
    """Whose supervision and actions ``user``'s work shows."""
    if not access.may_use(user):
        return User.objects.none()
    if not access.may_manage(user):
        return User.objects.filter(pk=user.pk)
    team = access.team_of(user)
    return team.filter(pk=worker.pk) if worker is not None else team


def due_items(user: User, today: dt.date, worker: User | None = None) -> Iterable[Item]:
    people = concerned(user, worker)
    latest = Supervision.objects.filter(worker=OuterRef("pk")).order_by("-held_on", "-pk")
    supervised = people.filter(role__in=access.WORKERS).annotate(
        next_on=Subquery(latest.values("next_on")[:1]), session=Subquery(latest.values("pk")[:1])
    )
    for person in supervised.filter(next_on__isnull=False):
        yield Item(
            person.next_on,
            SUPERVISION,
            f"Next supervision of {person}",
            None,
            "Supervision record",
            str(person),
            reverse("workforce:supervision", args=[person.session]),
        )
    for action in SupervisionAction.objects.filter(owner__in=people, done_on__isnull=True).select_related(
        "owner"
    ):
        yield Item(
            action.due_on,
            SUPERVISION_ACTION,
            action.action,
            None,
            "Supervision record",
            str(action.owner),
            reverse("workforce:supervision", args=[action.supervision_id]),
        )
    for audit_action in CaseAuditAction.objects.filter(owner__in=people, done_on__isnull=True).select_related(
        "owner", "audit__family"
    ):
        yield Item(
            audit_action.due_on,
            AUDIT_ACTION,
            audit_action.action,
            None,
            f"Case audit of {audit_action.audit.family.reference}",
            str(audit_action.owner),
            reverse("workforce:audit", args=[audit_action.audit_id]),
        )
