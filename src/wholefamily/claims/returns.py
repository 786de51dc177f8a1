"""The period's returns to the department, from its latest claims build: the quarterly progress figures
and the claim, each a CSV with a data dictionary beside it (``<name>.dictionary.csv``: field, type and
meaning), under ``returns/<period>/``.

The department's own field lists were not found (sf-programme-rules §5), so the files are tidy and
self-describing: progress as one row per figure (and headline and status where they apply), the claim as
one row per family submitted for the period, and a National Impact Study style extract (001 §5.3): the
families on the programme and a comparison group of families just below the threshold, one row each.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from wholefamily.claims.evidence import pack_hashes
from wholefamily.claims.period import Period
from wholefamily.claims.runs import latest_claim_run
from wholefamily.reports import write_csv_atomically
from wholefamily.warehouse.connection import open_warehouse
from wholefamily.workspace import Workspace

#: each file's fields: name → (type, meaning); the CSV's columns are these, in this order
DICTIONARIES: dict[str, dict[str, tuple[str, str]]] = {
    "progress": {
        "period": ("text", "The claim period, a calendar quarter (2027Q1 is January to March 2027)."),
        "figure": (
            "text",
            "identified: families meeting the framework in the identify run the outcomes were judged on; "
            "worked_with: families whose work began by the period's end; started_in_period: of those, begun in "
            "the period; closed: cases closed by the period's end; closed_in_period: of those, closed in the "
            "period; need_outcomes: needs of closed cases whose sustain horizon ended by the period's end, by "
            "headline and status; claimable: families every claim rule passes for, not yet submitted; "
            "claimed: families submitted for the period.",
        ),
        "headline": ("text", "The headline of the need (need_outcomes only; empty otherwise)."),
        "status": (
            "text",
            "met, not_met, relapsed or not_yet_measurable (need_outcomes only; empty otherwise).",
        ),
        "families": ("integer", "How many families (needs, for need_outcomes)."),
        "claim_run_id": (
            "text",
            "The claims build the figures come from (its outcomes and identify runs recorded).",
        ),
    },
    "claim": {
        "period": ("text", "The claim period."),
        "family_id": ("text", "The family's registry id (opaque, never derived from personal data)."),
        "closure_date": ("date", "The day the case closed (YYYY-MM-DD)."),
        "sustain_end": ("date", "The last day each outcome had to hold (closure + the sustain days)."),
        "needs": ("integer", "Needs identified (counted)."),
        "headlines": ("integer", "Distinct headlines of those needs."),
        "signed_off_by": ("text", "Who signed the claim off in the casework site."),
        "signed_off_on": ("date", "When it was signed off (YYYY-MM-DD)."),
        "override_reason": (
            "text",
            "Why a family the claim rules found not claimable was claimed by a local discretionary override, as "
            "the coordinator recorded it; empty for a claim every rule passed.",
        ),
        "evidence_sha256": (
            "text",
            "SHA-256 of the claim's evidence pack (claims/PERIOD/FAMILY.json), frozen at submission.",
        ),
        "claim_run_id": ("text", "The claims build the row comes from."),
    },
    "impact_study": {
        "period": ("text", "The claim period the extract was made for (the department asks twice a year)."),
        "group": (
            "text",
            "programme: a family worked with by the period's end; comparison: a family not worked with whose "
            "needs fall just below the threshold (one need fewer than the fewest an eligible family has).",
        ),
        "family_id": ("text", "The family's registry id (opaque, never derived from personal data)."),
        "needs": ("integer", "Needs identified (counted) in the identify run the outcomes were judged on."),
        "headlines": ("integer", "Distinct headlines of those needs."),
        "headline_list": ("text", "Those headlines, separated by semicolons."),
        "dependent_children": ("integer", "Dependent children in the family."),
        "eligible": ("boolean", "Whether the framework makes the family eligible (true or false)."),
        "worked_with_start": ("date", "The day work began (programme only; YYYY-MM-DD)."),
        "closure_date": ("date", "The day the case closed (programme only; empty while open)."),
        "needs_met": ("integer", "Needs met at the sustain horizon (programme only)."),
        "needs_relapsed": ("integer", "Needs relapsed by the sustain horizon (programme only)."),
        "needs_not_met": ("integer", "Needs not met (programme only)."),
        "needs_not_yet_measurable": ("integer", "Needs not yet measurable (programme only)."),
        "claim_run_id": ("text", "The claims build the row comes from."),
    },
}

_PROGRESS = """
WITH run AS (SELECT * FROM main.claim_runs WHERE run_id = $run),
families AS (SELECT f.* FROM main.outcome_families f JOIN run ON f.run_id = run.outcome_run_id),
figures AS (
    SELECT 'identified' AS figure, NULL AS headline, NULL AS status, count(*) AS families
    FROM main.family_eligibility e JOIN run ON e.run_id = run.identify_run_id WHERE e.eligible
    UNION ALL SELECT 'worked_with', NULL, NULL, count(*) FROM families, run WHERE worked_with_start <= run.period_end
    UNION ALL SELECT 'started_in_period', NULL, NULL, count(*) FROM families, run
      WHERE worked_with_start BETWEEN run.period_start AND run.period_end
    UNION ALL SELECT 'closed', NULL, NULL, count(*) FROM families, run WHERE closure_date <= run.period_end
    UNION ALL SELECT 'closed_in_period', NULL, NULL, count(*) FROM families, run
      WHERE closure_date BETWEEN run.period_start AND run.period_end
    UNION ALL SELECT 'need_outcomes', o.headline, o.status, count(*)
      FROM main.need_outcomes o JOIN run ON o.run_id = run.outcome_run_id
      WHERE o.is_sustain_horizon AND o.counted AND o.window_end <= run.period_end GROUP BY ALL
    UNION ALL SELECT c.status, NULL, NULL, count(*) FROM main.claim_candidates c
      WHERE c.run_id = $run AND c.status IN ('claimable', 'submitted') GROUP BY ALL
)
SELECT run.period, replace(figure, 'submitted', 'claimed') AS figure, coalesce(headline, '') AS headline,
       coalesce(status, '') AS status, families, $run AS claim_run_id FROM figures, run
ORDER BY figure = 'need_outcomes', figure, headline, status
"""

_CLAIM = """
SELECT r.period, c.family_id, c.closure_date, c.sustain_end, c.needs, c.headlines, c.signed_off_by,
       c.signed_off_on, c.override_reason, c.run_id
FROM main.claim_candidates c JOIN main.claim_runs r USING (run_id)
WHERE c.run_id = $run AND c.status = 'submitted' ORDER BY c.family_id
"""

_IMPACT_STUDY = """
WITH run AS (SELECT * FROM main.claim_runs WHERE run_id = $run),
eligibility AS (SELECT e.* FROM main.family_eligibility e JOIN run ON e.run_id = run.identify_run_id),
worked AS (
    SELECT f.* FROM main.outcome_families f JOIN run ON f.run_id = run.outcome_run_id
    WHERE f.worked_with_start <= run.period_end
),
threshold AS (SELECT min(n_needs) AS needs FROM eligibility WHERE eligible),
outcomes AS (
    SELECT o.family_id, count(*) FILTER (WHERE o.status = 'met') AS met,
           count(*) FILTER (WHERE o.status = 'relapsed') AS relapsed,
           count(*) FILTER (WHERE o.status = 'not_met') AS not_met,
           count(*) FILTER (WHERE o.status = 'not_yet_measurable') AS not_yet
    FROM main.need_outcomes o JOIN run ON o.run_id = run.outcome_run_id
    WHERE o.is_sustain_horizon AND o.counted GROUP BY o.family_id
),
rows AS (
    SELECT 'programme' AS grp, w.family_id, e.n_needs, e.n_headlines, e.headlines, e.dependent_children,
           e.eligible, w.worked_with_start, w.closure_date, o.met, o.relapsed, o.not_met, o.not_yet
    FROM worked w LEFT JOIN eligibility e USING (family_id) LEFT JOIN outcomes o USING (family_id)
    UNION ALL
    SELECT 'comparison', e.family_id, e.n_needs, e.n_headlines, e.headlines, e.dependent_children, e.eligible,
           NULL, NULL, NULL, NULL, NULL, NULL
    FROM eligibility e, threshold
    WHERE NOT e.eligible AND e.n_needs = threshold.needs - 1
      AND e.family_id NOT IN (SELECT family_id FROM worked)
)
SELECT run.period, grp, family_id, n_needs, n_headlines, array_to_string(list_sort(headlines), ';'),
       len(dependent_children), eligible::VARCHAR, worked_with_start, closure_date, met, relapsed, not_met, not_yet,
       $run AS claim_run_id
FROM rows, run ORDER BY grp DESC, family_id
"""


def write_returns(workspace: Workspace, period: Period) -> list[Path]:
    """Write progress.csv, claim.csv and impact_study.csv with their dictionaries; the paths written."""
    folder = workspace.returns / period.name
    with open_warehouse(workspace.warehouse, read_only=True) as con:
        run = latest_claim_run(con, period)
        progress = _text(con, _PROGRESS, run)
        hashes = pack_hashes(workspace, period)
        claim = [[*row[:9], hashes.get(row[1], ""), row[9]] for row in _text(con, _CLAIM, run)]
        impact_study = _text(con, _IMPACT_STUDY, run)
    written = []
    for name, rows in (("progress", progress), ("claim", claim), ("impact_study", impact_study)):
        fields = DICTIONARIES[name]
        write_csv_atomically(folder / f"{name}.csv", list(fields), rows)
        write_csv_atomically(
            folder / f"{name}.dictionary.csv",
            ["field", "type", "description"],
            [[f, kind, meaning] for f, (kind, meaning) in fields.items()],
        )
        written += [folder / f"{name}.csv", folder / f"{name}.dictionary.csv"]
    return written


def _text(con: duckdb.DuckDBPyConnection, sql: str, run: str) -> list[list[str]]:
    return [["" if v is None else str(v) for v in row] for row in con.execute(sql, {"run": run}).fetchall()]
