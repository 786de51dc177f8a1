"""Triage at the front door: a referral (or a family identified from partner data) gets a level of need, a
route and the reason for the decision.

The route decides what happens next: early help accepts the family (waiting for allocation), children's social
care steps it up, universal services signposts it and closes the record. A family identified from partner data
has no referral yet: triage records one with origin "pipeline", so every decision sits on a Referral.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from wholefamily.web.accounts import audit
from wholefamily.web.accounts.models import AuditEntry, User
from wholefamily.web.casework.journey import transitions
from wholefamily.web.casework.journey.front_door.caseload import config
from wholefamily.web.casework.models import Closure, Family, Referral, Source, StepChange
from wholefamily.web.casework.timeline import add_casework_event

Route = Referral.Route
_NEXT_STATUS = {
    Route.EARLY_HELP: Family.Status.ACCEPTED,
    Route.SOCIAL_CARE: Family.Status.STEPPED_UP,
    Route.UNIVERSAL: Family.Status.CLOSED,
}


def pending_referral(family: Family) -> Referral | None:
    """The family's latest referral if it still waits for triage."""
    latest = family.referrals.order_by("-received_on", "-id").first()
    return latest if latest is not None and not latest.triaged else None


def _new_referral(family: Family, user: User) -> Referral:
    """The referral a family arrived with before referrals were rows: from partner data, or by hand."""
    if family.origin == Source.PIPELINE and not family.referral_reason:
        headlines = sorted(set(family.needs.filter(counted=True).values_list("headline_label", flat=True)))
        reason = "Identified from partner data" + (": " + ", ".join(headlines) if headlines else "")
        origin, agency, name = Referral.Origin.PIPELINE, "", ""
    else:
        reason = family.referral_reason or "Referred by hand"
        agency, name = family.referrer_agency, family.referrer_name
        origin = Referral.Origin.FAMILY if agency == "family" else Referral.Origin.AGENCY
    return Referral(
        family=family,
        received_on=timezone.localdate(family.created_at) if family.created_at else dt.date.today(),
        origin=origin,
        referrer_agency=agency,
        referrer_name=name,
        reason=reason,
        recorded_by=user,
    )


def triage_family(
    family: Family, user: User, data: dict[str, Any], request: HttpRequest | None = None
) -> Referral:
    """Record the triage decision (``data``: level_of_need, route, decision_reason, consent_to_contact) and
    move the family on. Raises ``TransitionError`` when the family is not waiting for triage."""
    transitions.check_triage(family)
    before = family.status
    route = Route(data["route"])
    today = dt.date.today()
    with transaction.atomic():
        referral = pending_referral(family) or _new_referral(family, user)
        referral.level_of_need = data["level_of_need"]
        referral.route = route
        referral.decision_reason = data["decision_reason"]
        referral.consent_to_contact = data["consent_to_contact"]
        referral.triaged_by = user
        referral.triaged_at = timezone.now()
        referral.save()
        if route == Route.SOCIAL_CARE:
            StepChange.objects.create(
                family=family,
                direction=StepChange.Direction.UP,
                decided_on=today,
                reason=data["decision_reason"],
                recorded_by=user,
            )
        elif route == Route.UNIVERSAL:
            Closure.objects.create(
                family=family,
                closed_on=today,
                reason=Closure.Reason.SIGNPOSTED,
                note=data["decision_reason"],
                recorded_by=user,
            )
        family.status = _NEXT_STATUS[route]
        family.save(update_fields=["status", "updated_at"])
        level = config().level_label(referral.level_of_need)
        add_casework_event(
            family, user, "triage", f"Triaged: {level}. {route.label}", detail=data["decision_reason"]
        )
        audit.record(
            user,
            AuditEntry.Action.CHANGE,
            request=request,
            obj=referral,
            family_id=family.pk,
            summary=f"Triaged {family.reference}: level {referral.level_of_need}, {route.value}",
            detail={
                "before": {"status": before},
                "after": {"status": family.status, "level_of_need": referral.level_of_need, "route": route},
            },
        )
    return referral
