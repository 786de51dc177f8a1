"""Offline copies: taking one (the family page's "Keep for offline use"), the copy's contents as the user may
read them, and its expiry, which the server enforces as well as the browser.

The contents come from the same code as the family page and the plan page (``load_sections``,
``family_summary``, ``plan.readable_goals``), so the copy holds nothing the user could not read online, and
sensitive records follow the same rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from wholefamily.web.accounts import audit
from wholefamily.web.accounts.models import AuditEntry, User
from wholefamily.web.casework import access
from wholefamily.web.casework.access import Section
from wholefamily.web.casework.journey.assessment import plan
from wholefamily.web.casework.journey.work import meetings
from wholefamily.web.casework.models import CaseNote, Family, OfflineCopy, PlanAction
from wholefamily.web.casework.record import family_summary
from wholefamily.web.casework.record.family_record import load_sections

#: How long a copy may be used: three days covers a run of visits; after that the browser deletes it and the
#: server refuses to hand it out again until the keyworker takes a new one.
LIFETIME = dt.timedelta(hours=72)


def take(request: HttpRequest, user: User, family: Family) -> OfflineCopy:
    """Mark ``family`` (one ``access.may_keep_offline`` allows) for offline use by ``user``, for ``LIFETIME``
    from now; taking it again renews it."""
    now = timezone.now()
    copy, _ = OfflineCopy.objects.update_or_create(
        user=user, family=family, defaults={"taken_at": now, "expires_at": now + LIFETIME}
    )
    audit.record(
        user,
        AuditEntry.Action.CREATE,
        request=request,
        obj=copy,
        family_id=family.pk,
        summary=f"Kept family {family.reference} for offline use until {copy.until_words()}",
    )
    return copy


def live_copies(user: User) -> list[OfflineCopy]:
    """The user's copies not yet expired, of families they may still keep offline."""
    copies = OfflineCopy.objects.filter(user=user, expires_at__gt=timezone.now()).select_related("family")
    return [copy for copy in copies if access.may_keep_offline(user, copy.family)]


def end_all(user: User) -> None:
    """End the user's copies now (signing out); the rows stay, with when they were taken, for the record."""
    now = timezone.now()
    OfflineCopy.objects.filter(user=user, expires_at__gt=now).update(expires_at=now)


def live_copy(user: User, family: Family) -> OfflineCopy | None:
    return OfflineCopy.objects.filter(user=user, family=family, expires_at__gt=timezone.now()).first()


def action_version(action: PlanAction) -> dict[str, Any]:
    """The action's version (its latest history row) and who changed it last, and when."""
    latest = action.history.select_related("history_user").order_by("-history_id").first()
    if latest is None:
        return {"version": 0, "changed_by": str(action.recorded_by or ""), "changed_at": action.recorded_at}
    return {
        "version": latest.history_id,
        "changed_by": str(latest.history_user or "someone else"),
        "changed_at": latest.history_date,
    }


def contents(user: User, family: Family, copy: OfflineCopy) -> dict[str, Any]:
    """What the offline copy holds: the family summary, the plan (each action with its version) and what the
    contact form offers."""
    sections = access.sections_for(user)
    sensitive = access.sees_sensitive(user)
    loaded = load_sections(family, sections, sensitive=sensitive)
    summary = family_summary.summary(user, family, sections, loaded.get("needs"), loaded.get("team_members"))
    goals, restricted = plan.readable_goals(user, family)
    members = meetings.members(family) if Section.MEMBERS in sections else []
    return {
        "family": {"id": family.pk, "reference": family.reference, "status": family.get_status_display()},
        "taken_at": copy.taken_at,
        "expires_at": copy.expires_at,
        "summary": {
            "needs": [
                {"headline": line.headline, "needs": line.needs, "restricted": line.restricted}
                for line in summary.needs or []
            ],
            "next_actions": [
                {"action": a.action, "owner": a.owner, "due_on": a.due_on} for a in summary.actions or []
            ],
            "review_due": summary.review_due,
            "next_meeting": summary.next_meeting,
            "team_around": [str(member.practitioner) for member in summary.team_around],
        },
        "members": [{"id": person.pk, "name": person.full_name} for person in members],
        "plan": {
            "goals": [
                {
                    "id": goal.pk,
                    "headline": label,
                    "goal": goal.goal,
                    "status": goal.get_status_display(),
                    "actions": [
                        {
                            "id": action.pk,
                            "action": action.action,
                            "owner": action.owner,
                            "due_on": action.due_on,
                            "progress": action.progress,
                            "progress_label": action.get_progress_display(),
                            "may_update": access.may_update_action(user, action),
                            **action_version(action),
                        }
                        for action in goal.actions.all()
                    ],
                }
                for label, goal in goals
            ],
            "restricted_headlines": restricted,
        },
        "note_kinds": [{"value": value, "label": label} for value, label in CaseNote.Kind.choices],
        "progress_choices": [
            {"value": value, "label": label} for value, label in PlanAction.Progress.choices
        ],
        "may_mark_sensitive": sensitive,
    }
