"""Keeping one casework table in step with a publish extract: the load -> compare -> suggest-or-apply shape
every table of ``publish.py`` shares, written once. Each table is a ``Table``: a declaration of its rows,
the extract's records and its rules; ``sync`` does the rest.

``sync`` pairs the records with the rows on their key:

- a record without a row becomes a new row;
- a row whose values differ from its record's is updated, when publish may change it (``may_update``);
- a row without a record goes when it is publish's to remove (``goes``): it is deleted, or changed by
  ``retire`` (a membership ends, a family out of scope takes the identify run's standing);
- in a table that ``suggests``, a family with a lead practitioner keeps its rows as they are: its additions
  and removals become suggestions for the keyworker instead.

It writes with a few bulk queries per table however many rows there are (through django-simple-history, with
the publish as the reason, for a table with ``history``), and counts each change under its family.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db import models
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from wholefamily.web.casework.models import Family

K = TypeVar("K", bound=Hashable)
R = TypeVar("R")
M = TypeVar("M", bound=models.Model)


def differs(obj: models.Model, values: dict[str, Any]) -> bool:
    """Set ``values`` on ``obj``; True when any was different."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def chunks(items: Sequence[int], size: int = 500) -> Iterable[Sequence[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _always(row: Any) -> bool:
    return True


def _never(row: Any) -> bool:
    return False


@dataclass(frozen=True)
class Counts:
    """The names a table's new, updated and departed rows are counted under."""

    created: str
    updated: str
    gone: str = ""


@dataclass(frozen=True)
class Suggests(Generic[K, R, M]):
    """A table whose additions and removals, for a family with a lead practitioner, are suggested instead."""

    #: The family a key belongs to.
    family: Callable[[K], Family]
    #: Suggest the row a record would add.
    new: Callable[[Family, K, R], None]
    #: Suggest the removal of a row the extract no longer has.
    gone: Callable[[Family, K, M], None]

    def held(self, key: K) -> Family | None:
        """The family of ``key`` while its changes are suggested rather than made (it has a lead
        practitioner)."""
        family = self.family(key)
        return family if family.is_allocated else None


@dataclass(frozen=True)
class Table(Generic[K, R, M]):
    """One table as publish keeps it: its rows, the extract's records, and the rules of the two."""

    model: type[M]
    counts: Counts
    #: The extract's records by key, in the extract's order.
    records: Iterable[tuple[K, R]]
    #: The rows casework holds, by key.
    rows: dict[K, M]
    #: The fields publish writes, and their values from a record.
    fields: Sequence[str]
    values: Callable[[R], dict[str, Any]]
    #: What else a new row is made with: the fields of its key, and where it came from.
    new: Callable[[K, R], dict[str, Any]]
    #: The id of the family a row's change counts for (None for a new family: it has no id until written).
    family_of: Callable[[M], int | None]
    #: Whether publish may update a row (never one that people recorded or edited).
    may_update: Callable[[M], bool] = _always
    #: Whether a row the extract no longer has is publish's to remove.
    goes: Callable[[M], bool] = _never
    #: Instead of deleting such a row, change it; True when it changed (then ``retire_fields`` are written).
    retire: Callable[[M], bool] | None = None
    retire_fields: Sequence[str] = ()
    suggests: Suggests[K, R, M] | None = None
    history: bool = False
    #: Instead of setting ``values``, update a row another way; True when it changed.
    update: Callable[[M, R], bool] | None = None

    def updated(self, row: M, record: R) -> bool:
        return self.update(row, record) if self.update else differs(row, self.values(record))


@dataclass(frozen=True)
class Synced(Generic[K, M]):
    #: The rows that stand for the extract's records now (existing and new), by key.
    kept: dict[K, M]
    #: The new rows, saved.
    created: list[M]


def sync(table: Table[K, R, M], count: Callable[[str, int], None], reason: str) -> Synced[K, M]:
    """Compare ``table``'s rows with the extract's records, write the difference (or suggest it), and
    ``count(name, family_id)`` each change as it is decided (a new family once it is written)."""

    def counted(name: str, row: M) -> bool:
        family_id = table.family_of(row)
        if family_id is not None:
            count(name, family_id)
        return family_id is not None

    new: list[M] = []
    uncounted: list[M] = []
    changed: list[M] = []
    retired: list[M] = []
    removed: list[M] = []
    kept: dict[K, M] = {}
    suggests = table.suggests
    for key, record in table.records:
        row = table.rows.get(key)
        held = suggests.held(key) if suggests else None
        if row is None and suggests and held is not None:
            suggests.new(held, key, record)
            continue
        if row is None:
            row = table.model(**table.new(key, record), **table.values(record))
            new.append(row)
            if not counted(table.counts.created, row):
                uncounted.append(row)
        elif held is None and table.may_update(row) and table.updated(row, record):
            changed.append(row)
            counted(table.counts.updated, row)
        kept[key] = row
    for key, row in table.rows.items():
        if key in kept or not table.goes(row):
            continue
        held = suggests.held(key) if suggests else None
        if suggests and held is not None:
            suggests.gone(held, key, row)
        elif table.retire is None:
            removed.append(row)
            counted(table.counts.gone, row)
        elif table.retire(row):
            retired.append(row)
            counted(table.counts.gone, row)
    created = _write(table, new, changed, retired, removed, reason)
    if uncounted:  # new families: counted once written, under the ids they got
        for row in created:
            counted(table.counts.created, row)
    return Synced(kept, created)


def _write(
    table: Table[K, R, M], new: list[M], changed: list[M], retired: list[M], removed: list[M], reason: str
) -> list[M]:
    model, manager = table.model, table.model._default_manager
    for rows, fields in ((retired, table.retire_fields), (changed, table.fields)):
        if rows and table.history:
            bulk_update_with_history(rows, model, list(fields), default_change_reason=reason)
        elif rows:
            manager.bulk_update(rows, list(fields))
    if table.history:
        created: list[M] = bulk_create_with_history(new, model, default_change_reason=reason)
    else:
        created = manager.bulk_create(new)
    for ids in chunks([row.pk for row in removed]):
        manager.filter(pk__in=ids).delete()
    return created
