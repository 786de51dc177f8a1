"""One identify run: rules evaluated at an as-of date, compared with the previous run, published at once.

Outputs (each row carries ``run_id``; earlier runs are kept so a run can be compared and reproduced):
``identify_runs`` (one row per run, with the rules used), ``family_needs``, ``need_evidence``,
``family_eligibility`` (with the priority order and its reason) and ``identify_changes`` (against the
previous run of the same framework: newly eligible, no longer eligible, new needs in families that were
already eligible). Everything is built in TEMP tables and inserted in one transaction.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from wholefamily import __version__
from wholefamily.decisions import DecisionStore
from wholefamily.framework.compiler import descriptor_sql
from wholefamily.framework.evaluate import IdentifyError, evaluate, prepare
from wholefamily.framework.model import Framework
from wholefamily.framework.plan import framework_with_plan
from wholefamily.framework.report import write_report
from wholefamily.governance.restrictions import restricted_person_ids
from wholefamily.warehouse.connection import open_warehouse
from wholefamily.warehouse.publish import publish_run
from wholefamily.warehouse.runs import StepRun, new_run_id, runs_behind, utc_now
from wholefamily.warehouse.spark import Engine, spark_session
from wholefamily.workspace import Workspace


@dataclass(frozen=True)
class IdentifyResult:
    run_id: str
    framework: Framework
    as_of: dt.date
    previous_run_id: str | None
    families_with_needs: int
    eligible: int
    changes: dict[str, int]
    report: Path
    seconds: float
    engine: Engine = "duckdb"


def run_identify(
    workspace: Workspace,
    framework: str,
    as_of: dt.date,
    plan: Path | None = None,
    engine: Engine = "duckdb",
    *,
    spark: Any = None,
) -> IdentifyResult:
    """Check the rules (and plan), evaluate them, publish and write the coordinator's report. ``engine``:
    where the rules run (``spark``: on ``spark``, a SparkSession, by default the one ``spark_session`` makes)."""
    began, started = time.perf_counter(), utc_now()
    fw, digest = framework_with_plan(framework, plan)  # raises FrameworkError before anything runs
    fw.check_date(as_of)
    if engine == "spark" and spark is None:
        spark = spark_session()
    run_id = new_run_id()
    with open_warehouse(workspace.warehouse) as con:
        inputs = runs_behind(con, ["family_members", "person_mentions", "events"])
        n_events = prepare(con, as_of, restricted_person_ids(con, DecisionStore(workspace.decisions)))
        bind_check(con, fw)
        evaluate(con, fw, as_of, spark if engine == "spark" else None)
        previous = _previous_run(con, fw.id)
        _changes(con, previous)
        counts = con.execute(
            "SELECT count(*), count(*) FILTER (WHERE eligible) FROM id_families"
        ).fetchone() or (0, 0)
        run_row = {
            "run_id": run_id,
            "framework": fw.id,
            "framework_title": fw.title,
            "as_of": as_of,
            "plan_file": str(plan) if plan else None,
            "plan_sha256": digest,
            "previous_run_id": previous,
            "started_at": started,
            "finished_at": utc_now(),
            "rule_events": n_events,
            "families_with_needs": counts[0],
            "eligible": counts[1],
            "rules_json": fw.model_dump_json(),
            "wholefamily_version": __version__,
            "engine": engine,
        }
        _publish(con, StepRun(run_id, "identify", started, as_of, inputs), run_row)
        changes = dict(
            con.execute(
                "SELECT change, count(*) FROM identify_changes WHERE run_id = ? GROUP BY change", [run_id]
            ).fetchall()
        )
        report = write_report(con, workspace.reports / "identify" / run_id, run_id, fw)
    return IdentifyResult(
        run_id,
        fw,
        as_of,
        previous,
        int(counts[0]),
        int(counts[1]),
        {str(k): int(v) for k, v in changes.items()},
        report,
        time.perf_counter() - began,
        engine,
    )


def bind_check(con: duckdb.DuckDBPyConnection, fw: Framework) -> None:
    """Every compiled rule must bind against ``rule_events`` (types included); list all failures at once."""
    problems = []
    for d in fw.active_descriptors():
        try:
            con.execute(f"EXPLAIN {descriptor_sql(d)}")
        except duckdb.Error as exc:
            problems.append(f"{d.id}: the rule does not run on the warehouse: {str(exc).splitlines()[0]}")
    if problems:
        raise IdentifyError("\n".join(problems))


def _previous_run(con: duckdb.DuckDBPyConnection, framework: str) -> str | None:
    try:
        row = con.execute(
            "SELECT max(run_id) FROM main.identify_runs WHERE framework = ?", [framework]
        ).fetchone()
    except duckdb.CatalogException:
        return None
    return None if row is None or row[0] is None else str(row[0])


def _changes(con: duckdb.DuckDBPyConnection, previous: str | None) -> None:
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE id_changes AS
        WITH prev AS (SELECT family_id, eligible FROM main.family_eligibility WHERE run_id = $prev),
        prev_needs AS (SELECT family_id, descriptor_id FROM main.family_needs WHERE run_id = $prev AND counted)
        SELECT f.family_id, 'newly_eligible' AS change, NULL::VARCHAR AS descriptor_id, NULL::VARCHAR AS headline
        FROM id_families f LEFT JOIN prev p USING (family_id) WHERE f.eligible AND NOT coalesce(p.eligible, false)
        UNION ALL
        SELECT p.family_id, 'no_longer_eligible', NULL, NULL
        FROM prev p LEFT JOIN id_families f USING (family_id) WHERE p.eligible AND NOT coalesce(f.eligible, false)
        UNION ALL
        SELECT n.family_id, 'new_need', n.descriptor_id, n.headline
        FROM id_family_needs n JOIN prev p ON p.family_id = n.family_id AND p.eligible
        WHERE n.counted AND NOT EXISTS (SELECT 1 FROM prev_needs q
                                         WHERE q.family_id = n.family_id AND q.descriptor_id = n.descriptor_id)
        """
        if previous
        else "CREATE OR REPLACE TEMP TABLE id_changes (family_id VARCHAR, change VARCHAR, descriptor_id VARCHAR, "
        "headline VARCHAR)",
        {"prev": previous} if previous else None,
    )


def _publish(con: duckdb.DuckDBPyConnection, run: StepRun, record: dict[str, object]) -> None:
    appended = {
        "family_needs": """SELECT $run, n.family_id, n.headline, d.headline_label, n.descriptor_id, d.label,
            d.is_default, n.counted, n.persons, n.events, n.note
            FROM id_family_needs n JOIN id_descriptors d USING (descriptor_id, headline)""",
        "need_evidence": """SELECT $run, m.family_id, m.descriptor_id, m.person_id, p.family_role, p.counted,
            m.event_key, e.source, e.record_key, e.kind, e.event_date, e.end_date, e.delivery_date,
            m.evidence_values
            FROM id_matches m JOIN id_person_needs p USING (family_id, person_id, descriptor_id)
            JOIN rule_events e ON e.event_key = m.event_key AND e.person_id = m.person_id""",
        "family_eligibility": """SELECT $run, family_id, eligible, n_needs, n_headlines, headlines,
            dependent_children, expectant_parents, n_serious, priority, priority_reason FROM id_families""",
        "identify_changes": """SELECT $run, $prev, family_id, change, descriptor_id, headline FROM id_changes""",
    }
    publish_run(
        con,
        run,
        append=appended,
        rows={"identify_runs": [record]},
        params={"run": run.run_id, "prev": record["previous_run_id"]},
    )
