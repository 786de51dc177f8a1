"""One family's record as a user may read it, loaded by the family page's own loader so the API and the pages
apply the same rules in the same queries: sections the role may not read are never queried, and sensitive
needs (headline only) and timeline events (left out) are filtered in the database."""

from __future__ import annotations

from dataclasses import dataclass

from wholefamily.web.accounts.models import User
from wholefamily.web.casework import access, family_page
from wholefamily.web.casework.access import Section
from wholefamily.web.casework.models import Consent, Family, Membership, TeamMember, TimelineEvent


@dataclass(frozen=True)
class FamilyRecord:
    """The family and the rows of each section the role may read; None for a section it may not."""

    family: Family
    sections: frozenset[Section]
    members: list[Membership] | None
    needs: list[family_page.HeadlineGroup] | None
    timeline: list[TimelineEvent] | None
    team: list[TeamMember] | None
    consent: list[Consent] | None


def load(family: Family, user: User) -> FamilyRecord:
    """Read ``family`` (already taken from ``access.families_for(user)``) for ``user``."""
    sections = access.sections_for(user)
    loaded = family_page.load_sections(family, sections, sensitive=access.sees_sensitive(user))
    return FamilyRecord(
        family=family,
        sections=sections,
        members=loaded.get("memberships"),
        needs=loaded.get("needs"),
        timeline=loaded.get("timeline"),
        team=loaded.get("team_members"),
        consent=loaded.get("consents"),
    )
