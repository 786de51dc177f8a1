"""``wholefamily link`` twice on unchanged data: the same people, ids, pairs, weights and families.

Each run trains its own model (no saved parameters), so training, scoring, clustering, the id registry and
family formation all have to give the same answer twice.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest
from tests_linkage_helpers import invoke_ok

#: Each published table, as the columns that must not change between runs (run ids and dates do).
_COMPARED = {
    "person_mentions": "mention_key, person_id",
    "persons": "person_id, first_name, surname, dob, sex, postcode, n_mentions, sources",
    "link_pairs": "* EXCLUDE (run_id)",
    "review_pairs": "* EXCLUDE (run_id)",
    "person_registry": "person_id, registered_seq, status, merged_into",
    "families": "* EXCLUDE (run_id)",
    "family_members": "* EXCLUDE (run_id)",
    "family_flags": "*",
    "family_registry": "family_id, status, merged_into",
}


def _published(warehouse: Path) -> dict[str, list[tuple[object, ...]]]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return {
            table: con.execute(f"SELECT {columns} FROM {table} ORDER BY ALL").fetchall()
            for table, columns in _COMPARED.items()
        }


@pytest.mark.slow  # two whole link runs, each training its model (about 20 s)
def test_linking_unchanged_data_again_changes_nothing(template: Path, tmp_path: Path) -> None:
    workspace = tmp_path / "authority"
    shutil.copytree(template, workspace)

    invoke_ok("link", "--workspace", str(workspace))
    first = _published(workspace / "warehouse.duckdb")
    invoke_ok("link", "--workspace", str(workspace))
    second = _published(workspace / "warehouse.duckdb")

    with duckdb.connect(str(workspace / "warehouse.duckdb"), read_only=True) as con:
        runs = [
            json.loads(r[0]) for r in con.execute("SELECT counts FROM link_runs ORDER BY run_id").fetchall()
        ]
        family_aliases = con.execute("SELECT count(*) FROM family_aliases").fetchall()[0][0]
    assert len(runs) == 2
    assert runs[0]["persons"] > 1000 and runs[0]["pairs"] > runs[0]["persons"]
    assert (runs[1]["new_ids"], runs[1]["merged_ids"]) == (0, 0), "the second run minted or merged ids"
    assert family_aliases == 0
    assert all(first.values()), "every table has rows to compare"
    assert [table for table, rows in first.items() if second[table] != rows] == []
