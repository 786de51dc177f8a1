"""Data managers' decisions, kept apart from the data and re-applied on every run.

One SQLite file per workspace (``DIR/decisions.sqlite``) holds every manual correction: link decisions
("same person", "not the same person", keyed by a pair of person-mention keys) and family decisions
("move this person to that family", "these are two families"), and restrictions of processing (a person's
data held but not used, keyed by their person-mention keys so that it follows them through relinking).
Rebuilding the warehouse never touches
it; the command line and, later, the web review both write here. Nothing is deleted: a decision is
withdrawn, with who and when, and stays in the history.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from wholefamily.errors import WholefamilyError

LinkVerdict = Literal["same", "not_same"]
FamilyAction = Literal["move_person", "remove_person", "split_family", "merge_families"]

_SCHEMA = """
create table if not exists link_decisions (
    id integer primary key,
    left_key text not null,
    right_key text not null,
    verdict text not null check (verdict in ('same', 'not_same')),
    reason text not null default '',
    decided_by text not null,
    decided_at text not null,
    withdrawn_by text,
    withdrawn_at text,
    check (left_key < right_key)
);
create index if not exists link_decisions_pair on link_decisions (left_key, right_key);
create table if not exists family_decisions (
    id integer primary key,
    action text not null
        check (action in ('move_person', 'remove_person', 'split_family', 'merge_families')),
    details text not null,
    reason text not null default '',
    decided_by text not null,
    decided_at text not null,
    withdrawn_by text,
    withdrawn_at text
);
create table if not exists restrictions (
    id integer primary key,
    person_id text not null,
    mention_keys text not null,
    reason text not null,
    decided_by text not null,
    decided_at text not null,
    withdrawn_by text,
    withdrawn_at text,
    withdrawn_reason text
);
"""


class DecisionError(WholefamilyError):
    """A decision that cannot be recorded or withdrawn as asked."""


@dataclass(frozen=True)
class LinkDecision:
    id: int
    left_key: str
    right_key: str
    verdict: LinkVerdict
    reason: str
    decided_by: str
    decided_at: str


@dataclass(frozen=True)
class FamilyDecision:
    id: int
    action: FamilyAction
    details: dict[str, str]
    reason: str
    decided_by: str
    decided_at: str


@dataclass(frozen=True)
class Restriction:
    """Processing of a person restricted: ``mention_keys`` are their records when it was decided."""

    id: int
    person_id: str
    mention_keys: tuple[str, ...]
    reason: str
    decided_by: str
    decided_at: str


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class DecisionStore:
    """The decisions file of one workspace."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        con = sqlite3.connect(self.path)
        try:
            con.executescript(_SCHEMA)
            with con:
                yield con
        finally:
            con.close()

    def decide_link(
        self, key_a: str, key_b: str, verdict: LinkVerdict, *, by: str, reason: str = ""
    ) -> LinkDecision:
        """Record that two person mentions are (or are not) the same person; it replaces any active one."""
        if key_a == key_b:
            raise DecisionError("a decision needs two different person mentions")
        if verdict not in ("same", "not_same"):
            raise DecisionError(f"verdict must be 'same' or 'not_same', not {verdict!r}")
        if not by.strip():
            raise DecisionError("say who decided")
        left, right = sorted((key_a, key_b))
        now = _now()
        with self._connect() as con:
            con.execute(
                "update link_decisions set withdrawn_by = ?, withdrawn_at = ?"
                " where left_key = ? and right_key = ? and withdrawn_at is null",
                (by, now, left, right),
            )
            cursor = con.execute(
                "insert into link_decisions (left_key, right_key, verdict, reason, decided_by, decided_at)"
                " values (?, ?, ?, ?, ?, ?)",
                (left, right, verdict, reason, by, now),
            )
            assert cursor.lastrowid is not None
            return LinkDecision(cursor.lastrowid, left, right, verdict, reason, by, now)

    def decide_family(
        self, action: FamilyAction, details: dict[str, str], *, by: str, reason: str = ""
    ) -> FamilyDecision:
        """Record a correction of family membership; the details say which people and families."""
        if not by.strip():
            raise DecisionError("say who decided")
        now = _now()
        with self._connect() as con:
            cursor = con.execute(
                "insert into family_decisions (action, details, reason, decided_by, decided_at)"
                " values (?, ?, ?, ?, ?)",
                (action, json.dumps(details, sort_keys=True), reason, by, now),
            )
            assert cursor.lastrowid is not None
            return FamilyDecision(cursor.lastrowid, action, details, reason, by, now)

    def withdraw(self, table: Literal["link", "family"], decision_id: int, *, by: str) -> None:
        """Withdraw an active decision: it stops being applied, and stays in the history."""
        name = "link_decisions" if table == "link" else "family_decisions"
        with self._connect() as con:
            cursor = con.execute(
                f"update {name} set withdrawn_by = ?, withdrawn_at = ? where id = ? and withdrawn_at is null",  # noqa: S608 - name is one of two constants
                (by, _now(), decision_id),
            )
            if cursor.rowcount != 1:
                raise DecisionError(f"no active {table} decision with id {decision_id}")

    def active_links(self) -> list[LinkDecision]:
        with self._connect() as con:
            rows = con.execute(
                "select id, left_key, right_key, verdict, reason, decided_by, decided_at"
                " from link_decisions where withdrawn_at is null order by id"
            ).fetchall()
        return [LinkDecision(*row) for row in rows]

    def link_history(self) -> list[dict[str, str | int | None]]:
        """Every link decision ever made, withdrawn ones included, oldest first."""
        with self._connect() as con:
            cursor = con.execute(
                "select id, left_key, right_key, verdict, reason, decided_by, decided_at, withdrawn_by,"
                " withdrawn_at from link_decisions order by id"
            )
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def family_history(self) -> list[tuple[object, ...]]:
        """Every family correction, withdrawn ones included, oldest first: id, action, details, by, when,
        reason, and who withdrew it when."""
        with self._connect() as con:
            return con.execute(
                "select id, action, details, decided_by, decided_at, reason,"
                " case when withdrawn_at is null then null else withdrawn_by || ' at ' || withdrawn_at end"
                " from family_decisions order by id"
            ).fetchall()

    def active_families(self) -> list[FamilyDecision]:
        with self._connect() as con:
            rows = con.execute(
                "select id, action, details, reason, decided_by, decided_at"
                " from family_decisions where withdrawn_at is null order by id"
            ).fetchall()
        return [FamilyDecision(i, a, json.loads(d), r, b, t) for i, a, d, r, b, t in rows]

    def restrict(self, person_id: str, mention_keys: list[str], *, by: str, reason: str) -> Restriction:
        """Record that a person's data is held but not used, until the restriction is lifted."""
        if not by.strip() or not reason.strip():
            raise DecisionError("say who restricts processing, and why")
        if not mention_keys:
            raise DecisionError(f"person {person_id} has no records to restrict")
        keys = tuple(sorted(set(mention_keys)))
        now = _now()
        with self._connect() as con:
            cursor = con.execute(
                "insert into restrictions (person_id, mention_keys, reason, decided_by, decided_at)"
                " values (?, ?, ?, ?, ?)",
                (person_id, json.dumps(keys), reason, by, now),
            )
            assert cursor.lastrowid is not None
            return Restriction(cursor.lastrowid, person_id, keys, reason, by, now)

    def lift_restriction(self, restriction_id: int, *, by: str, reason: str) -> None:
        """Lift an active restriction: the person's data is used again; the restriction stays in the history."""
        if not by.strip() or not reason.strip():
            raise DecisionError("say who lifts the restriction, and why")
        with self._connect() as con:
            cursor = con.execute(
                "update restrictions set withdrawn_by = ?, withdrawn_at = ?, withdrawn_reason = ?"
                " where id = ? and withdrawn_at is null",
                (by, _now(), reason, restriction_id),
            )
            if cursor.rowcount != 1:
                raise DecisionError(f"no active restriction with id {restriction_id}")

    def active_restrictions(self) -> list[Restriction]:
        with self._connect() as con:
            rows = con.execute(
                "select id, person_id, mention_keys, reason, decided_by, decided_at"
                " from restrictions where withdrawn_at is null order by id"
            ).fetchall()
        return [Restriction(i, p, tuple(json.loads(k)), r, b, t) for i, p, k, r, b, t in rows]
