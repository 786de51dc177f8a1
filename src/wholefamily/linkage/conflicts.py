"""What keeps two mentions apart however strongly the evidence between them scores.

Both kinds are applied like "not same" decisions (``clustering.cluster``):

- **a partner's own record** says they are two people: two people named in one record (a child and her
  mother in one health-visiting row), or a person and someone named on that person's own record (a pupil
  and the mother on the pupil's school record), who otherwise link when a parent and child share a name
  and an address;
- **their dates of birth**, for two mentions a cluster holds with no strong pair between them: two full
  dates farther apart than the widest level of the date comparison (ten years) and more than two
  keystrokes apart are two people. A mother and a daughter of one name are rarely joined by a direct
  pair, but often through a mention with no date of birth that matches both (a parent named on a school
  contact), and the pair-level constraint above cannot see that chain. A strong pair has already weighed
  its two dates: a mention strongly paired with a far date (a wholly mistyped date of birth) conflicts with
  no one. Two dates that a third date in the cluster is close to both of (an original record and two
  differently mistyped copies of it) stand too.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pyarrow as pa

from wholefamily.linkage.prepare import INPUT_TABLE

#: Dates of birth farther apart than this (days: ten years) cannot be one person's, unless one is a typo of
#: the other (at most this many keystrokes apart: a mistyped decade, two digits transposed and one changed).
BIRTH_DATES_APART_DAYS = 3653
BIRTH_DATE_KEYSTROKES = 2

#: Two dates of birth that may be one person's: close, or a typo of each other.
_COMPATIBLE = (
    f"(abs({{x}}.dob - {{y}}.dob) <= {BIRTH_DATES_APART_DAYS} "
    f"OR damerau_levenshtein({{x}}.dob_text, {{y}}.dob_text) <= {BIRTH_DATE_KEYSTROKES})"
)

_RECORD_SQL = f"""
INSERT INTO record_conflict_pairs
SELECT p.unique_id_l, p.unique_id_r
FROM {{pairs}} AS p
JOIN {INPUT_TABLE} AS a ON a.unique_id = p.unique_id_l
JOIN {INPUT_TABLE} AS b ON b.unique_id = p.unique_id_r
WHERE (
    (a.source = b.source AND a.record_key = b.record_key AND a.delivery_date = b.delivery_date)
    OR (a.slot_ref IS NOT NULL AND a.record_anchor = b.local_ref)
    OR (b.slot_ref IS NOT NULL AND b.record_anchor = a.local_ref))
"""  # noqa: S608 - constant table name

_BIRTH_DATES_SQL = f"""
WITH dated AS (
    SELECT i.unique_id, l.cluster, i.dob, i.dob_text
    FROM {INPUT_TABLE} AS i JOIN conflict_labels AS l USING (unique_id)
    WHERE i.dob IS NOT NULL
), spread AS (
    SELECT * FROM dated WHERE cluster IN (
        SELECT cluster FROM dated GROUP BY cluster HAVING max(dob) - min(dob) > {BIRTH_DATES_APART_DAYS})
), outweighed AS (
    SELECT unnest([a.unique_id, b.unique_id]) AS unique_id
    FROM strong_pairs AS s
    JOIN spread AS a ON a.unique_id = s.unique_id_l
    JOIN spread AS b ON b.unique_id = s.unique_id_r
    WHERE NOT ({_COMPATIBLE.format(x="a", y="b")})
)
SELECT a.unique_id, b.unique_id
FROM spread AS a JOIN spread AS b ON a.cluster = b.cluster AND a.unique_id < b.unique_id
WHERE NOT ({_COMPATIBLE.format(x="a", y="b")})
  AND a.unique_id NOT IN (SELECT unique_id FROM outweighed)
  AND b.unique_id NOT IN (SELECT unique_id FROM outweighed)
  AND NOT EXISTS (
      SELECT 1 FROM spread AS c
      WHERE c.cluster = a.cluster AND {_COMPATIBLE.format(x="a", y="c")} AND {_COMPATIBLE.format(x="b", y="c")})
ORDER BY 1, 2
"""  # noqa: S608 - constant names and number


def find_record_conflicts(con: duckdb.DuckDBPyConnection, pairs: str, *, add: bool = False) -> None:
    """Keep in TEMP ``record_conflict_pairs`` the scored pairs of the table ``pairs`` that a partner's own
    record says are two people (``add``: beside those found before). Found once for every scored pair, they
    serve each clustering of a run, which takes those among its strong pairs (``record_conflicts``)."""
    if not add:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE record_conflict_pairs (unique_id_l BIGINT, unique_id_r BIGINT)"
        )
    con.execute(_RECORD_SQL.replace("{pairs}", pairs))


def record_conflicts(con: duckdb.DuckDBPyConnection) -> list[tuple[int, int]]:
    """Strong pairs (``strong_pairs``) that a partner's own record says are two people (of those
    ``find_record_conflicts`` found)."""
    rows = con.execute(
        "SELECT unique_id_l, unique_id_r FROM record_conflict_pairs "
        "SEMI JOIN strong_pairs USING (unique_id_l, unique_id_r) ORDER BY ALL"
    ).fetchall()
    return [(int(a), int(b)) for a, b in rows]


def birth_date_conflicts(con: duckdb.DuckDBPyConnection, labels: np.ndarray) -> list[tuple[int, int]]:
    """Every two mentions that one cluster of ``labels`` (indexed by ``unique_id``) holds and whose dates of
    birth say they are two people."""
    table = pa.table({"unique_id": np.arange(len(labels), dtype=np.int64), "cluster": labels})
    con.register("conflict_labels", table)
    try:
        return [(int(a), int(b)) for a, b in con.execute(_BIRTH_DATES_SQL).fetchall()]
    finally:
        con.unregister("conflict_labels")
