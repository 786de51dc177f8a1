"""Clerical review: the uncertain pairs of the last link run, and the data manager's decisions on them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from wholefamily.decisions import DecisionStore, LinkDecision, LinkVerdict
from wholefamily.linkage.errors import LinkageError
from wholefamily.reports import TableFormat, write_table
from wholefamily.warehouse.connection import open_warehouse, published_tables
from wholefamily.workspace import Workspace


@dataclass(frozen=True)
class ReviewPair:
    mention_key_a: str
    mention_key_b: str
    match_weight: float
    linked_now: bool
    describe_a: str
    describe_b: str


#: The columns of an exported review queue.
EXPORT_HEADER = ("mention_key_a", "mention_key_b", "match_weight", "linked_now", "describe_a", "describe_b")


def review_rows(workspace: Workspace) -> list[tuple[str, str, float, str, str, str]]:
    """The whole queue in review order, as exported rows."""
    return [
        (
            p.mention_key_a,
            p.mention_key_b,
            p.match_weight,
            "yes" if p.linked_now else "no",
            p.describe_a,
            p.describe_b,
        )
        for p in review_queue(workspace, limit=None)
    ]


def export_review_queue(workspace: Workspace, path: Path) -> int:
    """Write the whole queue, in review order, to ``path`` (CSV or XLSX by its suffix). Returns the pairs."""
    fmt = TableFormat.of(path)
    return write_table(path, fmt, EXPORT_HEADER, review_rows(workspace))


def review_queue(workspace: Workspace, limit: int | None) -> list[ReviewPair]:
    """Undecided pairs in the uncertain band, nearest the match threshold first."""
    with open_warehouse(workspace.warehouse, read_only=True) as con:
        if "review_pairs" not in published_tables(con):
            raise LinkageError("no link run in the warehouse: run `wholefamily link` first")
        rows = con.execute(
            """
            WITH m AS (SELECT * FROM main.mentions
                       QUALIFY row_number() OVER (PARTITION BY mention_key ORDER BY delivery_date DESC) = 1)
            SELECT r.mention_key_a, r.mention_key_b, r.match_weight, r.person_id_a = r.person_id_b,
                   concat_ws(' ', a.first_name, a.surname, a.dob, a.postcode),
                   concat_ws(' ', b.first_name, b.surname, b.dob, b.postcode)
            FROM main.review_pairs AS r
            JOIN m AS a ON a.mention_key = r.mention_key_a JOIN m AS b ON b.mention_key = r.mention_key_b
            ORDER BY abs(r.match_weight - (SELECT max(match_threshold) FROM main.link_runs
                                           WHERE run_id = r.run_id)), r.mention_key_a
            LIMIT ?
            """,
            [limit if limit is not None else 2**62],
        ).fetchall()
    return [ReviewPair(*row) for row in rows]


def decide(
    workspace: Workspace, key_a: str, key_b: str, verdict: LinkVerdict, *, by: str, reason: str
) -> LinkDecision:
    """Record that two mentions are (or are not) one person; both must be in the warehouse."""
    keys = [key_a, key_b]
    with open_warehouse(workspace.warehouse, read_only=True) as con:
        found = {
            r[0]
            for r in con.execute(
                "SELECT DISTINCT mention_key FROM main.mentions WHERE list_contains($k, mention_key)",
                {"k": keys},
            ).fetchall()
        }
    missing = [k for k in keys if k not in found]
    if missing:
        raise LinkageError(f"no person mention with key {', '.join(map(repr, missing))} in the warehouse")
    return DecisionStore(workspace.decisions).decide_link(key_a, key_b, verdict, by=by, reason=reason)
