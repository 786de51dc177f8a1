"""Each rule's test, in SQL over one outcomes run, into TEMP tables (``cl_*``).

``cl_families``: every family of the run's casework milestones, with its counted needs and headlines and
the day its sustain horizon ends (closure + the run's sustain days). ``cl_reasons``: one row per rule a
family fails (for ``outcomes_met``, per need). ``cl_candidates``: each family ``submitted`` (signed off for
this period in the claims register), ``claimable`` (no reason) or ``not_claimable``.

An outcome counts once its horizon has ended by the period's end and the outcomes run judged it ``met``;
a need already ``not_met`` or ``relapsed`` is named even while the horizon is still to come, so that the
coordinator sees it early.
"""

from __future__ import annotations

import duckdb

from wholefamily.claims.period import Period
from wholefamily.claims.register import Claim
from wholefamily.claims.rules import ClaimRules, RuleId
from wholefamily.claims.runs import OutcomeRun
from wholefamily.warehouse.sql import used_params

#: the test of each rule: a SELECT of (family_id, descriptor_id, headline, reason) over ``cl_families f``
TESTS: dict[RuleId, str] = {
    "payment_by_results": """SELECT family_id, '', NULL,
        'an Earned Autonomy area makes no results claims; its outcomes are reported'
        FROM cl_families WHERE $earned_autonomy""",
    "in_scope": """SELECT family_id, '', NULL,
        'no dependent child or expectant parent in the family when its needs were identified'
        FROM cl_families WHERE NOT in_scope""",
    "identified": """SELECT family_id, '', NULL,
        needs::VARCHAR || ' need(s) in ' || headlines::VARCHAR || ' headline(s) identified; at least '
        || $min_needs::VARCHAR || ' ' || $count || ' are required'
        FROM cl_families WHERE (CASE WHEN $count = 'headlines' THEN headlines ELSE needs END) < $min_needs""",
    "lead_practitioner": """SELECT family_id, '', NULL, 'no lead practitioner recorded'
        FROM cl_families WHERE lead_practitioner IS NULL""",
    "assessment": """SELECT family_id, '', NULL, 'no whole-family assessment completed'
        FROM cl_families WHERE assessment_date IS NULL""",
    "plan": """SELECT family_id, '', NULL, 'no family plan recorded' FROM cl_families WHERE plan_date IS NULL""",
    "closed": """SELECT family_id, '', NULL, 'the case is not closed by ' || $outcomes_as_of::VARCHAR
        FROM cl_families WHERE NOT closed""",
    "sustained": """SELECT family_id, '', NULL,
        'the sustain horizon (' || $sustain_days::VARCHAR || ' days after closure) ends on '
        || sustain_end::VARCHAR || ', after the period ends on ' || $period_end::VARCHAR
        FROM cl_families WHERE closed AND sustain_end > $period_end""",
    "outcomes_met": """SELECT f.family_id, o.descriptor_id, o.headline,
        o.descriptor_id || ': ' || replace(o.status, '_', ' ') || ' (' || o.reason || ')'
        FROM cl_families f JOIN main.need_outcomes o ON o.run_id = $outcome_run AND o.family_id = f.family_id
        WHERE o.is_sustain_horizon AND o.counted AND f.closed AND o.status <> 'met'
          AND (f.sustain_end <= $period_end OR o.status IN ('not_met', 'relapsed'))""",
    "not_claimed_before": """SELECT f.family_id, '', NULL,
        'claimed for ' || r.period || ' (signed off by ' || r.signed_off_by || ' on '
        || r.signed_off_on::VARCHAR || ')'
        FROM cl_families f JOIN cl_register r USING (family_id)
        WHERE r.status = 'submitted' AND r.period <> $period""",
}


def evaluate(
    con: duckdb.DuckDBPyConnection, run: OutcomeRun, period: Period, rules: ClaimRules, claims: list[Claim]
) -> None:
    """Build ``cl_families``, ``cl_reasons`` and ``cl_candidates`` for the period."""
    con.execute(
        """CREATE OR REPLACE TEMP TABLE cl_register (family_id VARCHAR, period VARCHAR, status VARCHAR,
           signed_off_by VARCHAR, signed_off_on DATE, override_reason VARCHAR)"""
    )
    if claims:
        con.executemany(
            "INSERT INTO cl_register VALUES (?, ?, ?, ?, ?, ?)",
            [
                (c.family_id, c.period, c.status, c.signed_off_by, c.signed_off_on, c.override_reason or None)
                for c in claims
            ],
        )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE cl_families AS
        WITH counted AS (
            SELECT family_id, count(*) AS needs, count(DISTINCT headline) AS headlines
            FROM main.need_outcomes WHERE run_id = $outcome_run AND is_sustain_horizon AND counted
            GROUP BY family_id
        )
        SELECT f.family_id, f.worked_with_start, f.assessment_date, f.plan_date, f.closure_date,
               f.closure_reason, f.lead_practitioner, f.closed,
               CAST(f.closure_date + $sustain_days AS DATE) AS sustain_end,
               coalesce(len(e.dependent_children), 0) + coalesce(len(e.expectant_parents), 0) > 0 AS in_scope,
               coalesce(c.needs, 0) AS needs, coalesce(c.headlines, 0) AS headlines
        FROM main.outcome_families f LEFT JOIN counted c USING (family_id)
        LEFT JOIN main.family_eligibility e ON e.run_id = $identify_run AND e.family_id = f.family_id
        WHERE f.run_id = $outcome_run
        """,
        {"outcome_run": run.run_id, "identify_run": run.identify_run_id, "sustain_days": run.sustain_days},
    )
    params = {
        "earned_autonomy": rules.settings.earned_autonomy,
        "min_needs": rules.settings.min_needs,
        "count": rules.settings.count,
        "outcomes_as_of": run.as_of,
        "sustain_days": run.sustain_days,
        "period_end": period.end,
        "period": period.name,
        "outcome_run": run.run_id,
    }
    tests = [
        f"SELECT '{rule}', * FROM ({TESTS[rule]})"  # noqa: S608 (the rule ids and tests are ours)
        for rule in rules.enabled()
    ]
    union = " UNION ALL ".join(tests) or "SELECT NULL, NULL, NULL, NULL, NULL WHERE false"
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE cl_reasons AS
            SELECT r.* FROM ({union}) AS r(rule_id, family_id, descriptor_id, headline, reason)""",  # noqa: S608
        used_params(params, union),
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE cl_candidates AS
        WITH failed AS (SELECT family_id, count(*) AS reasons FROM cl_reasons GROUP BY family_id)
        SELECT f.family_id,
               CASE WHEN s.family_id IS NOT NULL THEN 'submitted'
                    WHEN x.reasons IS NULL THEN 'claimable' ELSE 'not_claimable' END AS status,
               f.needs, f.headlines, f.closure_date, f.sustain_end, coalesce(x.reasons, 0) AS reasons,
               s.signed_off_by, s.signed_off_on, s.override_reason
        FROM cl_families f LEFT JOIN failed x ON x.family_id = f.family_id
        LEFT JOIN (SELECT * FROM cl_register WHERE status = 'submitted' AND period = $period) s
          ON s.family_id = f.family_id
        """,
        {"period": period.name},
    )
