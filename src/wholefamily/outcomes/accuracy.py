"""Agreement of an outcomes run with a synthetic authority's truth (``truth/outcomes.parquet``).

The truth gives, for each need the generator followed after closure, the facts its partner files hold by
the last delivery (the first record that breaks the outcome, one open at closure, the first that shows
it); the status those facts call for at each horizon follows the rules in ``outcomes.judge``. Every true
(family, need) pair counts: one the run did not judge (identification missed it) disagrees. Measure the
run as of the last delivery (the truth is read as it shows the facts), with people and families taken
from the truth (``framework.truth.families_from_truth``) to leave linkage out, or end to end on the families
the pipeline formed, once ``evaluate formed-casework`` has moved the casework onto them (a true family
that formation lost or merged into another then counts as not judged).
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pyarrow as pa
from pyarrow import csv as pa_csv

from wholefamily.outcomes.errors import OutcomesError
from wholefamily.outcomes.truth_casework import MAP_FILE
from wholefamily.warehouse.connection import open_warehouse, published_tables
from wholefamily.workspace import Workspace


@dataclass(frozen=True)
class OutcomeAgreement:
    horizon_days: int
    level: str  # headline or need
    key: str
    pairs: int  # true (family, need) pairs
    judged: int  # of them, judged by the run
    agreed: int  # of them, with the status the truth calls for

    @property
    def rate(self) -> float:
        return self.agreed / self.pairs if self.pairs else 1.0


def outcome_agreement(workspace: Workspace) -> list[OutcomeAgreement]:
    """Per horizon, per headline and need (descriptor ids equal the generator's need names), plus 'all'."""
    truth = workspace.truth / "outcomes.parquet"
    if not truth.is_file():
        raise OutcomesError(f"no {truth}: generate the authority with --closures")
    with open_warehouse(workspace.warehouse, read_only=True) as con:
        if "outcome_runs" not in published_tables(con):
            raise OutcomesError("the warehouse has no outcomes run: run `wholefamily outcomes` first")
        con.register("family_map", _family_map(workspace))
        return _agreement(con, str(truth))


def _family_map(workspace: Workspace) -> pa.Table:
    """True family -> formed family, where the casework was moved onto formed families (``truth_casework``);
    empty where the pipeline's families are the truth's own."""
    path = workspace.truth / MAP_FILE
    if not path.is_file():
        return pa.table(
            {"truth_family_id": pa.array([], pa.string()), "family_id": pa.array([], pa.string())}
        )
    return pa_csv.read_csv(
        path, convert_options=pa_csv.ConvertOptions(column_types={"family_id": pa.string()})
    )


def _agreement(con: duckdb.DuckDBPyConnection, truth: str) -> list[OutcomeAgreement]:
    rows = con.execute(
        """
        WITH run AS (SELECT run_id, as_of FROM main.outcome_runs ORDER BY run_id DESC LIMIT 1),
        horizons AS (SELECT DISTINCT horizon_days FROM main.need_outcomes WHERE run_id = (SELECT run_id FROM run)),
        t AS (SELECT t.* REPLACE (coalesce(m.family_id, t.family_id) AS family_id), h.horizon_days,
                     t.closure_date + h.horizon_days AS window_end, r.as_of
              FROM read_parquet($truth) t LEFT JOIN family_map m ON m.truth_family_id = t.family_id
              CROSS JOIN horizons h CROSS JOIN run r),
        expected AS (
            SELECT family_id, headline, need, horizon_days, CASE
                WHEN closure_date IS NULL OR closure_date > as_of THEN 'not_yet_measurable'
                WHEN first_break_date <= window_end AND first_break_date <= as_of THEN
                    CASE WHEN broken_at_closure OR (needs_records AND coalesce(first_record_date >= first_break_date, true))
                         THEN 'not_met' ELSE 'relapsed' END
                WHEN as_of < window_end THEN 'not_yet_measurable'
                WHEN needs_records AND coalesce(first_record_date > window_end, true) THEN 'not_yet_measurable'
                ELSE 'met' END AS status
            FROM t
        ), joined AS (
            SELECT e.horizon_days, e.headline, e.need, o.status IS NOT NULL AS judged, o.status = e.status AS agreed
            FROM expected e LEFT JOIN main.need_outcomes o ON o.run_id = (SELECT run_id FROM run)
             AND o.family_id = e.family_id AND o.descriptor_id = e.need AND o.horizon_days = e.horizon_days
        )
        SELECT horizon_days, 'headline', coalesce(headline, 'all'), count(*), count(*) FILTER (WHERE judged),
               count(*) FILTER (WHERE agreed)
        FROM joined GROUP BY GROUPING SETS ((horizon_days, headline), (horizon_days))
        UNION ALL
        SELECT horizon_days, 'need', need, count(*), count(*) FILTER (WHERE judged), count(*) FILTER (WHERE agreed)
        FROM joined GROUP BY horizon_days, need
        ORDER BY 1, 2, 3
        """,
        {"truth": truth},
    ).fetchall()
    return [
        OutcomeAgreement(int(h), str(level), str(k), int(n), int(j), int(a)) for h, level, k, n, j, a in rows
    ]


def write_agreement(workspace: Workspace, rows: list[OutcomeAgreement]) -> str:
    """The table as Markdown in reports/outcomes/agreement.md; returns its path."""
    lines = [
        "| horizon (days) | level | headline / need | true pairs | judged | agreed | agreement |",
        "|---:|---|---|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {a.horizon_days} | {a.level} | {a.key} | {a.pairs} | {a.judged} | {a.agreed} | {a.rate:.4f} |"
        for a in rows
    ]
    path = workspace.reports / "outcomes" / "agreement.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return str(path)
