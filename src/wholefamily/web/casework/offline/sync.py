"""Sending what was recorded offline, safely: each change carries an idempotency key (so a retry never records
it twice) and an edit of a field carries the value the offline copy held (so a value changed on the server
since is never overwritten silently: the sender gets both values, and chooses).

New contacts and notes never conflict; a plan action's progress does when the server's value is neither the
copy's nor the one sent."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest

from wholefamily.web.accounts.models import User
from wholefamily.web.casework.journey.assessment import plan
from wholefamily.web.casework.journey.work import case_notes
from wholefamily.web.casework.models import CaseNote, Family, OfflineReceipt, PlanAction
from wholefamily.web.casework.offline.copies import action_version


class KeyReused(ValueError):
    """The idempotency key was used for another change (another family or kind of change)."""


class Conflict(Exception):
    """The field was changed on the server since the copy was taken, to a value other than the one sent."""

    def __init__(self, field: str, yours: str, server: dict[str, Any]) -> None:
        super().__init__(f"{field} was changed on the server")
        self.field, self.yours, self.server = field, yours, server


def _once(
    user: User, key: uuid.UUID, family: Family, kind: str, record: Callable[[], int]
) -> tuple[int, bool]:
    """Run ``record`` (which returns the id of the row it recorded or changed) once per ``key``: the id and
    True the first time; the first time's id and False on a retry."""

    def receipt() -> OfflineReceipt | None:
        found = OfflineReceipt.objects.filter(user=user, key=key).first()
        if found is not None and (found.family_id != family.pk or found.kind != kind):
            raise KeyReused("This key was already used for another change.")
        return found

    done = receipt()
    if done is not None:
        return done.record_id, False
    try:
        with transaction.atomic():
            record_id = record()
            OfflineReceipt.objects.create(user=user, key=key, family=family, kind=kind, record_id=record_id)
    except IntegrityError:  # the same key sent twice at once: the other send recorded it
        done = receipt()
        if done is None:
            raise
        return done.record_id, False
    return record_id, True


def send_note(
    request: HttpRequest | None, user: User, family: Family, key: uuid.UUID, data: dict[str, Any]
) -> tuple[CaseNote, bool]:
    """Record a contact or note made offline (``data`` as ``case_notes.add_note`` takes it), once per key."""
    note_id, created = _once(
        user,
        key,
        family,
        OfflineReceipt.Kind.NOTE,
        lambda: case_notes.add_note(request, user, family, **data).pk,
    )
    return CaseNote.objects.get(pk=note_id), created


def send_progress(
    request: HttpRequest | None,
    user: User,
    action: PlanAction,
    key: uuid.UUID,
    *,
    progress: str,
    base: str,
    note: str = "",
) -> tuple[PlanAction, bool]:
    """Set ``action``'s progress to ``progress``, made offline on a copy that held ``base``, once per key.
    Raises ``Conflict`` if the server's value has changed since to another than ``progress``: to keep theirs,
    the sender sends again with the server's value as ``base``."""
    family = action.goal.family

    def change() -> int:
        current = PlanAction.objects.select_for_update().select_related("goal__family").get(pk=action.pk)
        if current.progress not in (base, progress):
            raise Conflict(
                "progress",
                progress,
                {
                    "value": current.progress,
                    "label": current.get_progress_display(),
                    **action_version(current),
                },
            )
        plan.set_progress(current, progress, user, request, note=note)
        return current.pk

    action_id, changed = _once(user, key, family, OfflineReceipt.Kind.PROGRESS, change)
    return PlanAction.objects.get(pk=action_id), changed
