"""One outcomes run: the needs of an identify run, judged after each family's closure, published at once.

Outputs (each row carries ``run_id``; earlier runs stay readable, so a claim can cite the run it used):
``outcome_runs`` (the identify run, milestones file and measures used), ``outcome_families`` (the casework
milestones as read, so a later step need not read the file again), ``need_outcomes`` (each need of
each family worked with, per horizon, with its status and reason) and ``outcome_evidence`` (the records
read after each closure, marked where they break the outcome). A claims step reads "each need's outcome
per family as of a date" as the rows of one run with ``is_sustain_horizon``.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from wholefamily import __version__
from wholefamily.decisions import DecisionStore
from wholefamily.framework.evaluate import prepare
from wholefamily.framework.model import Framework
from wholefamily.framework.plan import framework_with_plan
from wholefamily.governance.restrictions import restricted_person_ids
from wholefamily.outcomes.errors import OutcomesError
from wholefamily.outcomes.judge import judge
from wholefamily.outcomes.milestones import read_milestones
from wholefamily.warehouse.connection import open_warehouse, published_tables
from wholefamily.warehouse.publish import publish_run
from wholefamily.warehouse.runs import StepRun, new_run_id, runs_behind, utc_now
from wholefamily.workspace import Workspace

SUSTAIN_DAYS = 183


@dataclass(frozen=True)
class OutcomesResult:
    run_id: str
    framework: Framework
    as_of: dt.date
    identify_run_id: str
    families: int
    closed: int
    statuses: dict[str, int]  # at the sustain horizon
    seconds: float


def run_outcomes(
    workspace: Workspace,
    framework: str,
    as_of: dt.date,
    plan: Path | None = None,
    sustain_days: int = SUSTAIN_DAYS,
) -> OutcomesResult:
    """Check the measures (and plan) and the milestones file, judge every need, publish."""
    began, started = time.perf_counter(), utc_now()
    fw, digest = framework_with_plan(framework, plan)
    fw.check_date(as_of)
    milestones = read_milestones(workspace.milestones)
    run_id = new_run_id()
    with open_warehouse(workspace.warehouse) as con:
        identify_run = _identify_run(con, fw.id, as_of)
        inputs = [identify_run, *runs_behind(con, ["events", "person_mentions", "family_members"])]
        prepare(con, as_of, restricted_person_ids(con, DecisionStore(workspace.decisions)))
        judge(con, fw, milestones.rows, identify_run, as_of, sustain_days)
        closed = sum(1 for m in milestones.rows if m.closure_date is not None and m.closure_date <= as_of)
        needs = con.execute("SELECT count(*) FROM oc_outcomes WHERE is_sustain_horizon").fetchone()
        record = {
            "run_id": run_id,
            "framework": fw.id,
            "as_of": as_of,
            "identify_run_id": identify_run,
            "plan_file": str(plan) if plan else None,
            "plan_sha256": digest,
            "milestones_file": str(milestones.path),
            "milestones_sha256": milestones.sha256,
            "sustain_days": sustain_days,
            "families_worked_with": len(milestones.rows),
            "families_closed": closed,
            "needs": int(needs[0]) if needs else 0,
            "measures_json": fw.model_dump_json(include={"id", "descriptors"}),
            "started_at": started,
            "finished_at": utc_now(),
            "wholefamily_version": __version__,
        }
        _publish(con, StepRun(run_id, "outcomes", started, as_of, inputs), record)
        statuses = con.execute(
            "SELECT status, count(*) FROM need_outcomes WHERE run_id = ? AND is_sustain_horizon GROUP BY status",
            [run_id],
        ).fetchall()
    return OutcomesResult(
        run_id,
        fw,
        as_of,
        identify_run,
        len(milestones.rows),
        closed,
        {str(k): int(v) for k, v in statuses},
        time.perf_counter() - began,
    )


def _identify_run(con: duckdb.DuckDBPyConnection, framework: str, as_of: dt.date) -> str:
    """The latest identify run of the framework as of the date or before: the needs that were worked on."""
    row = None
    if "identify_runs" in published_tables(con):
        row = con.execute(
            "SELECT max(run_id) FROM main.identify_runs WHERE framework = ? AND as_of <= ?",
            [framework, as_of],
        ).fetchone()
    if row is None or row[0] is None:
        raise OutcomesError(
            f"no identify run of {framework} as of {as_of} or before: run "
            f"`wholefamily identify --framework {framework} --as-of {as_of}` first"
        )
    return str(row[0])


def _publish(con: duckdb.DuckDBPyConnection, run: StepRun, record: dict[str, object]) -> None:
    publish_run(
        con,
        run,
        append={
            "outcome_families": """SELECT $run, m.family_id, m.worked_with_start, m.assessment_date, m.plan_date,
                m.closure_date, m.closure_reason, coalesce(m.closure_date <= $as_of, false),
                (SELECT count(*) FROM oc_needs n WHERE n.family_id = m.family_id), m.lead_practitioner
                FROM oc_milestones m""",
            "need_outcomes": """SELECT $run, family_id, headline, descriptor_id, measure_id, measure_label,
                is_default, counted, worked_with_start, closure_date, closure_reason, horizon_days,
                is_sustain_horizon, window_end, status, reason, first_break_date, first_break_day, records,
                breaks FROM oc_outcomes""",
            "outcome_evidence": """SELECT $run, family_id, descriptor_id, person_id, event_key, source,
                record_key, kind, event_date, end_date, delivery_date, day_after_closure, breaks,
                evidence_values FROM oc_window""",
        },
        rows={"outcome_runs": [record]},
        params={"run": run.run_id, "as_of": run.as_of},
    )
