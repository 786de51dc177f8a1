"""Feedback at closure: four questions answered on one fixed scale, and anything else in the family's words.

A practitioner enters a paper form, or makes a one-time link for the family. The link carries a token signed
with the site's secret key that names the link's row and nothing else; it works until it expires
(``LINK_DAYS``) and only once. The page it opens shows only the questions: no name, no reference, nothing
about the family."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core import signing
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from wholefamily.web.accounts import audit
from wholefamily.web.accounts.models import AuditEntry, User
from wholefamily.web.casework.journey.recording import record_step
from wholefamily.web.casework.models import Closure, ClosureFeedback, Family, FeedbackLink
from wholefamily.web.casework.timeline import add_casework_event

LINK_DAYS = 28
_SALT = "wholefamily.closure-feedback"

#: The questions, by the field that holds the answer, in the family's plain words.
QUESTIONS: dict[str, str] = {
    "helped": "Has the support helped your family?",
    "listened": "Did you feel listened to?",
    "plan_was_ours": "Did your family plan include what mattered to you?",
    "coping_better": "Do you feel more able to manage things now?",
}


class LinkRefused(Exception):
    """The link is not one we made, has expired, or has been used. The message is safe to show anyone."""


def latest_closure(family: Family) -> Closure | None:
    return family.closures.order_by("-closed_on", "-pk").first()


def make_link(family: Family, closure: Closure, user: User, request: HttpRequest | None = None) -> str:
    """A new one-time link's token for the family to answer on."""
    link = FeedbackLink.objects.create(
        family=family,
        closure=closure,
        created_by=user,
        expires_at=timezone.now() + dt.timedelta(days=LINK_DAYS),
    )
    audit.record(
        user,
        AuditEntry.Action.CREATE,
        request=request,
        obj=link,
        family_id=family.pk,
        summary=f"Made a closure feedback link for {family.reference}",
        detail={"expires_at": link.expires_at.isoformat()},
    )
    return signing.dumps(link.pk, salt=_SALT)


def open_link(token: str) -> FeedbackLink:
    """The link a token names, if it may still be answered."""
    try:
        pk = signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        raise LinkRefused("This link is not recognised. Ask your practitioner for a new one.") from None
    link = FeedbackLink.objects.select_related("family", "closure").filter(pk=pk).first()
    if link is None:
        raise LinkRefused("This link is not recognised. Ask your practitioner for a new one.")
    if link.used_at is not None:
        raise LinkRefused("This link has already been used. Thank you for your answers.")
    if not link.usable:
        raise LinkRefused("This link has expired. Ask your practitioner for a new one.")
    return link


def _row(family: Family, closure: Closure, answered_on: dt.date, data: Mapping[str, Any]) -> ClosureFeedback:
    return ClosureFeedback(
        family=family,
        closure=closure,
        answered_on=answered_on,
        comments=str(data.get("comments") or "").strip(),
        **{field: data[field] for field in QUESTIONS},
    )


def record_paper(
    family: Family,
    closure: Closure,
    user: User,
    answered_on: dt.date,
    data: Mapping[str, Any],
    request: HttpRequest | None = None,
) -> ClosureFeedback:
    """A paper form's answers, entered by ``user``."""
    with transaction.atomic():
        row = _row(family, closure, answered_on, data)
        row.channel = ClosureFeedback.Channel.PAPER
        row.recorded_by = user
        row.save()
        record_step(request, user, family, row, kind="closure", title="Closure feedback entered from paper")
    return row


def record_from_link(link: FeedbackLink, data: Mapping[str, Any]) -> ClosureFeedback:
    """The family's answers through ``link``, which is used up. Audited as the family's own entry (without the
    request's path, which holds the token)."""
    with transaction.atomic():
        locked = FeedbackLink.objects.select_for_update().get(pk=link.pk)
        if not locked.usable:
            raise LinkRefused("This link has already been used or has expired.")
        locked.used_at = timezone.now()
        locked.save(update_fields=["used_at"])
        row = _row(link.family, link.closure, timezone.localdate(), data)
        row.channel = ClosureFeedback.Channel.LINK
        row.link = locked
        row.save()
        add_casework_event(link.family, None, "closure", "The family gave their feedback through their link")
        audit.record(
            None,
            AuditEntry.Action.CREATE,
            channel="web",
            obj=row,
            family_id=link.family_id,
            summary=f"The family answered the closure feedback through their link ({link.family.reference})",
            detail={"link": link.pk},
        )
    return row
