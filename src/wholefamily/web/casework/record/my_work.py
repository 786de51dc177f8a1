"""My work: what is due in the families a worker leads, in date order, grouped Overdue, This week (today to
seven days on) and Later: open plan actions, the next six-weekly review and the next team around the family
meeting, and what other parts of the service register (``register_source``: supervision and case audits). A
keyworker sees the families they lead; a team manager and a coordinator (the roles that allocate)
see the families led by the workers they manage (``workers_for``), one worker at a time if they choose.

Families come from ``access.families_for`` only; plan actions are read through ``access.without_sensitive``.
A review is due on the dashboard's date (``case_dates``), so both agree on which reviews are overdue."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import OuterRef, QuerySet, Subquery

from wholefamily.web.accounts.models import User
from wholefamily.web.casework import access
from wholefamily.web.casework.journey.front_door.caseload import HELD, workers_for
from wholefamily.web.casework.journey.front_door.dashboard import case_dates
from wholefamily.web.casework.models import Family, PlanAction, PlanGoal, TafMeeting

#: Days after today that still count as "this week" (today + 7 is this week, today + 8 is later).
WEEK_DAYS = 7

OVERDUE = "Overdue"
THIS_WEEK = "This week"
LATER = "Later"
GROUPS = (OVERDUE, THIS_WEEK, LATER)

ACTION = "Plan action"
REVIEW = "Six-weekly review"
MEETING = "Team around the family meeting"


@dataclass(frozen=True)
class Item:
    """One thing due. ``family_id`` is None for work about no family (a supervision session), which links to
    ``link`` (the record it comes from) under the words ``family_reference``."""

    due_on: dt.date
    kind: str
    what: str
    family_id: int | None
    family_reference: str
    worker: str
    link: str = ""


#: Further items of a user's work (the user, today, the worker a manager chose or None).
Source = Callable[[User, dt.date, "User | None"], Iterable[Item]]
_SOURCES: list[Source] = []


def register_source(source: Source) -> None:
    """Add ``source``'s items to every user's work (once, however often an app registers it)."""
    if source not in _SOURCES:
        _SOURCES.append(source)


@dataclass
class MyWork:
    #: Each group's items in date order, by group name (every group present, perhaps empty).
    groups: dict[str, list[Item]] = field(default_factory=lambda: {group: [] for group in GROUPS})
    families: list[int] = field(default_factory=list)

    def count(self, group: str) -> int:
        return len(self.groups[group])


def group_of(due_on: dt.date, today: dt.date) -> str:
    if due_on < today:
        return OVERDUE
    return THIS_WEEK if due_on <= today + dt.timedelta(days=WEEK_DAYS) else LATER


def may_see_team_work(user: User) -> bool:
    """Whether ``user`` sees other workers' work (and may filter by worker): the roles that allocate."""
    return access.may_view_caseloads(user)


def families_led(user: User, worker: User | None = None) -> QuerySet[Family]:
    """The held families whose work ``user`` sees: their own as lead practitioner, or (for a manager) those led
    by the workers they manage, or by ``worker`` alone when given (one of them)."""
    families = access.families_for(user).filter(status__in=HELD, lead_practitioner__isnull=False)
    if not may_see_team_work(user):
        return families.filter(lead_practitioner=user)
    if worker is not None:
        return families.filter(lead_practitioner=worker)
    return families.filter(lead_practitioner__in=workers_for(user))


def _items(user: User, families: list[Family]) -> Iterable[Item]:
    by_pk = {f.pk: f for f in families}

    def item(due_on: dt.date, kind: str, what: str, family_id: int) -> Item:
        family = by_pk[family_id]
        return Item(due_on, kind, what, family_id, family.reference, str(family.lead_practitioner))

    actions = access.without_sensitive(
        user,
        PlanAction.objects.filter(goal__family__in=list(by_pk), goal__status=PlanGoal.Status.OPEN).exclude(
            progress=PlanAction.Progress.DONE
        ),
    )
    for due_on, text, owner, family_id in actions.values_list("due_on", "action", "owner", "goal__family_id"):
        yield item(due_on, ACTION, f"{text} ({owner})" if owner else text, family_id)
    open_cases = [f for f in families if f.status == Family.Status.OPEN]
    for pk, dates in case_dates(open_cases).items():
        yield item(dates.review_due, REVIEW, "Review the family's progress", pk)
    latest = TafMeeting.objects.filter(family=OuterRef("pk")).order_by("-held_on", "-pk")
    meetings = Family.objects.filter(pk__in=list(by_pk)).annotate(
        next_on=Subquery(latest.values("next_meeting_on")[:1])
    )
    for pk, next_on in meetings.filter(next_on__isnull=False).values_list("pk", "next_on"):
        yield item(next_on, MEETING, "Hold the next meeting", pk)


def my_work(user: User, today: dt.date, worker: User | None = None) -> MyWork:
    """What is due for ``user`` (or, for a manager, for ``worker``), grouped and in date order."""
    families = list(families_led(user, worker).select_related("lead_practitioner").order_by("id"))
    work = MyWork(families=[f.pk for f in families])
    found_items = [*_items(user, families), *(i for source in _SOURCES for i in source(user, today, worker))]
    for found in sorted(found_items, key=lambda i: (i.due_on, i.family_reference, i.kind)):
        work.groups[group_of(found.due_on, today)].append(found)
    return work
