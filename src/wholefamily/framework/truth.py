"""People and families taken from a synthetic workspace's truth, for measuring ``identify`` alone.

Writes ``person_mentions``, ``persons`` and ``family_members`` in the shapes linkage and family
formation publish (one row per mention key, which every delivery of a record shares), from
``truth/mentions.parquet``, ``people.parquet`` and ``memberships.parquet``, so
that linkage and formation errors are left out of the measurement. Test and benchmark data only: the
pipeline itself never reads the truth.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from wholefamily.warehouse.publish import publish_run
from wholefamily.warehouse.runs import StepRun, runs_behind, utc_now

#: the generator's household roles, in family formation's vocabulary
ROLES = {
    "child": "child",
    "parent": "parent",
    "partner": "carer",
    "single": "other_adult",
    "lodger": "other_adult",
    "grandparent": "grandparent",
    "non_resident_parent": "non_resident_parent",
}


def families_from_truth(con: duckdb.DuckDBPyConnection, truth: Path, run_id: str = "truth") -> None:
    """Publish the truth's people and family memberships in place of linkage's and formation's."""
    started = utc_now()
    inputs = runs_behind(con, ["mentions"])
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE truth_person_mentions AS
        SELECT DISTINCT m.mention_key, t.person_id::VARCHAR AS person_id, $run AS run_id
        FROM mentions m JOIN read_parquet($mentions) t
          ON m.source = t.source AND m.file = t.file AND m.sheet IS NOT DISTINCT FROM t.sheet
         AND m.row_number = t.row_number AND m.people_group = t.people_group
         AND m.person_index = t.person_index AND m.delivery_date = t.delivery_date
        """,
        {"run": run_id, "mentions": str(truth / "mentions.parquet")},
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE truth_persons AS
        SELECT person_id::VARCHAR AS person_id, first_name::VARCHAR AS first_name, surname::VARCHAR AS surname,
               dob::DATE AS dob, sex::VARCHAR AS sex, NULL::VARCHAR AS postcode, NULL::BIGINT AS n_mentions,
               NULL::VARCHAR[] AS sources
        FROM read_parquet($people)
        """,
        {"people": str(truth / "people.parquet")},
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE truth_family_members AS
        SELECT family_id::VARCHAR AS family_id, person_id::VARCHAR AS person_id,
               coalesce(list_extract($to, list_position($from, role)), 'other_adult') AS role,
               role <> 'non_resident_parent' AS resident, start_date::DATE AS start_date,
               end_date::DATE AS end_date, ['from the synthetic truth'] AS evidence, $run AS run_id
        FROM read_parquet($members)
        """,
        {
            "run": run_id,
            "members": str(truth / "memberships.parquet"),
            "from": list(ROLES),
            "to": list(ROLES.values()),
        },
    )
    publish_run(
        con,
        StepRun(run_id, "truth", started, None, inputs),
        replace={name: f"truth_{name}" for name in ("person_mentions", "persons", "family_members")},
    )
