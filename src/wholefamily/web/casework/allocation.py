"""Allocating a family to a team and a lead practitioner, which opens the case.

A family is allocated once the front door has accepted it (``transitions.check_allocation``); an open case can
be re-allocated. The page shows the caseloads of the workers to choose from, and a worker pushed past their
limit gives a warning, never a refusal: limits are guidance for supervision (see ``journey/caseload.py``).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from wholefamily.web.accounts import audit
from wholefamily.web.accounts.models import AuditEntry, Team, User
from wholefamily.web.casework import access
from wholefamily.web.casework.family_access import acting_user, refuse, visible_family
from wholefamily.web.casework.forms import AllocationForm
from wholefamily.web.casework.journey import transitions
from wholefamily.web.casework.journey.caseload import (
    Caseload,
    caseload_of,
    caseloads,
    config,
    family_weight,
    with_level,
    workers_for,
)
from wholefamily.web.casework.journey.front_door_forms import show_refusal
from wholefamily.web.casework.models import Family
from wholefamily.web.casework.timeline import add_casework_event


def _allocation(family: Family) -> dict[str, Any]:
    lead = family.lead_practitioner
    return {
        "status": family.status,
        "team": family.team.name if family.team else None,
        "team_id": family.team_id,
        "lead_practitioner": lead.username if lead else None,
        "lead_practitioner_id": family.lead_practitioner_id,
    }


def over_limit_warning(load: Caseload) -> str | None:
    """The warning for a worker past their limit, or None."""
    if load.state != "over":
        return None
    return (
        f"{load.worker} now leads {load.families} families weighing {load.points:g} points, over their limit "
        f"of {load.limit:g}. Talk it through in supervision, or choose someone else."
    )


def allocate_family(
    family: Family, team: Team, lead: User, user: User, request: HttpRequest | None = None
) -> Caseload:
    """Allocate (or re-allocate) and open the case; returns the lead practitioner's caseload afterwards.
    Raises ``TransitionError`` when the family has not been accepted at triage."""
    transitions.check_allocation(family)
    before = _allocation(family)
    with transaction.atomic():
        family.team = team
        family.lead_practitioner = lead
        family.status = Family.Status.OPEN
        family.save(update_fields=["team", "lead_practitioner", "status", "updated_at"])
        add_casework_event(family, user, "allocation", f"Allocated to {lead} ({team})")
        load = caseload_of(lead)
        audit.record(
            user,
            AuditEntry.Action.CHANGE,
            request=request,
            obj=family,
            family_id=family.pk,
            summary=f"Allocated {family.reference} to {lead} ({team})",
            detail={
                "before": before,
                "after": _allocation(family),
                "caseload": {"points": load.points, "limit": load.limit, "state": load.state},
            },
        )
    return load


def allocate(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    family = visible_family(
        request, pk, access.families_for(user).select_related("team", "lead_practitioner")
    )
    if not access.may_allocate(user, family):
        refuse(request, family, "allocate")
    initial = {"team": family.team_id, "lead_practitioner": family.lead_practitioner_id}
    form = AllocationForm(request.POST if request.method == "POST" else None, initial=initial)
    try:
        transitions.check_allocation(family)
        blocked = ""
    except transitions.TransitionError as refusal:
        blocked = str(refusal)
    if request.method == "POST" and not blocked and form.is_valid():
        lead = form.cleaned_data["lead_practitioner"]
        try:
            load = allocate_family(family, form.cleaned_data["team"], lead, user, request)
        except transitions.TransitionError as refusal:  # changed by someone else meanwhile
            blocked = str(refusal)
        else:
            messages.success(request, f"{family.reference} allocated to {lead} ({family.team})")
            warning = over_limit_warning(load)
            if warning:
                messages.warning(request, warning)
            if access.families_for(user).filter(pk=family.pk).exists():
                return redirect("casework:family_detail", family.pk)
            return redirect("casework:home")
    if blocked:
        show_refusal(form, blocked)
    weighed = with_level(Family.objects.filter(pk=family.pk)).get()
    context = {
        "title": f"Allocate family {family.reference}",
        "family": family,
        "form": form,
        "blocked": blocked,
        "level": config().level_label(weighed.level_of_need),  # type: ignore[attr-defined]
        "weight": family_weight(weighed),
        "caseloads": caseloads(workers_for(user)),
    }
    return render(
        request,
        "casework/allocate.html",
        context,
        status=409 if blocked and request.method == "POST" else 200,
    )
