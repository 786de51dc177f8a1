"""The family record page: only the sections the user's role may read are loaded, and sensitive needs and
timeline events are left out of the queries for roles that may not see their details."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from wholefamily.web.accounts import audit
from wholefamily.web.accounts.models import AuditEntry
from wholefamily.web.casework import access
from wholefamily.web.casework.access import Section
from wholefamily.web.casework.family_access import acting_user, visible_family
from wholefamily.web.casework.journey import progress
from wholefamily.web.casework.models import SENSITIVE_HEADLINES, Evidence, Family, Need, Suggestion


@dataclass
class HeadlineGroup:
    headline: str
    label: str
    #: Empty when the details are restricted.
    needs: list[Need] = field(default_factory=list)
    restricted: bool = False


def _needs(family: Family, *, sensitive: bool, evidence: bool) -> list[HeadlineGroup]:
    needs = family.needs.all()
    groups: dict[str, HeadlineGroup] = {}
    if not sensitive:
        restricted = needs.filter(headline__in=SENSITIVE_HEADLINES).values_list("headline", "headline_label")
        for headline, label in restricted.distinct():
            groups[headline] = HeadlineGroup(headline, label, restricted=True)
        needs = needs.exclude(headline__in=SENSITIVE_HEADLINES)
    needs = needs.prefetch_related("people")
    if evidence:
        needs = needs.prefetch_related(Prefetch("evidence", Evidence.objects.select_related("person")))
    for need in needs:
        groups.setdefault(need.headline, HeadlineGroup(need.headline, need.headline_label)).needs.append(need)
    return sorted(groups.values(), key=lambda group: group.label)


def load_sections(family: Family, sections: frozenset[Section], *, sensitive: bool) -> dict[str, Any]:
    """The rows of each section the role may read; sections it may not read are absent."""
    loaded: dict[str, Any] = {}
    if Section.MEMBERS in sections:
        loaded["memberships"] = list(
            family.memberships.select_related("person").order_by(
                F("end_date").desc(nulls_first=True), F("person__date_of_birth").asc(nulls_last=True)
            )
        )
    if Section.NEEDS in sections:
        loaded["needs"] = _needs(family, sensitive=sensitive, evidence=Section.EVIDENCE in sections)
        if sensitive and Section.MEMBERS in sections:
            # Suggestions name people and needs (sensitive ones too), so only roles that see both read them.
            loaded["suggestions"] = list(family.suggestions.filter(status=Suggestion.Status.PENDING))
    if Section.TIMELINE in sections:
        events = family.timeline.select_related("person", "recorded_by")
        loaded["timeline"] = list(events if sensitive else events.filter(sensitive=False))
    if Section.TEAM in sections:
        loaded["team_members"] = list(
            family.team_members.select_related("practitioner").order_by(
                F("end_date").desc(nulls_first=True), "start_date", "pk"
            )
        )
    if Section.CONSENT in sections:
        loaded["consents"] = list(family.consents.select_related("given_by"))
    return loaded


def family_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    family = visible_family(
        request, pk, access.families_for(user).select_related("team", "lead_practitioner")
    )
    sections = access.sections_for(user)
    today = dt.date.today()
    context: dict[str, Any] = {
        "title": f"Family {family.reference}",
        "family": family,
        "sections": {str(section) for section in sections},
        "today": today,
        "referred_on": timezone.localdate(family.created_at),
        "may_allocate": access.may_allocate(user, family),
        "may_edit": access.may_edit_team_and_consent(user, family),
        "may_read_audit": access.may_read_audit(user),
        **load_sections(family, sections, sensitive=access.sees_sensitive(user)),
    }
    if Section.JOURNEY in sections:
        links = progress.links(
            family,
            triage=user.role in access.TRIAGES,
            allocate=context["may_allocate"],
            consent=context["may_edit"],
        )
        context["journey"] = progress.tasks(family, today, links)
    audit.record(
        user,
        AuditEntry.Action.VIEW,
        request=request,
        obj=family,
        family_id=family.pk,
        summary=f"Viewed family {family.reference}",
        detail={"sections": sorted(context["sections"])},
    )
    return render(request, "casework/family_detail.html", context)
