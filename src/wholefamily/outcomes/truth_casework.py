"""The generator's casework moved onto the families the pipeline formed, so that a synthetic authority runs
from partner files to outcomes and claims as a council's would.

The generator knows its own families (``F0000043``) and writes their milestones under those ids; a
council's casework site exports the ids of the families the pipeline formed and published. This reads the
truth (like the accuracy modules, never a step) and rewrites ``casework/milestones.csv`` with each true
family's formed family: the one holding most of its members. The generator's own file is kept as
``truth/milestones.csv`` and the map as ``truth/family-map.csv``, which ``evaluate outcomes`` reads to
compare each formed family's outcomes with its true family's. A true family none of whose members the
pipeline saw has no formed family and is left out; two true families formed as one keep the larger.
"""

from __future__ import annotations

import csv
import shutil
from dataclasses import dataclass

from wholefamily.outcomes.errors import OutcomesError
from wholefamily.reports import write_csv_atomically
from wholefamily.warehouse.connection import open_warehouse, published_tables
from wholefamily.workspace import Workspace

MAP_FILE = "family-map.csv"

_FORMED_SQL = """
WITH truth_mentions AS (SELECT * FROM read_parquet($mentions)),
formed AS (
    SELECT DISTINCT t.person_id AS truth_person, f.family_id
    FROM main.mentions AS m
    JOIN truth_mentions AS t
      ON t.source = m.source AND t.file = m.file AND t.sheet IS NOT DISTINCT FROM m.sheet
     AND t.row_number = m.row_number AND t.people_group = m.people_group
     AND t.person_index = m.person_index AND t.delivery_date = m.delivery_date
    JOIN main.person_mentions AS pm ON pm.mention_key = m.mention_key
    JOIN main.family_members AS f ON f.person_id = pm.person_id AND f.end_date IS NULL
), members AS (
    SELECT DISTINCT family_id AS truth_family, person_id AS truth_person FROM read_parquet($memberships)
), votes AS (
    SELECT m.truth_family, f.family_id, count(*) AS members
    FROM members AS m JOIN formed AS f USING (truth_person) GROUP BY ALL
), best AS (
    FROM votes QUALIFY row_number() OVER (PARTITION BY truth_family ORDER BY members DESC, family_id) = 1
)
SELECT truth_family, family_id FROM best
QUALIFY row_number() OVER (PARTITION BY family_id ORDER BY members DESC, truth_family) = 1
ORDER BY truth_family
"""


@dataclass(frozen=True)
class MovedCasework:
    families: int  # families in the generator's milestones
    moved: int  # of them, on a formed family now


def casework_on_formed_families(workspace: Workspace) -> MovedCasework:
    """Rewrite ``casework/milestones.csv`` with the formed families' ids (see the module's docstring)."""
    original = workspace.truth / "milestones.csv"
    if not original.is_file():
        if not workspace.milestones.is_file():
            raise OutcomesError(
                f"no {workspace.milestones}: generate the authority with --closures to have casework to move"
            )
        shutil.copyfile(workspace.milestones, original)
    with open_warehouse(workspace.warehouse, read_only=True) as con:
        if "family_members" not in published_tables(con):
            raise OutcomesError("the warehouse has no families: run `wholefamily link` first")
        mapping = dict(
            con.execute(
                _FORMED_SQL,
                {
                    "mentions": str(workspace.truth / "mentions.parquet"),
                    "memberships": str(workspace.truth / "memberships.parquet"),
                },
            ).fetchall()
        )
    with original.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = list(reader)
    moved = [[mapping[row[0]], *row[1:]] for row in rows if row and row[0] in mapping]
    write_csv_atomically(workspace.milestones, header, moved)
    write_csv_atomically(
        workspace.truth / MAP_FILE,
        ["truth_family_id", "family_id"],
        [[row[0], mapping[row[0]]] for row in rows if row and row[0] in mapping],
    )
    return MovedCasework(len(rows), len(moved))
