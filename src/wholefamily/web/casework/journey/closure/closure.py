"""Step-up to children's social care, step-down to early help, closure and re-referral: the changes themselves,
shared by the pages and the API. Each checks its rule in ``transitions.py`` first (a refusal raises
``TransitionError`` and changes nothing), then changes the family's status, keeps the earlier rows as they were
(history), adds one casework timeline entry and one audit entry."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.http import HttpRequest

from wholefamily.web.accounts import audit
from wholefamily.web.accounts.models import AuditEntry, User
from wholefamily.web.casework.journey import transitions
from wholefamily.web.casework.models import Closure, Family, Referral, StepChange
from wholefamily.web.casework.timeline import add_casework_event

Status = Family.Status


def _status(family: Family) -> dict[str, Any]:
    return {"status": family.status, "lead_practitioner_id": family.lead_practitioner_id}


def _save_status(family: Family, status: str, *, lead_cleared: bool = False) -> None:
    family.status = status
    fields = ["status", "updated_at"]
    if lead_cleared:
        family.lead_practitioner = None
        fields.append("lead_practitioner")
    family.save(update_fields=fields)


def _audit(
    request: HttpRequest | None,
    user: User,
    obj: StepChange | Closure | Referral,
    family: Family,
    summary: str,
    before: dict[str, Any],
) -> None:
    audit.record(
        user,
        AuditEntry.Action.CREATE,
        request=request,
        obj=obj,
        family_id=family.pk,
        summary=summary,
        detail={"before": before, "after": _status(family)},
    )


def latest_closed_on(family: Family) -> dt.date | None:
    """When the family's case last closed (a re-referral cannot be received before)."""
    closure = family.closures.first()
    return closure.closed_on if closure else None


def step(
    family: Family,
    user: User,
    direction: str,
    decided_on: dt.date,
    reason: str,
    request: HttpRequest | None = None,
) -> StepChange:
    """Step the family up to children's social care, or down to early help: back to its lead practitioner
    when it has one (open), else to the allocation queue (accepted)."""
    up = direction == StepChange.Direction.UP
    (transitions.check_step_up if up else transitions.check_step_down)(family)
    before = _status(family)
    with transaction.atomic():
        change = StepChange.objects.create(
            family=family, direction=direction, decided_on=decided_on, reason=reason, recorded_by=user
        )
        if up:
            new_status = Status.STEPPED_UP
        else:
            new_status = Status.OPEN if family.lead_practitioner_id else Status.ACCEPTED
        _save_status(family, new_status)
        title = change.get_direction_display()
        add_casework_event(family, user, "step_change", title, detail=reason)
        _audit(request, user, change, family, f"{title}: {family.reference}", before)
    return change


def close(
    family: Family,
    user: User,
    closed_on: dt.date,
    reason: str,
    note: str,
    request: HttpRequest | None = None,
    *,
    not_achieved_reason: str = "",
) -> Closure:
    """Close the case: starts the six-month sustainment clock (``Closure.sustained_until``). Closing as
    "outcomes met" with a need's goal not achieved keeps those needs and ``not_achieved_reason`` with it."""
    not_achieved = transitions.check_closure(family, reason, not_achieved_reason)
    before = _status(family)
    with transaction.atomic():
        closure = Closure.objects.create(
            family=family,
            closed_on=closed_on,
            reason=reason,
            note=note,
            not_achieved=not_achieved,
            not_achieved_reason=not_achieved_reason.strip() if not_achieved else "",
            recorded_by=user,
        )
        _save_status(family, Status.CLOSED)
        title = f"Case closed: {closure.get_reason_display().lower()}"
        add_casework_event(family, user, "closure", title, detail=note)
        _audit(request, user, closure, family, f"Closed {family.reference}: {closure.reason}", before)
    return closure


def rerefer(
    family: Family,
    user: User,
    *,
    received_on: dt.date,
    origin: str,
    referrer_agency: str,
    referrer_name: str,
    reason: str,
    request: HttpRequest | None = None,
) -> Referral:
    """Reopen a closed case with a new referral, waiting for triage. The closure stays (with ``reopened_on``)
    and so does everything recorded before it. The team keeps the family, so its manager (or the coordinator)
    triages and allocates it again; the lead practitioner is cleared until then."""
    transitions.check_rereferral(family)
    before = _status(family)
    with transaction.atomic():
        referral = Referral.objects.create(
            family=family,
            received_on=received_on,
            origin=origin,
            referrer_agency=referrer_agency,
            referrer_name=referrer_name,
            reason=reason,
            recorded_by=user,
        )
        latest = family.closures.filter(reopened_on__isnull=True).first()
        if latest is not None:
            latest.reopened_on = received_on
            latest.save(update_fields=["reopened_on"])
        _save_status(family, Status.REFERRED, lead_cleared=True)
        add_casework_event(family, user, "referral", "Referred again: the case is reopened", detail=reason)
        _audit(request, user, referral, family, f"Re-referral reopened {family.reference}", before)
    return referral
