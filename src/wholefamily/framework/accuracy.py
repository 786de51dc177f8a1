"""Agreement of ``identify`` with a synthetic authority's true needs (``truth/needs.parquet``).

A true need is active on the as-of date when it started by then and had not ended. Pairs of (family,
headline) and of (family, need) found by an identify run are compared with the active true pairs;
precision and recall are given per headline and per need. Run it on a workspace whose people and
families come from the truth (``truth.families_from_truth``) to measure the rules alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb


@dataclass(frozen=True)
class Agreement:
    level: str  # headline or need
    key: str
    true_pairs: int
    found_pairs: int
    both: int

    @property
    def precision(self) -> float:
        return self.both / self.found_pairs if self.found_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.both / self.true_pairs if self.true_pairs else 1.0


def agreement(con: duckdb.DuckDBPyConnection, run_id: str, truth: Path) -> list[Agreement]:
    """Per headline and per need (descriptor ids equal the generator's need names), plus 'all'."""
    row = con.execute("SELECT as_of FROM main.identify_runs WHERE run_id = ?", [run_id]).fetchone()
    if row is None:
        raise ValueError(f"no identify run {run_id}")
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE acc_true AS
        SELECT DISTINCT family_id, headline, need FROM read_parquet($needs)
        WHERE start_date <= $as_of AND (end_date IS NULL OR end_date > $as_of)
        """,
        {"needs": str(truth / "needs.parquet"), "as_of": row[0]},
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE acc_found AS
        SELECT DISTINCT family_id, headline, descriptor_id AS need FROM main.family_needs WHERE run_id = $run
        """,
        {"run": run_id},
    )
    out: list[Agreement] = []
    for level, cols in (("headline", "family_id, headline"), ("need", "family_id, headline, need")):
        rows = con.execute(
            f"""
            WITH t AS (SELECT DISTINCT {cols} FROM acc_true), f AS (SELECT DISTINCT {cols} FROM acc_found),
            j AS (SELECT {level} AS k, t.family_id IS NOT NULL AS in_true, f.family_id IS NOT NULL AS in_found
                  FROM t FULL JOIN f USING ({cols}))
            SELECT coalesce(k, 'all'), count(*) FILTER (WHERE in_true), count(*) FILTER (WHERE in_found),
                   count(*) FILTER (WHERE in_true AND in_found)
            FROM j GROUP BY ROLLUP (k) ORDER BY k NULLS LAST
            """  # noqa: S608 - constant column lists
        ).fetchall()
        out += [Agreement(level, str(k), int(t), int(f), int(b)) for k, t, f, b in rows]
    return out


def agreement_markdown(rows: list[Agreement]) -> str:
    lines = [
        "| level | headline / need | true | found | both | precision | recall |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {a.level} | {a.key} | {a.true_pairs} | {a.found_pairs} | {a.both} | {a.precision:.3f} | "
        f"{a.recall:.3f} |"
        for a in rows
    ]
    return "\n".join(lines) + "\n"
