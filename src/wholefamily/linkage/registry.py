"""Stable person ids: the registry of every id ever given, and how a new clustering inherits them.

Rules (decisions.md, "Identity"), applied set-based over the previous run's ``person_mentions``:

* each old id is claimed by the new cluster holding most of its mentions (ties: the smaller cluster
  number), so in a split the id stays with the largest part;
* a cluster that claims several old ids (a merge) keeps the oldest (first registered) and records the
  others as its aliases;
* a cluster that claims none gets a new id: 'P' and 12 random Crockford base-32 characters, never
  derived from any identifier.

Ids whose mentions have all gone stay in the registry as ``retired``; merged ones as ``merged``.
"""

from __future__ import annotations

import os

import duckdb
import numpy as np

_CROCKFORD = np.frombuffer(b"0123456789ABCDEFGHJKMNPQRSTVWXYZ", dtype=np.uint8)


def new_person_ids(count: int) -> list[str]:
    """``count`` opaque ids: 'P' + 12 base-32 characters of 60 random bits."""
    if count == 0:
        return []
    bits = np.frombuffer(os.urandom(8 * count), dtype=np.uint64) >> np.uint64(4)
    shifts = np.arange(55, -1, -5, dtype=np.uint64)
    chars = _CROCKFORD[((bits[:, None] >> shifts[None, :]) & np.uint64(31)).astype(np.intp)]
    body = chars.view(f"S{shifts.size}").ravel()
    return ["P" + b.decode() for b in body.tolist()]


def assign_ids(con: duckdb.DuckDBPyConnection, previous: bool) -> None:
    """From TEMP ``new_clusters(mention_key, cluster)`` build TEMP ``cluster_ids(cluster, person_id,
    is_new)`` and ``new_aliases(alias_id, person_id)``. ``previous``: the warehouse holds a registry
    and the last run's ``person_mentions``."""
    if previous:
        con.execute(
            """
            CREATE OR REPLACE TEMP TABLE claims AS
            WITH overlap AS (
                SELECT c.cluster, pm.person_id, count(*) AS n
                FROM new_clusters AS c JOIN main.person_mentions AS pm USING (mention_key)
                GROUP BY ALL
            )
            SELECT o.person_id, o.cluster, r.registered_seq
            FROM overlap AS o JOIN main.person_registry AS r USING (person_id)
            QUALIFY row_number() OVER (PARTITION BY o.person_id ORDER BY o.n DESC, o.cluster) = 1
            """
        )
    else:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE claims (person_id VARCHAR, cluster BIGINT, registered_seq BIGINT)"
        )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE kept AS
        SELECT cluster, person_id FROM claims
        QUALIFY row_number() OVER (PARTITION BY cluster ORDER BY registered_seq, person_id) = 1
        """
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE new_aliases AS
        SELECT c.person_id AS alias_id, k.person_id
        FROM claims AS c JOIN kept AS k USING (cluster)
        WHERE c.person_id <> k.person_id
        """
    )
    unclaimed = [
        int(r[0])
        for r in con.execute(
            "SELECT DISTINCT cluster FROM new_clusters ANTI JOIN kept USING (cluster) ORDER BY cluster"
        ).fetchall()
    ]
    ids = new_person_ids(len(unclaimed))
    con.execute("CREATE OR REPLACE TEMP TABLE minted (cluster BIGINT, person_id VARCHAR, seq BIGINT)")
    if unclaimed:
        con.execute(
            "INSERT INTO minted SELECT * FROM (SELECT unnest($c) AS cluster, unnest($p) AS person_id, "
            "unnest(range(1, $n + 1)) AS seq)",
            {"c": unclaimed, "p": ids, "n": len(unclaimed)},
        )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE cluster_ids AS
        SELECT cluster, person_id, false AS is_new FROM kept
        UNION ALL SELECT cluster, person_id, true FROM minted
        """
    )


def registry_rows_sql(previous: bool) -> str:
    """SELECT producing the whole new registry (old rows updated, new ids appended); binds $run."""
    fresh = (
        "SELECT m.person_id, base.seq + m.seq AS registered_seq, $run AS registered_run, 'active' AS status, "
        "NULL::VARCHAR AS merged_into, $run AS last_run FROM minted AS m, base"
    )
    if not previous:
        return f"WITH base AS (SELECT 0 AS seq) {fresh}"
    return f"""
        WITH base AS (SELECT coalesce(max(registered_seq), 0) AS seq FROM main.person_registry)
        SELECT r.person_id, r.registered_seq, r.registered_run,
               CASE WHEN k.person_id IS NOT NULL THEN 'active'
                    WHEN a.alias_id IS NOT NULL THEN 'merged'
                    WHEN r.status = 'merged' THEN 'merged'
                    ELSE 'retired' END AS status,
               CASE WHEN k.person_id IS NOT NULL THEN NULL ELSE coalesce(a.person_id, r.merged_into) END
                   AS merged_into,
               CASE WHEN k.person_id IS NOT NULL OR a.alias_id IS NOT NULL THEN $run ELSE r.last_run END
                   AS last_run
        FROM main.person_registry AS r
        LEFT JOIN kept AS k USING (person_id)
        LEFT JOIN new_aliases AS a ON a.alias_id = r.person_id
        UNION ALL {fresh}
    """  # noqa: S608 - constant SQL
