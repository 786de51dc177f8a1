"""Judge each need of each family worked with after its closure, into TEMP tables (``oc_*``).

The needs are those of one identify run; the events are ``rule_events`` at the as-of date (each
partner's latest delivery by then, as identify reads them). For every need and horizon (the sustain
period, 183 days unless set, and 12 and 24 months) the window runs from the day after closure to
closure + horizon, both ends counted: a break on the last day is a break, and an as-of date on the last
day ends the window (exactly six months sustained is sustained). In order:

* the case is not closed by the as-of date, or the need has no measure: ``not_yet_measurable``;
* a record in the window breaks the outcome: ``not_met`` when it was open at closure, or when the
  measure needs records and none showed it met before the break; otherwise ``relapsed``;
* the window has not ended, a kind the measure reads has no partner, a partner's latest delivery is
  older than the window's end, or the measure needs a record and there is none: ``not_yet_measurable``
  (the reason names the days, the kind or the source);
* otherwise ``met``.
"""

from __future__ import annotations

import datetime as dt

import duckdb

from wholefamily.framework.compiler import outcome_sql
from wholefamily.framework.model import Framework
from wholefamily.outcomes.errors import OutcomesError
from wholefamily.outcomes.milestones import Milestone

#: horizons tracked beside the sustain period: 12 and 24 months after closure
TRACKED_DAYS = (365, 730)


def judge(
    con: duckdb.DuckDBPyConnection,
    fw: Framework,
    milestones: list[Milestone],
    identify_run: str,
    as_of: dt.date,
    sustain_days: int,
) -> None:
    """Build ``oc_outcomes`` (need × horizon) and ``oc_window`` (the records read after each closure)."""
    _stage(con, fw, milestones, identify_run, sustain_days)
    # whose events a measure reads: the people identify found with the need, or every member of the family
    # on the as-of date (a parent living elsewhere too)
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE oc_whose AS
        SELECT n.family_id, n.descriptor_id, unnest(n.persons) AS person_id
        FROM oc_needs n JOIN oc_measures ms USING (descriptor_id) WHERE ms.applies_to = 'need_persons'
        UNION
        SELECT n.family_id, n.descriptor_id, fm.person_id
        FROM oc_needs n JOIN oc_measures ms USING (descriptor_id) JOIN main.family_members fm USING (family_id)
        WHERE ms.applies_to = 'family' AND (fm.start_date IS NULL OR fm.start_date <= $as_of)
          AND (fm.end_date IS NULL OR fm.end_date > $as_of)
        """,
        {"as_of": as_of},
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE oc_window AS
        SELECT n.family_id, n.descriptor_id, x.person_id, x.event_key, e.source, e.record_key, e.kind,
               e.event_date, e.end_date, e.delivery_date,
               CAST(greatest(date_diff('day', n.closure_date, e.event_date), 1) AS INTEGER) AS day_after_closure,
               x.breaks, e.event_date <= n.closure_date AS open_at_closure, x.evidence_values
        FROM oc_whose w JOIN oc_needs n USING (family_id, descriptor_id)
        JOIN oc_matches x ON x.descriptor_id = w.descriptor_id AND x.person_id = w.person_id
        JOIN rule_events e ON e.event_key = x.event_key AND e.person_id = x.person_id
        WHERE n.closure_date <= $as_of
          AND e.event_date <= n.closure_date + $longest
          AND CAST($as_of AS DATE) - e.end_days_ago > n.closure_date
        """,
        {"as_of": as_of, "longest": max(sustain_days, *TRACKED_DAYS)},
    )
    delivered = [str(r[0]) for r in con.execute("SELECT DISTINCT kind FROM rule_events").fetchall()]
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE oc_outcomes AS
        WITH base AS (
            SELECT n.*, h.horizon_days, h.is_sustain_horizon,
                   CASE WHEN n.closure_date <= $as_of THEN n.closure_date + h.horizon_days END AS window_end,
                   ms.measure_id, ms.measure_label, ms.is_default, ms.needs_records, ms.kinds,
                   list_filter(ms.kinds, lambda k: NOT list_contains($delivered, k)) AS missing_kinds
            FROM oc_needs n CROSS JOIN oc_horizons h LEFT JOIN oc_measures ms USING (descriptor_id)
        ), seen AS (
            SELECT b.family_id, b.descriptor_id, b.horizon_days, count(w.event_key) AS records,
                   count(w.event_key) FILTER (WHERE w.breaks) AS breaks,
                   min(w.day_after_closure) FILTER (WHERE w.breaks) AS first_break_day,
                   min(w.day_after_closure) FILTER (WHERE NOT w.breaks) AS first_good_day,
                   coalesce(bool_or(w.open_at_closure AND w.breaks), false) AS broken_at_closure
            FROM base b LEFT JOIN oc_window w ON w.family_id = b.family_id AND w.descriptor_id = b.descriptor_id
             AND w.day_after_closure <= b.horizon_days
            GROUP BY ALL
        ), stale AS (
            SELECT b.family_id, b.descriptor_id, b.horizon_days,
                   string_agg(DISTINCT s.source || ' (latest delivery ' || s.delivered::VARCHAR || ')', ', '
                              ORDER BY s.source || ' (latest delivery ' || s.delivered::VARCHAR || ')') AS sources
            FROM base b JOIN oc_kind_sources s ON list_contains(b.kinds, s.kind) AND s.delivered < b.window_end
            GROUP BY ALL
        )
        SELECT b.family_id, b.headline, b.descriptor_id, b.measure_id, b.measure_label, b.is_default, b.counted,
               b.worked_with_start, b.closure_date, b.closure_reason, b.horizon_days, b.is_sustain_horizon,
               b.window_end, s.records, s.breaks, s.first_break_day,
               b.closure_date + s.first_break_day AS first_break_date,
               CASE
                 WHEN b.window_end IS NULL OR b.measure_id IS NULL THEN 'not_yet_measurable'
                 WHEN s.first_break_day IS NOT NULL THEN
                   CASE WHEN s.broken_at_closure OR (b.needs_records AND coalesce(s.first_good_day >= s.first_break_day, true))
                        THEN 'not_met' ELSE 'relapsed' END
                 WHEN $as_of < b.window_end OR len(b.missing_kinds) > 0 OR st.sources IS NOT NULL
                      OR (b.needs_records AND s.first_good_day IS NULL) THEN 'not_yet_measurable'
                 ELSE 'met'
               END AS status,
               CASE
                 WHEN b.window_end IS NULL THEN 'the case is not closed by ' || $as_of::VARCHAR
                 WHEN b.measure_id IS NULL THEN 'the need has no outcome measure'
                 WHEN s.broken_at_closure THEN 'a record that breaks it was still open at closure'
                 WHEN s.first_break_day IS NOT NULL THEN
                   CASE WHEN b.needs_records AND coalesce(s.first_good_day >= s.first_break_day, true)
                        THEN 'the first record after closure breaks it (day ' || s.first_break_day::VARCHAR || ')'
                        ELSE 'broken on day ' || s.first_break_day::VARCHAR || ' after closure' END
                 WHEN $as_of < b.window_end THEN
                   date_diff('day', b.closure_date, $as_of)::VARCHAR || ' of ' || b.horizon_days::VARCHAR
                   || ' days since closure'
                 WHEN len(b.missing_kinds) > 0 THEN
                   'no partner delivers ' || array_to_string(b.missing_kinds, ', ') || ' events'
                 WHEN st.sources IS NOT NULL THEN
                   'not delivered up to ' || b.window_end::VARCHAR || ': ' || st.sources
                 WHEN b.needs_records AND s.first_good_day IS NULL THEN
                   'no ' || array_to_string(b.kinds, ', ') || ' record after closure'
                 ELSE 'sustained ' || b.horizon_days::VARCHAR || ' days after closure ('
                      || s.records::VARCHAR || ' record(s) read)'
               END AS reason
        FROM base b JOIN seen s USING (family_id, descriptor_id, horizon_days)
        LEFT JOIN stale st USING (family_id, descriptor_id, horizon_days)
        """,
        {"as_of": as_of, "delivered": delivered},
    )


def _stage(
    con: duckdb.DuckDBPyConnection,
    fw: Framework,
    milestones: list[Milestone],
    identify_run: str,
    sustain_days: int,
) -> None:
    con.execute(
        """CREATE OR REPLACE TEMP TABLE oc_milestones (family_id VARCHAR, worked_with_start DATE,
           assessment_date DATE, plan_date DATE, closure_date DATE, closure_reason VARCHAR,
           lead_practitioner VARCHAR)"""
    )
    if milestones:
        con.executemany(
            "INSERT INTO oc_milestones VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    m.family_id,
                    m.worked_with_start,
                    m.assessment_date,
                    m.plan_date,
                    m.closure_date,
                    m.closure_reason,
                    m.lead_practitioner,
                )
                for m in milestones
            ],
        )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE oc_needs AS
        SELECT n.family_id, n.headline, n.descriptor_id, n.counted, n.persons, m.worked_with_start,
               m.closure_date, m.closure_reason
        FROM main.family_needs n JOIN oc_milestones m USING (family_id) WHERE n.run_id = $run
        """,
        {"run": identify_run},
    )
    measured = [d for d in fw.descriptors if d.outcome is not None]
    con.execute(
        """CREATE OR REPLACE TEMP TABLE oc_measures (descriptor_id VARCHAR, measure_id VARCHAR,
           measure_label VARCHAR, is_default BOOLEAN, applies_to VARCHAR, needs_records BOOLEAN, kinds VARCHAR[])"""
    )
    con.executemany(
        "INSERT INTO oc_measures VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (d.id, m.id, m.label, m.default, m.applies_to, m.needs_records, m.kinds)
            for d in measured
            if (m := d.outcome) is not None
        ],
    )
    horizons = sorted({sustain_days, *TRACKED_DAYS})
    con.execute("CREATE OR REPLACE TEMP TABLE oc_horizons (horizon_days INTEGER, is_sustain_horizon BOOLEAN)")
    con.executemany("INSERT INTO oc_horizons VALUES (?, ?)", [(h, h == sustain_days) for h in horizons])
    con.execute(
        "CREATE OR REPLACE TEMP TABLE oc_kind_sources AS "
        "SELECT kind, source, max(delivery_date) AS delivered FROM rule_events GROUP BY ALL"
    )
    sqls = [outcome_sql(d.id, d.outcome) for d in measured if d.outcome is not None]
    problems = []
    for d, sql in zip(measured, sqls, strict=True):
        try:
            con.execute(f"EXPLAIN {sql}")
        except duckdb.Error as exc:
            problems.append(
                f"{d.id}.outcome: the measure does not run on the warehouse: {str(exc).splitlines()[0]}"
            )
    if problems:
        raise OutcomesError("\n".join(problems))
    union = " UNION ALL ".join(sqls) or (
        "SELECT NULL::VARCHAR AS descriptor_id, NULL::VARCHAR AS person_id, NULL::VARCHAR AS event_key, "
        "false AS breaks, NULL::VARCHAR AS evidence_values WHERE false"
    )
    con.execute(f"CREATE OR REPLACE TEMP TABLE oc_matches AS {union}")
