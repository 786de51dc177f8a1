"""Stable family ids: the registry of every id issued, and the rule that carries ids across runs.

Each old family passes its id to the group now holding most of its previous members (its successor;
on a tie, the group it matches most closely).
A group that is the successor of several old families (a merge) keeps the oldest id among the parts of
comparable size (more than half the members of the biggest part), so a family that takes in one person
keeps its own id; the other ids become aliases of it. A group that succeeds nobody gets a new id. The part of a split family that holds the
most members keeps the id. Ids are 'F' + a ULID (time and randomness only, never personal data), so
the oldest id is the smallest.
"""

from __future__ import annotations

import datetime as dt
import os
import time

import duckdb
import numpy as np
import pyarrow as pa

from wholefamily.warehouse.connection import published_tables
from wholefamily.warehouse.tables import table

_CROCKFORD = np.array(list("0123456789ABCDEFGHJKMNPQRSTVWXYZ"))


def new_family_ids(count: int, now: float | None = None) -> list[str]:
    """``count`` new ids: 'F' + ULID (48-bit milliseconds, 80 random bits, Crockford base 32)."""
    millis = int((time.time() if now is None else now) * 1000)
    head = "F" + "".join(_CROCKFORD[(millis >> shift) & 31] for shift in range(45, -5, -5))
    if count == 0:
        return []
    bits = np.unpackbits(np.frombuffer(os.urandom(10 * count), dtype=np.uint8)).reshape(count, 16, 5)
    digits = bits @ np.array([16, 8, 4, 2, 1], dtype=np.uint8)
    tails = np.ascontiguousarray(_CROCKFORD[digits]).view("<U16").ravel()
    return [head + str(t) for t in tails.tolist()]


def assign_ids(con: duckdb.DuckDBPyConnection, run_id: str, as_of: dt.date) -> dict[str, int]:
    """Give every group in TEMP fm_group an id; stage the registry and aliases as TEMP fm_out_registry and
    fm_out_aliases. Needs TEMP fm_previous (family_id, person_id). Returns counts kept/new/merged."""
    con.execute(table("family_registry").ddl(if_not_exists=True))
    con.execute(table("family_aliases").ddl(if_not_exists=True))
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE fm_successor AS
        WITH overlap AS (
            SELECT g.g, f.family_id, count(*) AS n FROM fm_group g JOIN fm_person p USING (idx)
            JOIN fm_previous f ON f.person_id = p.person_id GROUP BY ALL
        ), sizes AS (
            SELECT o.*, (SELECT count(*) FROM fm_previous x WHERE x.family_id = o.family_id) AS old_size,
                   (SELECT count(*) FROM fm_group y WHERE y.g = o.g) AS new_size
            FROM overlap o
        )  -- most shared members; on a tie the closest match (Jaccard), then not a part a correction split off
        SELECT family_id, arg_max(g, (n, n / (old_size + new_size - n), g)) AS g, max(n) AS n
        FROM sizes GROUP BY family_id
        """
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE fm_ids AS
        WITH ranked AS (  -- comparable parts: more than half as many shared members as the biggest part
            SELECT *, n * 2 > max(n) OVER (PARTITION BY g) AS comparable FROM fm_successor
        )
        SELECT g, min(family_id) FILTER (WHERE comparable) AS family_id,
               list_filter(list(family_id ORDER BY family_id),
                           lambda f: f <> min(family_id) FILTER (WHERE comparable)) AS merged
        FROM ranked GROUP BY g
        """
    )
    fresh = con.execute(
        "SELECT DISTINCT g FROM fm_group WHERE g NOT IN (SELECT g FROM fm_ids) ORDER BY g"
    ).fetchnumpy()["g"]
    con.register(
        "fm_arrow_ids",
        pa.table({"g": np.asarray(fresh, np.int64), "family_id": new_family_ids(int(fresh.size))}),
    )
    con.execute("INSERT INTO fm_ids SELECT g, family_id, [] FROM fm_arrow_ids")
    con.unregister("fm_arrow_ids")
    params = {"run": run_id, "as_of": as_of}
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE fm_out_aliases AS
        SELECT * FROM main.family_aliases
        UNION ALL
        SELECT unnest(merged), family_id, $run, $as_of, 'merged' FROM fm_ids WHERE len(merged) > 0
        """,
        params,
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE fm_out_registry AS
        WITH merged AS (SELECT unnest(merged) AS family_id, family_id AS into FROM fm_ids)
        SELECT r.family_id, r.created_run_id, r.created_as_of,
               CASE WHEN i.family_id IS NOT NULL THEN $run ELSE r.last_run_id END AS last_run_id,
               CASE WHEN i.family_id IS NOT NULL THEN $as_of ELSE r.last_as_of END AS last_as_of,
               CASE WHEN i.family_id IS NOT NULL THEN 'active' WHEN m.into IS NOT NULL THEN 'merged'
                    WHEN r.status = 'merged' THEN 'merged' ELSE 'inactive' END AS status,
               coalesce(m.into, CASE WHEN i.family_id IS NULL THEN r.merged_into END) AS merged_into
        FROM main.family_registry r LEFT JOIN fm_ids i USING (family_id) LEFT JOIN merged m USING (family_id)
        UNION ALL
        SELECT family_id, $run, $as_of, $run, $as_of, 'active', NULL FROM fm_ids
        WHERE family_id NOT IN (SELECT family_id FROM main.family_registry)
        """,
        params,
    )
    counts = con.execute(
        """
        SELECT count(*) FILTER (WHERE family_id IN (SELECT family_id FROM main.family_registry)),
               count(*) FILTER (WHERE family_id NOT IN (SELECT family_id FROM main.family_registry)),
               coalesce(sum(len(merged)), 0)
        FROM fm_ids
        """
    ).fetchone()
    assert counts is not None
    return {"kept": int(counts[0]), "new": int(counts[1]), "merged": int(counts[2])}


def resolve(con: duckdb.DuckDBPyConnection, family_id: str) -> str:
    """The id a family goes by now (following merges); the id itself when it was never merged."""
    if "family_aliases" not in published_tables(con):
        return family_id
    seen = {family_id}
    current = family_id
    while True:
        row = con.execute(
            "SELECT family_id FROM main.family_aliases WHERE alias_id = ? ORDER BY as_of DESC LIMIT 1",
            [current],
        ).fetchone()
        if row is None or row[0] in seen:
            return current
        current = str(row[0])
        seen.add(current)
