"""A family's record as a user may read it, for the family page and the API alike, so both apply the same rules
in the same queries: sections the role may not read are never queried, and sensitive needs (headline only)
and timeline events (left out) are filtered in the database."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import F

from wholefamily.web.accounts.models import User
from wholefamily.web.casework import access
from wholefamily.web.casework.access import Section
from wholefamily.web.casework.models import Consent, Family, Membership, Suggestion, TeamMember, TimelineEvent
from wholefamily.web.casework.need_outcomes import outcomes_over_time
from wholefamily.web.casework.needs import HeadlineGroup, needs_by_headline


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
        loaded["needs"] = needs_by_headline(
            family, sensitive=sensitive, evidence=Section.EVIDENCE in sections
        )
        if sensitive and Section.MEMBERS in sections:
            # Suggestions name people and needs (sensitive ones too), so only roles that see both read them.
            loaded["suggestions"] = list(family.suggestions.filter(status=Suggestion.Status.PENDING))
    if Section.TIMELINE in sections:
        events = family.timeline.select_related("person", "recorded_by")
        loaded["timeline"] = list(
            events if sensitive else events.exclude(access.sensitive_records(TimelineEvent))
        )
    if Section.TEAM in sections:
        loaded["team_members"] = list(
            family.team_members.select_related("practitioner").order_by(
                F("end_date").desc(nulls_first=True), "start_date", "pk"
            )
        )
    if Section.CONSENT in sections:
        loaded["consents"] = list(family.consents.select_related("given_by"))
    if Section.OUTCOMES in sections:
        loaded["outcomes"] = outcomes_over_time(family, sensitive=sensitive)
    return loaded


@dataclass(frozen=True)
class FamilyRecord:
    """The family and the rows of each section the role may read; None for a section it may not."""

    family: Family
    sections: frozenset[Section]
    members: list[Membership] | None
    needs: list[HeadlineGroup] | None
    timeline: list[TimelineEvent] | None
    team: list[TeamMember] | None
    consent: list[Consent] | None


def load_record(family: Family, user: User) -> FamilyRecord:
    """Read ``family`` (already taken from ``access.families_for(user)``) for ``user``."""
    sections = access.sections_for(user)
    loaded = load_sections(family, sections, sensitive=access.sees_sensitive(user))
    return FamilyRecord(
        family=family,
        sections=sections,
        members=loaded.get("memberships"),
        needs=loaded.get("needs"),
        timeline=loaded.get("timeline"),
        team=loaded.get("team_members"),
        consent=loaded.get("consents"),
    )
