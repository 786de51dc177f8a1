"""The front door's pages: a new referral, triage, allocation, the team dashboard and a worker's caseload.

A step the family's status does not allow (``transitions.py``) shows the rule's message in place of the form's
errors, and answers 409 when it was posted."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from wholefamily.web.accounts import audit
from wholefamily.web.accounts.models import AuditEntry, User
from wholefamily.web.casework import access
from wholefamily.web.casework.family_gate import acting_user, open_family
from wholefamily.web.casework.feeds import feed_warnings
from wholefamily.web.casework.journey import transitions
from wholefamily.web.casework.journey.front_door import team_families
from wholefamily.web.casework.journey.front_door.allocation import allocate_family, over_limit_warning
from wholefamily.web.casework.journey.front_door.caseload import (
    caseloads,
    config,
    family_weight,
    with_level,
    workers_for,
)
from wholefamily.web.casework.journey.front_door.dashboard import dashboard_data, worker_caseload
from wholefamily.web.casework.journey.front_door.forms import (
    AllocationForm,
    ReferralForm,
    TriageForm,
    show_refusal,
)
from wholefamily.web.casework.journey.front_door.referral import create_referral
from wholefamily.web.casework.journey.front_door.triage import pending_referral, triage_family
from wholefamily.web.casework.models import Family
from wholefamily.web.pagination import paginate


def _next_page(user: User, family: Family) -> HttpResponse:
    """The family's page, or the home page when the user may no longer open the family (it moved on)."""
    if access.families_for(user).filter(pk=family.pk).exists():
        return redirect("casework:family_detail", family.pk)
    return redirect("casework:home")


def family_create(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if not access.may_create_family(user):
        audit.record(
            user, AuditEntry.Action.DENIED, request=request, summary="Not allowed to make a referral"
        )
        raise PermissionDenied("Your role does not allow you to make referrals.")
    form = ReferralForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        family = create_referral(form.cleaned_data, form.people(), user, request)
        message = f"Referral {family.reference} created"
        if access.families_for(user).filter(pk=family.pk).exists():
            messages.success(request, message)
            return redirect("casework:family_detail", family.pk)
        messages.success(request, f"{message}. It is with the front door team for allocation.")
        return redirect("casework:home")
    return render(request, "casework/family_create.html", {"title": "New referral", "form": form})


def triage(request: HttpRequest, pk: int) -> HttpResponse:
    user, family = open_family(request, pk, change=(access.may_triage, "triage"))
    form = TriageForm(request.POST if request.method == "POST" else None)
    blocked = transitions.refusal(lambda: transitions.check_triage(family)) or ""
    if request.method == "POST" and not blocked and form.is_valid():
        try:
            referral = triage_family(family, user, form.cleaned_data, request)
        except transitions.TransitionError as refusal:  # triaged by someone else meanwhile
            blocked = str(refusal)
        else:
            messages.success(request, f"{family.reference} triaged: {referral.get_route_display()}")
            return _next_page(user, family)
    if blocked:
        show_refusal(form, blocked)
    if request.method == "GET":
        audit.record(
            user,
            AuditEntry.Action.VIEW,
            request=request,
            obj=family,
            family_id=family.pk,
            summary="Triage page",
        )
    context = {
        "title": f"Triage family {family.reference}",
        "family": family,
        "form": form,
        "blocked": blocked,
        "referral": pending_referral(family),
        "needs": sorted(set(family.needs.filter(counted=True).values_list("headline_label", flat=True))),
    }
    return render(
        request,
        "casework/journey/front_door/triage.html",
        context,
        status=409 if blocked and request.method == "POST" else 200,
    )


def allocate(request: HttpRequest, pk: int) -> HttpResponse:
    """Allocate a family the front door accepted (or re-allocate an open case), with the caseloads of the
    workers to choose from; a worker pushed past their limit gives a warning, never a refusal."""
    user, family = open_family(request, pk, change=(access.may_allocate, "allocate"))
    initial = {"team": family.team_id, "lead_practitioner": family.lead_practitioner_id}
    form = AllocationForm(request.POST if request.method == "POST" else None, initial=initial)
    blocked = transitions.refusal(lambda: transitions.check_allocation(family)) or ""
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
            return _next_page(user, family)
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


def _require_manager(request: HttpRequest, what: str) -> User:
    return audit.require(request, access.may_view_caseloads, f"see {what}")


def dashboard(request: HttpRequest) -> HttpResponse:
    user = _require_manager(request, "the team dashboard")
    data = dashboard_data(user)
    audit.record(user, AuditEntry.Action.VIEW, request=request, summary="Team dashboard")
    if access.sees_feed_health(user):
        data["feed_warnings"] = feed_warnings(dt.date.today())
    return render(
        request,
        "casework/journey/front_door/dashboard.html",
        {"title": "Team dashboard", **data, "config": config()},
    )


def team_families_page(request: HttpRequest) -> HttpResponse:
    """The families behind the dashboard's counts, filtered and sorted, paged; audited with what it listed."""
    user = _require_manager(request, "the team's families")
    form = team_families.TeamFamiliesForm(user, request.GET if request.GET else None)
    chosen = form.chosen()
    paged = paginate(request, team_families.team_families(user, chosen, dt.date.today()))
    rows = team_families.with_headlines(user, paged.items)
    audit.record(
        user,
        AuditEntry.Action.VIEW,
        request=request,
        summary="Team families",
        detail={"filters": {k: v for k, v in chosen.items() if v}, "families": [r.family.pk for r in rows]},
    )
    return render(
        request,
        "casework/journey/front_door/team_families.html",
        {"title": "Team families", "form": form, "paged": paged, "rows": rows},
    )


def caseload(request: HttpRequest, worker_pk: int) -> HttpResponse:
    user = _require_manager(request, "caseloads")
    found = worker_caseload(user, worker_pk)
    if found is None:
        audit.record(
            user,
            AuditEntry.Action.DENIED,
            request=request,
            summary="Caseload of a worker outside the user's teams",
            detail={"worker_id": worker_pk},
        )
        raise Http404("No such worker")
    load, rows = found
    audit.record(
        user,
        AuditEntry.Action.VIEW,
        request=request,
        summary=f"Caseload of {load.worker.username}",
        detail={"families": [row["id"] for row in rows]},
    )
    return render(
        request,
        "casework/journey/front_door/caseload.html",
        {"title": f"Caseload of {load.worker}", "load": load, "families": rows, "today": dt.date.today()},
    )
