"""The team around the family and consent: adding a practitioner, ending their place, recording consent
and its withdrawal. Ending and withdrawing ask for confirmation (GET) and act on POST."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from wholefamily.web.accounts import audit
from wholefamily.web.accounts.models import AuditEntry, User
from wholefamily.web.casework import access
from wholefamily.web.casework.family_access import acting_user, refuse, visible_family
from wholefamily.web.casework.forms import ConsentForm, TeamMemberForm
from wholefamily.web.casework.models import Consent, Family, TeamMember
from wholefamily.web.casework.timeline import add_casework_event


def _editable_family(request: HttpRequest, pk: int, action: str) -> tuple[User, Family]:
    user = acting_user(request)
    family = visible_family(request, pk)
    if not access.may_edit_team_and_consent(user, family):
        refuse(request, family, action)
    return user, family


def _record(request: HttpRequest, user: User, action: str, obj: TeamMember | Consent, summary: str) -> None:
    audit.record(user, action, request=request, obj=obj, family_id=obj.family_id, summary=summary)


def team_member_add(request: HttpRequest, pk: int) -> HttpResponse:
    user, family = _editable_family(request, pk, "change the team around")
    form = TeamMemberForm(request.POST if request.method == "POST" else None, family=family)
    if request.method == "POST" and form.is_valid():
        practitioner = form.cleaned_data["practitioner"]
        with transaction.atomic():
            member = TeamMember.objects.create(
                family=family,
                practitioner=practitioner,
                agency=form.cleaned_data["agency"],
                role_in_team=form.cleaned_data["role_in_team"],
            )
            add_casework_event(family, user, "team", f"{practitioner} joined the team around the family")
            _record(request, user, AuditEntry.Action.CREATE, member, f"Added {practitioner} to the team")
        messages.success(request, f"{practitioner} added to the team around the family")
        return redirect("casework:family_detail", family.pk)
    return render(
        request,
        "casework/team_member_add.html",
        {"title": f"Add to the team around family {family.reference}", "family": family, "form": form},
    )


def team_member_end(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    user, family = _editable_family(request, pk, "change the team around")
    member = (
        family.team_members.filter(pk=member_pk, end_date__isnull=True).select_related("practitioner").first()
    )
    if member is None:
        raise Http404("No such place in the team")
    if request.method == "POST":
        with transaction.atomic():
            member.end_date = dt.date.today()
            member.save(update_fields=["end_date"])
            add_casework_event(family, user, "team", f"{member.practitioner} left the team around the family")
            _record(request, user, AuditEntry.Action.CHANGE, member, f"Ended {member.practitioner}'s place")
        messages.success(request, f"{member.practitioner} is no longer in the team around the family")
        return redirect("casework:family_detail", family.pk)
    return render(
        request,
        "casework/confirm.html",
        {
            "title": f"Remove {member.practitioner} from the team",
            "family": family,
            "text": f"{member.practitioner} will leave the team around family {family.reference} today.",
            "button": "Remove from the team",
        },
    )


def _described(consent: Consent) -> str:
    described = consent.get_purpose_display().lower()
    return described + (f" ({consent.get_agency_display()})" if consent.agency else "")


def record_consent(family: Family, user: User, data: dict[str, Any], request: HttpRequest) -> Consent:
    """Record consent (``data``: purpose, agency, given_by, given_on, how) with its timeline entry and audit
    entry; the page and the API both call this."""
    with transaction.atomic():
        consent = Consent.objects.create(
            family=family,
            purpose=data["purpose"],
            agency=data["agency"],
            given_by=data["given_by"],
            given_on=data["given_on"],
            how=data["how"],
            recorded_by=user,
        )
        title = f"Consent recorded: {_described(consent)}"
        add_casework_event(family, user, "consent", title, person=consent.given_by)
        _record(request, user, AuditEntry.Action.CREATE, consent, title)
    return consent


def withdraw_consent(consent: Consent, user: User, request: HttpRequest) -> None:
    with transaction.atomic():
        consent.withdrawn_on = dt.date.today()
        consent.save(update_fields=["withdrawn_on"])
        title = f"Consent withdrawn: {_described(consent)}"
        add_casework_event(consent.family, user, "consent", title, person=consent.given_by)
        _record(request, user, AuditEntry.Action.CHANGE, consent, title)


def consent_add(request: HttpRequest, pk: int) -> HttpResponse:
    user, family = _editable_family(request, pk, "record consent for")
    form = ConsentForm(request.POST if request.method == "POST" else None, family=family)
    if request.method == "POST" and form.is_valid():
        record_consent(family, user, form.cleaned_data, request)
        messages.success(request, "Consent recorded")
        return redirect("casework:family_detail", family.pk)
    return render(
        request,
        "casework/consent_add.html",
        {"title": f"Record consent for family {family.reference}", "family": family, "form": form},
    )


def consent_withdraw(request: HttpRequest, pk: int, consent_pk: int) -> HttpResponse:
    user, family = _editable_family(request, pk, "record consent for")
    consent = family.consents.filter(pk=consent_pk, withdrawn_on__isnull=True).first()
    if consent is None:
        raise Http404("No such consent")
    described = _described(consent)
    if request.method == "POST":
        withdraw_consent(consent, user, request)
        messages.success(request, "Consent withdrawn")
        return redirect("casework:family_detail", family.pk)
    return render(
        request,
        "casework/confirm.html",
        {
            "title": "Withdraw consent",
            "family": family,
            "text": f"Consent {described} will be recorded as withdrawn today.",
            "button": "Withdraw consent",
        },
    )
