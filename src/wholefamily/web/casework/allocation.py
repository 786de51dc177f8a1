"""Allocating a family to a team and a lead practitioner, which opens the case."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from wholefamily.web.accounts import audit
from wholefamily.web.accounts.models import AuditEntry, User
from wholefamily.web.casework import access
from wholefamily.web.casework.family_access import acting_user, refuse, visible_family
from wholefamily.web.casework.forms import AllocationForm
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


def allocate_family(family: Family, form: AllocationForm, user: User, request: HttpRequest) -> None:
    before = _allocation(family)
    with transaction.atomic():
        family.team = form.cleaned_data["team"]
        family.lead_practitioner = form.cleaned_data["lead_practitioner"]
        family.status = Family.Status.OPEN
        family.save(update_fields=["team", "lead_practitioner", "status", "updated_at"])
        add_casework_event(
            family, user, "allocation", f"Allocated to {family.lead_practitioner} ({family.team})"
        )
        audit.record(
            user,
            AuditEntry.Action.CHANGE,
            request=request,
            obj=family,
            family_id=family.pk,
            summary=f"Allocated {family.reference} to {family.lead_practitioner} ({family.team})",
            detail={"before": before, "after": _allocation(family)},
        )


def allocate(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    family = visible_family(
        request, pk, access.families_for(user).select_related("team", "lead_practitioner")
    )
    if not access.may_allocate(user, family):
        refuse(request, family, "allocate")
    initial = {"team": family.team_id, "lead_practitioner": family.lead_practitioner_id}
    form = AllocationForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        allocate_family(family, form, user, request)
        messages.success(
            request, f"{family.reference} allocated to {family.lead_practitioner} ({family.team})"
        )
        if access.families_for(user).filter(pk=family.pk).exists():
            return redirect("casework:family_detail", family.pk)
        return redirect("casework:home")
    return render(
        request,
        "casework/allocate.html",
        {"title": f"Allocate family {family.reference}", "family": family, "form": form},
    )
