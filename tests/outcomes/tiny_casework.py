"""A tiny workspace with one family worked with, built with identify's rule builders, and its runs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import duckdb
from rule_builders import Tiny, born

from wholefamily.framework.identify import run_identify
from wholefamily.outcomes.run import run_outcomes
from wholefamily.workspace import Workspace

CLOSURE = dt.date(2026, 1, 1)
IDENTIFIED = CLOSURE - dt.timedelta(days=60)
HEADER = "family_id,worked_with_start,assessment_date,plan_date,closure_date,closure_reason\n"


def days(n: int) -> dt.date:
    """The day ``n`` days after closure."""
    return CLOSURE + dt.timedelta(days=n)


#: (need, horizon) -> (status, reason, the day of the first break)
Outcomes = dict[tuple[str, int], tuple[str, str, int | None]]
Record = tuple[str, str, dt.date, dt.date | None, dict[str, Any]]


class Family:
    """A mother with a domestic abuse incident before the work began, her child with three poor terms of
    attendance before it, and whatever came after closure. Every delivery is a full snapshot holding each
    record that ended (or happened) by its date."""

    def __init__(self, root: Path) -> None:
        self.ws = Workspace(root)
        self.ws.create("tiny")
        self.tiny = Tiny(self.ws.warehouse)
        self.tiny.person("mum", "F1", "parent", born(35))
        self.tiny.person("kid", "F1", "child", born(9))
        self.records: list[Record] = []
        self.deliveries = [IDENTIFIED]
        self.incident_after(-100)
        for start, end in ((-330, -260), (-250, -180), (-170, -100)):
            self.term_after(start, end, missed=20)

    def incident_after(self, day: int) -> None:
        self.records.append(
            (
                "mum",
                "police_incident",
                days(day),
                None,
                {"incident_type": "domestic_abuse", "incident_role": "victim"},
            )
        )

    def term_after(self, start: int, end: int, missed: int) -> None:
        """A term of the child's attendance, of 100 sessions, from and to days after closure."""
        values = {"sessions_possible": 100, "sessions_missed": missed}
        self.records.append(("kid", "school_attendance", days(start), days(end), values))

    def deliver(self, on: dt.date) -> None:
        self.deliveries.append(on)

    def build(
        self, milestones: str = "F1,2025-11-05,2025-11-12,2025-11-20,2026-01-01,outcomes_met\n"
    ) -> None:
        for delivery in self.deliveries:
            for pid, kind, when, end, values in self.records:
                if (end or when) <= delivery:
                    self.tiny.event(pid, kind, when, end, delivery=delivery, **values)
        self.tiny.build().close()
        self.ws.milestones.parent.mkdir(parents=True, exist_ok=True)
        self.ws.milestones.write_text(HEADER + milestones, "utf-8")
        run_identify(self.ws, "sf-2022", IDENTIFIED)

    def outcomes(self, as_of: dt.date, plan: Path | None = None) -> Outcomes:
        run = run_outcomes(self.ws, "sf-2022", as_of, plan).run_id
        with duckdb.connect(str(self.ws.warehouse), read_only=True) as con:
            rows = con.execute(
                "SELECT descriptor_id, horizon_days, status, reason, first_break_day FROM need_outcomes "
                "WHERE run_id = ?",
                [run],
            ).fetchall()
        return {(str(d), int(h)): (str(s), str(r), b) for d, h, s, r, b in rows}
