"""A new referral made by hand: a casework family with its first members, filed under the referrer's team."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.http import HttpRequest

from wholefamily.web.accounts import audit
from wholefamily.web.accounts.models import AuditEntry, Role, User
from wholefamily.web.casework.models import Family, Membership, Person, Source
from wholefamily.web.casework.timeline import add_casework_event

#: Roles whose referrals go to their own team; the front door's and coordinator's stay unallocated.
_KEEPS_IN_TEAM = frozenset({Role.KEYWORKER, Role.TEAM_MANAGER})


def create_referral(
    data: dict[str, Any], people: list[dict[str, Any]], user: User, request: HttpRequest
) -> Family:
    """Create the family, its first members, a timeline entry and the audit entry from validated referral data
    (the New referral page's form or the API's serializer)."""
    today = dt.date.today()
    with transaction.atomic():
        family = Family.objects.create(
            origin=Source.CASEWORK,
            status=Family.Status.REFERRED,
            address=data["address"],
            postcode=data["postcode"],
            referral_reason=data["referral_reason"],
            referrer_agency=data["referrer_agency"],
            referrer_name=data["referrer_name"],
            team=user.team if user.role in _KEEPS_IN_TEAM else None,
        )
        for entry in people:
            person = Person.objects.create(
                origin=Source.CASEWORK,
                first_name=entry["first_name"],
                surname=entry["surname"],
                date_of_birth=entry["date_of_birth"],
                address=family.address,
                postcode=family.postcode,
            )
            Membership.objects.create(
                family=family,
                person=person,
                role=entry["role"],
                resident=entry["role"] != Membership.Role.NON_RESIDENT_PARENT,
                start_date=today,
                source=Source.CASEWORK,
            )
        add_casework_event(
            family,
            user,
            "referral",
            f"Referred by {data['referrer_name']} ({family.get_referrer_agency_display()})",
            detail=data["referral_reason"],
        )
        audit.record(
            user,
            AuditEntry.Action.CREATE,
            request=request,
            obj=family,
            family_id=family.pk,
            summary=f"Created referral {family.reference}",
            detail={"people": len(people), "team": family.team.name if family.team else None},
        )
    return family
