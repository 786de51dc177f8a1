"""The team around the family and consent: adding a practitioner, ending their place, recording consent and
its withdrawal. Each change writes one timeline entry and one audit entry; the pages and the API both call
these."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.http import HttpRequest

from wholefamily.web.accounts import audit
from wholefamily.web.accounts.models import AuditEntry, User
from wholefamily.web.casework.models import Consent, Family, TeamMember
from wholefamily.web.casework.timeline import add_casework_event


def _record(request: HttpRequest, user: User, action: str, obj: TeamMember | Consent, summary: str) -> None:
    audit.record(user, action, request=request, obj=obj, family_id=obj.family_id, summary=summary)


def add_team_member(family: Family, user: User, data: dict[str, Any], request: HttpRequest) -> TeamMember:
    """Seat a practitioner in the team around the family (``data``: practitioner, agency, role_in_team)."""
    practitioner = data["practitioner"]
    with transaction.atomic():
        member = TeamMember.objects.create(
            family=family,
            practitioner=practitioner,
            agency=data["agency"],
            role_in_team=data["role_in_team"],
        )
        add_casework_event(family, user, "team", f"{practitioner} joined the team around the family")
        _record(request, user, AuditEntry.Action.CREATE, member, f"Added {practitioner} to the team")
    return member


def end_team_member(member: TeamMember, user: User, request: HttpRequest) -> None:
    """End a practitioner's place in the team around the family today."""
    with transaction.atomic():
        member.end_date = dt.date.today()
        member.save(update_fields=["end_date"])
        add_casework_event(
            member.family, user, "team", f"{member.practitioner} left the team around the family"
        )
        _record(request, user, AuditEntry.Action.CHANGE, member, f"Ended {member.practitioner}'s place")


def described(consent: Consent) -> str:
    """The consent in words: its purpose, and the agency it is shared with."""
    words = consent.get_purpose_display().lower()
    return words + (f" ({consent.get_agency_display()})" if consent.agency else "")


def record_consent(family: Family, user: User, data: dict[str, Any], request: HttpRequest) -> Consent:
    """Record consent (``data``: purpose, agency, given_by, given_on, how)."""
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
        title = f"Consent recorded: {described(consent)}"
        add_casework_event(family, user, "consent", title, person=consent.given_by)
        _record(request, user, AuditEntry.Action.CREATE, consent, title)
    return consent


def withdraw_consent(consent: Consent, user: User, request: HttpRequest) -> None:
    with transaction.atomic():
        consent.withdrawn_on = dt.date.today()
        consent.save(update_fields=["withdrawn_on"])
        title = f"Consent withdrawn: {described(consent)}"
        add_casework_event(consent.family, user, "consent", title, person=consent.given_by)
        _record(request, user, AuditEntry.Action.CHANGE, consent, title)
