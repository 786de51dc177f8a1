"""A family's audit log for coordinators: who saw or changed the record (audit entries) merged with what
changed in it (django-simple-history rows of the family, its memberships, team and consent), newest first.
``family_log`` reads it, paged by the page that shows it."""

from __future__ import annotations

import datetime as dt
import heapq
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, overload

from django.db import models
from django.db.models import QuerySet
from django.utils import timezone

from wholefamily.web.accounts.models import AuditEntry, Role
from wholefamily.web.casework.models import Consent, Family, Membership, TeamMember

_NOT_SHOWN = frozenset({"id", "family", "created_at", "updated_at", "recorded_at"})
_ROLES = dict(Role.choices)
_CHANGE = {"+": "Record created", "~": "Record changed", "-": "Record deleted"}


@dataclass(frozen=True)
class LogRow:
    at: dt.datetime
    who: str
    role: str
    action: str
    what: str
    channel: str


def _entry_row(entry: AuditEntry) -> LogRow:
    what = entry.summary or f"{entry.object_type} {entry.object_id}".strip()
    return LogRow(
        timezone.localtime(entry.at),
        entry.username or "Not signed in",
        _ROLES.get(entry.role, entry.role),
        entry.get_action_display(),
        what,
        entry.channel,
    )


def _subject(record: Any) -> str:
    """What a history row is about, in words."""
    if isinstance(record, Family.history.model):
        return f"Family {Family(pk=record.id).reference}"
    if isinstance(record, Membership.history.model):
        return f"Membership of {record.person}"
    if isinstance(record, TeamMember.history.model):
        return f"Team place of {record.practitioner}"
    return f"Consent {record.get_purpose_display().lower()}"


class _Names:
    """Names of the records foreign keys in history rows point to, fetched once per related model."""

    def __init__(self, records: list[Any], fields: list[models.Field[Any, Any]]) -> None:
        wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
        for field in fields:
            if field.is_relation and field.related_model is not None:
                for record in records:
                    wanted[field.related_model].add(getattr(record, field.attname))
        self._names = {
            model: {pk: str(obj) for pk, obj in model._default_manager.in_bulk(ids - {None}).items()}
            for model, ids in wanted.items()
        }

    def value(self, field: models.Field[Any, Any], record: Any) -> str:
        raw = getattr(record, field.attname)
        if raw is None or raw == "":
            return "–"
        if field.is_relation and field.related_model is not None:
            return self._names.get(field.related_model, {}).get(raw, str(raw))
        if field.choices:
            return str(dict(field.flatchoices).get(raw, raw))
        return str(raw)


def _history_rows(family: Family) -> list[LogRow]:
    """Every history row of the family and its memberships, team places and consents, as log rows with the
    fields each change touched. A family's history is short, so it is read whole."""
    histories: list[QuerySet[Any]] = [
        Family.history.filter(id=family.pk).select_related("history_user"),
        Membership.history.filter(family_id=family.pk).select_related("history_user", "person"),
        TeamMember.history.filter(family_id=family.pk).select_related("history_user", "practitioner"),
        Consent.history.filter(family_id=family.pk).select_related("history_user"),
    ]
    rows: list[LogRow] = []
    for history in histories:
        records = list(history.order_by("id", "history_date", "history_id"))
        if not records:
            continue
        fields = [f for f in records[0].tracked_fields if f.name not in _NOT_SHOWN]
        names = _Names(records, fields)
        previous: Any = None
        for record in records:
            if previous is None or previous.id != record.id:
                previous = None
            what = _subject(record)
            if record.history_type == "~" and previous is not None:
                changes = [
                    f"{str(f.verbose_name).capitalize()}: {names.value(f, previous)} → {names.value(f, record)}"
                    for f in fields
                    if getattr(previous, f.attname) != getattr(record, f.attname)
                ]
                what += ": " + "; ".join(changes) if changes else " saved without changes"
            user = record.history_user
            rows.append(
                LogRow(
                    timezone.localtime(record.history_date),
                    user.username if user else "System",
                    user.get_role_display() if user else "",
                    _CHANGE.get(record.history_type, record.history_type),
                    what,
                    "",
                )
            )
            previous = record
    rows.sort(key=lambda row: row.at, reverse=True)
    return rows


class MergedLog(Sequence[LogRow]):
    """Audit entries (paged in the database) merged with the history rows, newest first, for the paginator."""

    def __init__(self, entries: QuerySet[AuditEntry], changes: list[LogRow]) -> None:
        self.entries = entries
        self.changes = changes
        self._count: int | None = None

    def __len__(self) -> int:
        if self._count is None:
            self._count = self.entries.count() + len(self.changes)
        return self._count

    @overload
    def __getitem__(self, index: int) -> LogRow: ...
    @overload
    def __getitem__(self, index: slice) -> list[LogRow]: ...
    def __getitem__(self, index: int | slice) -> LogRow | list[LogRow]:
        if isinstance(index, int):
            return self[index : index + 1][0]
        stop = index.stop if index.stop is not None else len(self)
        entries = (_entry_row(entry) for entry in self.entries[:stop])
        merged: Iterator[LogRow] = heapq.merge(entries, self.changes, key=lambda row: row.at, reverse=True)
        return list(merged)[index.start or 0 : stop]


def family_log(family: Family) -> MergedLog:
    """The family's audit log: its audit entries (read a page at a time) merged with its history rows."""
    entries = AuditEntry.objects.filter(family_id=family.pk).order_by("-at", "-id")
    return MergedLog(entries, _history_rows(family))
