"""An evidence pack: what a claim rests on, assembled from the warehouse alone, from one claims build and
the runs it read: the family's identification (each counted need with its partner records, from the
identify run), the casework milestones (as the outcomes run read them), each need's outcome at the
sustain horizon with the records read after closure, each rule with whether it passed, and, for a claim
signed off by a local discretionary override, the coordinator's reason (from the claims register). Because
nothing else goes in, the same build always assembles the same pack, and a check can assemble it again.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import duckdb

from wholefamily.warehouse.sql import used_params

Pack = dict[str, Any]


def assemble(con: duckdb.DuckDBPyConnection, claim_run: str, family_id: str) -> Pack:
    """The pack of one family as the claims build ``claim_run`` saw it, from the warehouse."""
    run = _rows(con, "SELECT * FROM main.claim_runs WHERE run_id = ?", [claim_run])[0]
    outcome_run, identify_run = run["outcome_run_id"], run["identify_run_id"]
    rules = json.loads(run["rules_json"])
    keys = {"family": family_id, "outcome": outcome_run, "identify": identify_run}
    candidate = _rows(
        con,
        """SELECT status, needs, headlines, sustain_end, override_reason FROM main.claim_candidates
           WHERE run_id = ? AND family_id = ?""",
        [claim_run, family_id],
    )[0]
    casework = _rows(
        con,
        """SELECT worked_with_start, assessment_date, plan_date, closure_date, closure_reason, lead_practitioner
           FROM main.outcome_families WHERE run_id = $outcome AND family_id = $family""",
        keys,
    )[0]
    evidence = _rows(
        con,
        """SELECT descriptor_id, person_id, family_role, source, record_key, kind, event_date, end_date,
                  delivery_date, evidence_values
           FROM main.need_evidence WHERE run_id = $identify AND family_id = $family AND counted
           ORDER BY descriptor_id, event_date, event_key""",
        keys,
    )
    needs = _rows(
        con,
        """SELECT descriptor_id, headline, headline_label, descriptor_label, persons FROM main.family_needs
           WHERE run_id = $identify AND family_id = $family AND counted ORDER BY headline, descriptor_id""",
        keys,
    )
    after = _rows(
        con,
        """SELECT e.descriptor_id, e.person_id, e.source, e.record_key, e.kind, e.event_date, e.end_date,
                  e.delivery_date, e.day_after_closure, e.breaks, e.evidence_values
           FROM main.outcome_evidence e JOIN main.need_outcomes o USING (run_id, family_id, descriptor_id)
           WHERE e.run_id = $outcome AND e.family_id = $family AND o.is_sustain_horizon
             AND e.day_after_closure <= o.horizon_days
           ORDER BY e.descriptor_id, e.event_date, e.event_key""",
        keys,
    )
    outcomes = _rows(
        con,
        """SELECT descriptor_id, headline, measure_id, measure_label, is_default, horizon_days, window_end,
                  status, reason, records, breaks
           FROM main.need_outcomes WHERE run_id = $outcome AND family_id = $family AND is_sustain_horizon
             AND counted ORDER BY headline, descriptor_id""",
        keys,
    )
    failed: dict[str, list[str]] = {}
    for r in _rows(
        con,
        "SELECT rule_id, reason FROM main.claim_reasons WHERE run_id = ? AND family_id = ? ORDER BY ALL",
        [claim_run, family_id],
    ):
        failed.setdefault(r["rule_id"], []).append(r["reason"])
    pack: Pack = _plain(
        {
            "pack": "wholefamily results claim evidence",
            "period": run["period"],
            "family_id": family_id,
            "status": candidate["status"],
            # only a local discretionary override has one (packs of other claims are as they always were)
            **({"override_reason": candidate["override_reason"]} if candidate["override_reason"] else {}),
            "framework": run["framework"],
            "claim_run_id": claim_run,
            "outcome_run_id": outcome_run,
            "identify_run_id": identify_run,
            "rules_default": rules["default"],
            "casework": {**casework, "sustain_end": candidate["sustain_end"]},
            "identification": _with_evidence(needs, evidence),
            "outcomes": _with_evidence(outcomes, after),
            "rules": [
                {
                    "id": rule_id,
                    "label": rule["label"],
                    "why": rule["why"],
                    "enabled": rule["enabled"],
                    "passed": rule_id not in failed,
                    "reasons": failed.get(rule_id, []),
                }
                for rule_id, rule in rules["rules"].items()
            ],
        }
    )
    return pack


def _rows(
    con: duckdb.DuckDBPyConnection, sql: str, params: list[str] | dict[str, str]
) -> list[dict[str, Any]]:
    cursor = con.execute(sql, used_params(params, sql) if isinstance(params, dict) else params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _with_evidence(items: list[dict[str, Any]], records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each need with its records (by ``descriptor_id``, which the records then drop)."""
    return [
        {
            **item,
            "evidence": [
                {k: v for k, v in r.items() if k != "descriptor_id"}
                for r in records
                if r["descriptor_id"] == item["descriptor_id"]
            ],
        }
        for item in items
    ]


def _plain(value: Any) -> Any:
    """Dates as ISO text, containers recursively: the pack as JSON holds it."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
