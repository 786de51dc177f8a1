"""Accuracy of the published people against the synthetic truth, and who fails to link.

Pairwise: every pair of mentions that share a predicted person is a predicted link; every pair that
share a true person is a true link; precision and recall are over those pairs. "Fails to link": a
mention of a true person with two or more mentions that is not in the predicted person holding most of
that person's mentions; "wrongly joined": a mention whose predicted person is mostly someone else.
Both are reported as rates by age band, sex, ethnicity and source, since linkage errors are never random.
Recall is also given for the pairs where one or both mentions have no address and no identifier (a name
and a date of birth or an age at most), the first to fail as namesakes multiply: it should hold as the
authority grows.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from wholefamily.linkage.errors import LinkageError
from wholefamily.linkage.prepare import INPUT_TABLE, prepare_input
from wholefamily.warehouse.connection import open_warehouse, published_tables
from wholefamily.workspace import Workspace


@dataclass(frozen=True)
class GroupRate:
    dimension: str
    group: str
    mentions: int
    failed_to_link: int
    wrongly_joined: int

    @property
    def miss_rate(self) -> float:
        return self.failed_to_link / self.mentions if self.mentions else 0.0


@dataclass(frozen=True)
class PairCounts:
    """True pairs of some kind and how many of them the linked people hold."""

    true_pairs: int
    correct_pairs: int

    @property
    def recall(self) -> float:
        return self.correct_pairs / self.true_pairs if self.true_pairs else 1.0


@dataclass
class LinkageEvaluation:
    """The report; later sections (families) are added as extra named sections."""

    run_id: str
    as_of: str | None
    mentions: int
    true_persons: int
    predicted_persons: int
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int
    by_group: list[GroupRate]
    sparse: PairCounts  # pairs where neither side has an address or an identifier
    name_only: PairCounts  # pairs where a side has no address and no identifier
    name_and_dob: PairCounts  # of those, pairs where both sides carry a date of birth
    sections: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def precision(self) -> float:
        return self.correct_pairs / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.correct_pairs / self.true_pairs if self.true_pairs else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(precision=self.precision, recall=self.recall, f1=self.f1)
        data["sparse"]["recall"] = self.sparse.recall
        data["name_only"]["recall"] = self.name_only.recall
        data["name_and_dob"]["recall"] = self.name_and_dob.recall
        for row in data["by_group"]:
            row["miss_rate"] = row["failed_to_link"] / row["mentions"] if row["mentions"] else 0.0
        return data

    def to_markdown(self) -> str:
        lines = [
            f"# Person linkage against the synthetic truth (run {self.run_id})",
            "",
            f"As of {self.as_of or 'all deliveries'}: {self.mentions:,} mentions of {self.true_persons:,} "
            f"true people; {self.predicted_persons:,} people linked.",
            "",
            "| measure | value |",
            "|---|---|",
            f"| pairwise precision | {self.precision:.5f} |",
            f"| pairwise recall | {self.recall:.5f} |",
            f"| F1 | {self.f1:.5f} |",
            f"| pairs: true / predicted / correct | {self.true_pairs:,} / {self.predicted_pairs:,} / "
            f"{self.correct_pairs:,} |",
            f"| recall of pairs where neither side has an address or an identifier | {self.sparse.recall:.5f} "
            f"({self.sparse.correct_pairs:,} of {self.sparse.true_pairs:,}) |",
            f"| recall of pairs where a side has no address and no identifier | {self.name_only.recall:.5f} "
            f"({self.name_only.correct_pairs:,} of {self.name_only.true_pairs:,}) |",
            f"| of those, pairs where both carry a date of birth | {self.name_and_dob.recall:.5f} "
            f"({self.name_and_dob.correct_pairs:,} of {self.name_and_dob.true_pairs:,}) |",
            "",
            "## Who fails to link",
            "",
            "| by | group | mentions | failed to link | rate | wrongly joined |",
            "|---|---|---:|---:|---:|---:|",
        ]
        lines += [
            f"| {g.dimension} | {g.group} | {g.mentions:,} | {g.failed_to_link:,} | {g.miss_rate:.4f} | "
            f"{g.wrongly_joined:,} |"
            for g in self.by_group
        ]
        for title, section in self.sections.items():
            lines += ["", f"## {title}", "", "```json", json.dumps(section, indent=2, default=str), "```"]
        return "\n".join(lines) + "\n"


_TRUTH_SQL = f"""
CREATE OR REPLACE TEMP TABLE eval_mentions AS
SELECT i.mention_key, i.source, pm.person_id AS predicted, t.person_id AS truth,
       i.no_address_or_identifier AS sparse, i.dob IS NOT NULL AS dated,
       p.sex AS true_sex, p.ethnicity AS true_ethnicity,
       CASE WHEN p.dob IS NULL THEN 'unknown'
            WHEN date_diff('year', p.dob::DATE, $ref) < 16 THEN '0-15'
            WHEN date_diff('year', p.dob::DATE, $ref) < 25 THEN '16-24'
            WHEN date_diff('year', p.dob::DATE, $ref) < 40 THEN '25-39'
            WHEN date_diff('year', p.dob::DATE, $ref) < 65 THEN '40-64'
            ELSE '65+' END AS age_band
FROM {INPUT_TABLE} AS i
JOIN main.person_mentions AS pm USING (mention_key)
JOIN read_parquet($mentions) AS t
  ON t.source = i.source AND t.file = i.file AND t.sheet IS NOT DISTINCT FROM i.sheet
 AND t.row_number = i.row_number AND t.people_group = i.people_group AND t.person_index = i.person_index
 AND t.delivery_date = i.delivery_date
LEFT JOIN read_parquet($people) AS p ON p.person_id = t.person_id
"""  # noqa: S608 - constant

_PAIRS_SQL = """
WITH cells AS (SELECT truth, predicted, count(*) AS n FROM eval_mentions GROUP BY ALL)
SELECT (SELECT sum(n * (n - 1) / 2) FROM (SELECT sum(n) AS n FROM cells GROUP BY truth)),
       (SELECT sum(n * (n - 1) / 2) FROM (SELECT sum(n) AS n FROM cells GROUP BY predicted)),
       (SELECT sum(n * (n - 1) / 2) FROM cells),
       (SELECT count(DISTINCT truth) FROM cells), (SELECT count(DISTINCT predicted) FROM cells)
"""

_SPARSE_SQL = """
WITH cells AS (
    SELECT truth, predicted, count(*) AS n, count(*) FILTER (WHERE sparse) AS s,
           count(*) FILTER (WHERE dated) AS nd, count(*) FILTER (WHERE sparse AND dated) AS sd
    FROM eval_mentions GROUP BY ALL
), people AS (SELECT sum(n) AS n, sum(s) AS s, sum(nd) AS nd, sum(sd) AS sd FROM cells GROUP BY truth)
-- pairs of two sparse mentions: s(s-1)/2; pairs with at least one: all pairs less those with none (and the
-- same among the mentions with a date of birth)
SELECT (SELECT sum(s * (s - 1) / 2) FROM people), (SELECT sum(s * (s - 1) / 2) FROM cells),
       (SELECT sum(n * (n - 1) / 2 - (n - s) * (n - s - 1) / 2) FROM people),
       (SELECT sum(n * (n - 1) / 2 - (n - s) * (n - s - 1) / 2) FROM cells),
       (SELECT sum(nd * (nd - 1) / 2 - (nd - sd) * (nd - sd - 1) / 2) FROM people),
       (SELECT sum(nd * (nd - 1) / 2 - (nd - sd) * (nd - sd - 1) / 2) FROM cells)
"""

_GROUPS_SQL = """
WITH cells AS (SELECT truth, predicted, count(*) AS n FROM eval_mentions GROUP BY ALL),
home AS (SELECT truth, predicted AS home, sum(n) OVER (PARTITION BY truth) AS total FROM cells
         QUALIFY row_number() OVER (PARTITION BY truth ORDER BY n DESC, predicted) = 1),
owner AS (SELECT predicted, truth AS owner FROM cells
          QUALIFY row_number() OVER (PARTITION BY predicted ORDER BY n DESC, truth) = 1),
flagged AS (
    SELECT e.*, (h.total > 1 AND e.predicted <> h.home)::INT AS missed, (e.truth <> o.owner)::INT AS joined
    FROM eval_mentions AS e JOIN home AS h USING (truth) JOIN owner AS o USING (predicted)
)
SELECT dimension, grp, count(*), sum(missed), sum(joined) FROM (
    SELECT 'age band' AS dimension, age_band AS grp, missed, joined FROM flagged
    UNION ALL SELECT 'sex', coalesce(true_sex, 'unknown'), missed, joined FROM flagged
    UNION ALL SELECT 'ethnicity', coalesce(true_ethnicity, 'unknown'), missed, joined FROM flagged
    UNION ALL SELECT 'source', source, missed, joined FROM flagged
) GROUP BY ALL ORDER BY dimension, grp
"""


def evaluate_linkage(workspace: Workspace) -> LinkageEvaluation:
    """Compare the last link run's people with ``truth/`` (a synthetic workspace only)."""
    truth = workspace.truth
    if not (truth / "mentions.parquet").is_file() or not (truth / "people.parquet").is_file():
        raise LinkageError(
            f"no synthetic truth in {truth}: evaluation needs a workspace from `wholefamily generate`"
        )
    con = open_warehouse(workspace.warehouse, read_only=True)
    try:
        runs = (
            con.execute("SELECT run_id, as_of FROM main.link_runs ORDER BY run_id DESC LIMIT 1").fetchall()
            if _has_table(con, "link_runs")
            else []
        )
        if not runs:
            raise LinkageError("no link run in the warehouse: run `wholefamily link` first")
        run_id, as_of = runs[0]
        prepare_input(con, as_of)
        reference = as_of or con.execute(f"SELECT max(delivery_date) FROM {INPUT_TABLE}").fetchall()[0][0]  # noqa: S608
        con.execute(
            _TRUTH_SQL,
            {
                "ref": reference,
                "mentions": str(truth / "mentions.parquet"),
                "people": str(truth / "people.parquet"),
            },
        )
        true_pairs, predicted_pairs, correct, n_true, n_pred = con.execute(_PAIRS_SQL).fetchall()[0]
        mentions = int(con.execute("SELECT count(*) FROM eval_mentions").fetchall()[0][0])
        sparse_true, sparse_correct, name_only_true, name_only_correct, dated_true, dated_correct = (
            con.execute(_SPARSE_SQL).fetchall()[0]
        )
        groups = [
            GroupRate(d, str(g), int(n), int(m), int(j))
            for d, g, n, m, j in con.execute(_GROUPS_SQL).fetchall()
        ]
    finally:
        con.close()
    return LinkageEvaluation(
        run_id,
        str(as_of) if as_of else None,
        mentions,
        int(n_true or 0),
        int(n_pred or 0),
        int(true_pairs or 0),
        int(predicted_pairs or 0),
        int(correct or 0),
        groups,
        PairCounts(int(sparse_true or 0), int(sparse_correct or 0)),
        PairCounts(int(name_only_true or 0), int(name_only_correct or 0)),
        PairCounts(int(dated_true or 0), int(dated_correct or 0)),
    )


def write_report(evaluation: LinkageEvaluation, workspace: Workspace) -> tuple[Path, Path]:
    folder = workspace.reports / "linkage"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    json_path, md_path = folder / f"evaluation-{stamp}.json", folder / f"evaluation-{stamp}.md"
    json_path.write_text(json.dumps(evaluation.to_json(), indent=2, default=str), "utf-8")
    md_path.write_text(evaluation.to_markdown(), "utf-8")
    return json_path, md_path


def _has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return name in published_tables(con)
