"""The families an impact study compares, read from the warehouse and the casework milestones.

On the index date (an identify run's as-of date) every family identify found with a need, with a
dependent child and no child protection plan or care spell open that day (an escalation the programme
can no longer prevent), is either **worked with** (its work began within ``START_WITHIN`` days from that
day) or a **comparison** family (never worked with: eligible but not reached, or just below the
threshold). Families whose work began before the index date or later than that are left out of both.

Each family carries what identify knew on the index date (covariates) and what happened in the year
after it, read from each partner's latest delivery by ``as_of`` (outcomes). An outcome a family has no
record for (school attendance for a family with no child at school) is missing, not zero.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import numpy as np

from wholefamily.decisions import DecisionStore
from wholefamily.evidence.errors import EvidenceError
from wholefamily.framework.evaluate import prepare
from wholefamily.governance.restrictions import restricted_person_ids
from wholefamily.outcomes.milestones import read_milestones
from wholefamily.warehouse.connection import open_warehouse, published_tables
from wholefamily.workspace import Workspace

#: days after the index date within which work must begin for a family to count as worked with
START_WITHIN = 91
#: the longest outcome window, in days after the index date
WINDOW_DAYS = 365
#: each outcome: its label, and whether it is a share (yes or no) or an amount
OUTCOMES: dict[str, tuple[str, str]] = {
    "escalation": ("child protection plan or entry to care", "share"),
    "entry_to_care": ("entry to care", "share"),
    "police_incidents": ("police incidents involving a family member", "count"),
    "school_attendance": ("school attendance (share of sessions attended)", "rate"),
    "out_of_work_benefits": ("someone on an out-of-work benefit at the window's end", "share"),
}


@dataclass(frozen=True)
class Study:
    identify_run_id: str
    index_date: dt.date
    window_end: dt.date
    family_ids: list[str]
    treated: np.ndarray  # bool
    covariate_names: list[str]
    covariates: np.ndarray  # (families, covariates)
    outcomes: dict[str, np.ndarray]  # float, NaN where the family has no record
    left_out: int  # worked with, but not from the index date


def load_study(workspace: Workspace, index_date: dt.date, as_of: dt.date) -> Study:
    """The families compared, their covariates on ``index_date`` and outcomes to ``as_of``."""
    if as_of <= index_date:
        raise EvidenceError(f"--as-of {as_of} must come after the index date {index_date}")
    milestones = read_milestones(workspace.milestones).rows
    window_end = min(index_date + dt.timedelta(days=WINDOW_DAYS), as_of)
    with open_warehouse(workspace.warehouse) as con:
        run = _identify_run(con, index_date)
        prepare(con, as_of, restricted_person_ids(con, DecisionStore(workspace.decisions)))
        con.execute(
            "CREATE OR REPLACE TEMP TABLE ev_work (family_id VARCHAR, worked_with_start DATE, treated BOOLEAN)"
        )
        last_start = index_date + dt.timedelta(days=START_WITHIN)
        con.executemany(
            "INSERT INTO ev_work VALUES (?, ?, ?)",
            [
                [m.family_id, m.worked_with_start, index_date <= m.worked_with_start <= last_start]
                for m in milestones
            ],
        )
        rows = con.execute(_STUDY_SQL, {"run": run, "index": index_date, "end": window_end}).fetchall()
        headlines = [
            str(r[0])
            for r in con.execute(
                "SELECT DISTINCT headline FROM main.family_needs WHERE run_id = ? ORDER BY 1", [run]
            ).fetchall()
        ]
        left_out = con.execute(
            "SELECT count(*) FROM ev_work WHERE NOT treated AND family_id IN "
            "(SELECT family_id FROM main.family_eligibility WHERE run_id = ?)",
            [run],
        ).fetchone()
    names = ["needs", "headlines", "dependent_children", "eligible", *(f"headline:{h}" for h in headlines)]
    covariates = np.array(
        [[r[2], r[3], r[4], float(r[5]), *(float(h in r[6]) for h in headlines)] for r in rows], float
    ).reshape(len(rows), len(names))
    outcomes = {
        name: np.array([np.nan if r[7 + k] is None else float(r[7 + k]) for r in rows], float)
        for k, name in enumerate(OUTCOMES)
    }
    return Study(
        run,
        index_date,
        window_end,
        [str(r[0]) for r in rows],
        np.array([bool(r[1]) for r in rows], bool),
        names,
        covariates,
        outcomes,
        int(left_out[0]) if left_out else 0,
    )


def _identify_run(con: duckdb.DuckDBPyConnection, index_date: dt.date) -> str:
    """The identify run as of the index date: the latest run made as of that very day."""
    row = None
    if "identify_runs" in published_tables(con):
        row = con.execute(
            "SELECT max(run_id) FROM main.identify_runs WHERE as_of = ?", [index_date]
        ).fetchone()
    if row is None or row[0] is None:
        raise EvidenceError(
            f"no identify run as of {index_date}: run `wholefamily identify --as-of {index_date}` first "
            "(the index date is the day the families compared were identified)"
        )
    return str(row[0])


_STUDY_SQL = """
WITH care AS (
    SELECT family_id, event_date, end_date, care_status FROM rule_events
    WHERE kind = 'care_status' AND care_status IN ('child_protection', 'looked_after')
), escalated AS (
    SELECT DISTINCT family_id FROM care WHERE event_date <= $index AND (end_date IS NULL OR end_date > $index)
), families AS (
    SELECT e.family_id, coalesce(w.treated, false) AS treated, e.n_needs, e.n_headlines,
           len(e.dependent_children) AS children, e.eligible, e.headlines
    FROM main.family_eligibility e LEFT JOIN ev_work w USING (family_id)
    WHERE e.run_id = $run AND len(e.dependent_children) > 0
      AND e.family_id NOT IN (SELECT family_id FROM escalated)
      AND (w.family_id IS NULL OR w.treated)
), in_window AS (
    SELECT * FROM rule_events WHERE event_date > $index AND event_date <= $end
)
SELECT f.family_id, f.treated, f.n_needs, f.n_headlines, f.children, f.eligible, f.headlines,
       EXISTS (SELECT 1 FROM care c WHERE c.family_id = f.family_id AND c.event_date > $index
               AND c.event_date <= $end)::INTEGER AS escalation,
       EXISTS (SELECT 1 FROM care c WHERE c.family_id = f.family_id AND c.care_status = 'looked_after'
               AND c.event_date > $index AND c.event_date <= $end)::INTEGER AS entry_to_care,
       (SELECT count(DISTINCT w.record_key) FROM in_window w
        WHERE w.family_id = f.family_id AND w.kind = 'police_incident') AS police_incidents,
       (SELECT 1 - sum(a.sessions_missed) / nullif(sum(a.sessions_possible), 0) FROM rule_events a
        WHERE a.family_id = f.family_id AND a.kind = 'school_attendance' AND a.end_date > $index
          AND a.end_date <= $end) AS school_attendance,
       EXISTS (SELECT 1 FROM rule_events b WHERE b.family_id = f.family_id AND b.kind = 'benefit_spell'
               AND b.out_of_work AND b.event_date <= $end
               AND (b.end_date IS NULL OR b.end_date > $end))::INTEGER AS out_of_work_benefits
FROM families f ORDER BY f.family_id
"""
