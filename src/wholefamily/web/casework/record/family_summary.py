"""The few lines at the top of the family page: the needs in words, what happens next, and who is working with
the family. Each part is read only when the role reads the section it comes from, and the plan's actions
through ``access.without_sensitive``, as everywhere else."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from wholefamily.web.accounts.models import User
from wholefamily.web.casework import access
from wholefamily.web.casework.access import Section
from wholefamily.web.casework.journey.front_door.dashboard import case_dates
from wholefamily.web.casework.models import Family, PlanAction, PlanGoal, TafMeeting, TeamMember
from wholefamily.web.casework.needs import HeadlineGroup

#: How many of the plan's next actions the summary names.
NEXT_ACTIONS = 3


@dataclass(frozen=True)
class NeedLine:
    headline: str
    #: What the needs under the headline are, in words; empty when restricted.
    needs: list[str]
    restricted: bool


@dataclass
class Summary:
    needs: list[NeedLine] | None = None
    actions: list[PlanAction] | None = None
    review_due: dt.date | None = None
    next_meeting: dt.date | None = None
    team_around: list[TeamMember] = field(default_factory=list)


def _next_actions(user: User, family: Family) -> list[PlanAction]:
    actions = PlanAction.objects.filter(goal__family=family, goal__status=PlanGoal.Status.OPEN).exclude(
        progress=PlanAction.Progress.DONE
    )
    return list(access.without_sensitive(user, actions).order_by("due_on", "pk")[:NEXT_ACTIONS])


def summary(
    user: User,
    family: Family,
    sections: frozenset[Section],
    needs: list[HeadlineGroup] | None,
    team_members: list[TeamMember] | None,
) -> Summary:
    """What the summary shows ``user``, from the sections already loaded for the page and a few small queries."""
    found = Summary()
    if needs is not None:
        found.needs = [
            NeedLine(group.label, sorted({n.descriptor_label for n in group.needs}), group.restricted)
            for group in needs
        ]
    if Section.PLAN in sections:
        found.actions = _next_actions(user, family)
    if Section.JOURNEY in sections:
        if family.status == Family.Status.OPEN:
            found.review_due = case_dates([family])[family.pk].review_due
        latest = TafMeeting.objects.filter(family=family).order_by("-held_on", "-pk").first()
        found.next_meeting = latest.next_meeting_on if latest else None
    if team_members is not None:
        found.team_around = [m for m in team_members if m.end_date is None]
    return found
