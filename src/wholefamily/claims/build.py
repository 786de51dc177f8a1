"""One claims build for a period: the rules over one outcomes run, published at once, then the packs.

Outputs (each row carries ``run_id``): ``claim_runs`` (the period, the outcomes run, rules and claims
register read), ``claim_candidates`` (every family worked with: claimable, submitted or not claimable)
and ``claim_reasons`` (each rule a family fails, per need for outcomes). The evidence packs are written
after the run is published, from the published rows (``claims/evidence.py``), with ``candidates.csv``
beside them: each family, its status and each reason, for people to read.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from wholefamily import __version__
from wholefamily.claims.evaluate import evaluate
from wholefamily.claims.evidence import PackSummary, write_packs
from wholefamily.claims.period import Period
from wholefamily.claims.register import read_register
from wholefamily.claims.rules import load_rules
from wholefamily.claims.runs import outcome_run
from wholefamily.reports import write_csv_atomically
from wholefamily.warehouse.connection import open_warehouse
from wholefamily.warehouse.publish import publish_run
from wholefamily.warehouse.runs import StepRun, new_run_id, utc_now
from wholefamily.workspace import Workspace

#: the list of every family worked with and why it is not claimable, beside the packs
LIST = "candidates.csv"


@dataclass(frozen=True)
class ClaimsResult:
    run_id: str
    period: Period
    outcome_run_id: str
    earned_autonomy: bool
    statuses: dict[str, int]
    reasons: dict[str, int]  # families failing each rule
    packs: PackSummary
    seconds: float


def build_claims(
    workspace: Workspace, period: Period, as_of: dt.date | None = None, rules_file: Path | None = None
) -> ClaimsResult:
    """Read the latest outcomes run (as of the date or before, when given: a period is usually claimed
    after it ends, on outcomes judged since), test every family worked with against the rules, publish,
    and write the evidence pack of each claimable or submitted family."""
    began, started = time.perf_counter(), utc_now()
    register = read_register(workspace.claims_register)
    run_id = new_run_id()
    with open_warehouse(workspace.warehouse) as con:
        source = outcome_run(con, as_of)
        rules = load_rules(source.framework, rules_file)
        evaluate(con, source, period, rules, register.claims)
        record = {
            "run_id": run_id,
            "period": period.name,
            "period_start": period.start,
            "period_end": period.end,
            "as_of": source.as_of,
            "outcome_run_id": source.run_id,
            "identify_run_id": source.identify_run_id,
            "framework": source.framework,
            "rules_files": rules.files,
            "rules_sha256": rules.sha256,
            "rules_json": rules.model_dump_json(exclude={"files", "sha256"}),
            "earned_autonomy": rules.settings.earned_autonomy,
            "register_file": str(register.path),
            "register_sha256": register.sha256,
            "families_worked_with": _count(con, "SELECT count(*) FROM cl_candidates"),
            "claimable": _count(con, "SELECT count(*) FROM cl_candidates WHERE status = 'claimable'"),
            "submitted": _count(con, "SELECT count(*) FROM cl_candidates WHERE status = 'submitted'"),
            "started_at": started,
            "finished_at": utc_now(),
            "wholefamily_version": __version__,
        }
        inputs = [source.run_id, source.identify_run_id]
        publish_run(
            con,
            StepRun(run_id, "claims", started, source.as_of, inputs),
            append={
                "claim_candidates": """SELECT $run, family_id, status, needs, headlines, closure_date,
                    sustain_end, reasons, signed_off_by, signed_off_on, override_reason
                    FROM cl_candidates""",
                "claim_reasons": "SELECT $run, family_id, rule_id, descriptor_id, headline, reason FROM cl_reasons",
            },
            rows={"claim_runs": [record]},
            params={"run": run_id},
        )
        statuses = dict(con.execute("SELECT status, count(*) FROM cl_candidates GROUP BY ALL").fetchall())
        reasons = dict(
            con.execute("SELECT rule_id, count(DISTINCT family_id) FROM cl_reasons GROUP BY ALL").fetchall()
        )
        packs = write_packs(con, workspace, period, run_id)
        _write_list(con, workspace.claims / period.name / LIST)
    return ClaimsResult(
        run_id,
        period,
        source.run_id,
        rules.settings.earned_autonomy,
        {str(k): int(v) for k, v in statuses.items()},
        {str(k): int(v) for k, v in reasons.items()},
        packs,
        time.perf_counter() - began,
    )


def _write_list(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """The build as people read it: each family with its status, and each reason it is not claimable."""
    rows = con.execute(
        """SELECT c.family_id, c.status, coalesce(r.rule_id, ''), coalesce(r.descriptor_id, ''),
                  coalesce(r.reason, '')
           FROM cl_candidates c LEFT JOIN cl_reasons r USING (family_id) ORDER BY ALL"""
    ).fetchall()
    write_csv_atomically(path, ["family_id", "status", "rule_id", "descriptor_id", "reason"], rows)


def _count(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    row = con.execute(sql).fetchone()
    return int(row[0]) if row else 0
