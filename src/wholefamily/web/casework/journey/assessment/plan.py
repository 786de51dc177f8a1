"""The family plan: goals, each for one identified need or for a whole headline of the family's needs, and
actions with an owner, a due date and progress. The plan shows every identified need that has no goal yet
(``needs.needs_without_goal``), so nothing found is left unplanned."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.http import HttpRequest

from wholefamily.web.accounts.models import User
from wholefamily.web.casework import access
from wholefamily.web.casework.journey.recording import record_step
from wholefamily.web.casework.journey.transitions import check_open_work
from wholefamily.web.casework.models import (
    SENSITIVE_HEADLINES,
    Family,
    Need,
    PlanAction,
    PlanActionNote,
    PlanGoal,
)
from wholefamily.web.casework.needs import headline_labels

WHAT = "the family plan"


def readable_goals(user: User, family: Family) -> tuple[list[tuple[str, PlanGoal]], list[str]]:
    """The plan's goals ``user`` may read, each with its headline's label, and the labels of those restricted
    (the plan page, its print and the offline copy)."""
    goals = family.plan_goals.select_related("need").prefetch_related("actions__notes__recorded_by")
    labels = headline_labels(family)
    restricted: list[str] = []
    if not access.sees_sensitive(user):
        restricted = sorted(
            {
                labels.get(h, h)
                for h in goals.filter(headline__in=SENSITIVE_HEADLINES).values_list("headline", flat=True)
            }
        )
        goals = goals.exclude(headline__in=SENSITIVE_HEADLINES)
    return [(labels.get(g.headline, g.headline), g) for g in goals], restricted


def add_goal(
    family: Family,
    headline: str,
    goal: str,
    user: User,
    request: HttpRequest | None = None,
    *,
    need: Need | None = None,
    family_words: str = "",
    child_view: str = "",
) -> PlanGoal:
    """A goal for ``need`` (one of the family's, under ``headline``), or for the whole headline without one;
    with what the family want in their own words and the child's view, where given."""
    check_open_work(family, WHAT)
    if need is not None and (need.family_id != family.pk or need.headline != headline):
        raise ValueError(f"need {need.pk} is not under {headline} in family {family.pk}")
    label = headline_labels(family).get(headline, headline)
    with transaction.atomic():
        row = PlanGoal.objects.create(
            family=family,
            headline=headline,
            need=need,
            goal=goal,
            family_words=family_words,
            child_view=child_view,
            recorded_by=user,
        )
        record_step(request, user, family, row, kind="plan", title=f"Plan: goal added for {label}")
    return row


def set_goal_status(goal: PlanGoal, status: str, user: User, request: HttpRequest | None = None) -> None:
    check_open_work(goal.family, WHAT)
    with transaction.atomic():
        goal.status = status
        goal.save(update_fields=["status"])
        record_step(
            request,
            user,
            goal.family,
            goal,
            kind="plan",
            title=f"Plan: goal marked {goal.get_status_display().lower()}",
            created=False,
        )


def add_action(
    goal: PlanGoal,
    action: str,
    owner: str,
    due_on: dt.date,
    user: User,
    request: HttpRequest | None = None,
    owner_user: User | None = None,
) -> PlanAction:
    """``owner_user``: the practitioner who owns the action, if one does (they may then update it)."""
    check_open_work(goal.family, WHAT)
    with transaction.atomic():
        row = PlanAction.objects.create(
            goal=goal, action=action, owner=owner, owner_user=owner_user, due_on=due_on, recorded_by=user
        )
        record_step(request, user, goal.family, row, kind="plan", title=f"Plan: action added for {owner}")
    return row


def set_progress(
    action: PlanAction, progress: str, user: User, request: HttpRequest | None = None, note: str = ""
) -> None:
    """Set ``action``'s progress, with a progress ``note`` kept beside it if one is given."""
    family = action.goal.family
    check_open_work(family, WHAT)
    with transaction.atomic():
        action.progress = progress
        action.save(update_fields=["progress"])
        if note:
            PlanActionNote.objects.create(action=action, progress=progress, note=note, recorded_by=user)
        record_step(
            request,
            user,
            family,
            action,
            kind="plan",
            title=f"Plan: action {action.get_progress_display().lower()}",
            created=False,
            detail={"progress": progress, "note_added": bool(note)},
        )
