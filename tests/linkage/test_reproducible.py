"""``wholefamily link`` again on unchanged data: the same people, ids, pairs, weights and families.

The second run trains its own model again (``--retrain``), so training, scoring, clustering, the id
registry and family formation all have to give the same answer twice; the third re-uses that model, as a
month without ``--retrain`` does, and has to give the same answer too, with no drift.
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


@pytest.mark.slow  # three whole link runs, two training their model (about 30 s)
def test_linking_unchanged_data_again_changes_nothing(template: Path, tmp_path: Path) -> None:
    workspace = tmp_path / "authority"
    shutil.copytree(template, workspace)

    invoke_ok("link", "--workspace", str(workspace))
    first = _published(workspace / "warehouse.duckdb")
    retrained = invoke_ok("link", "--workspace", str(workspace), "--retrain")
    second = _published(workspace / "warehouse.duckdb")
    reused = invoke_ok("link", "--workspace", str(workspace))
    third = _published(workspace / "warehouse.duckdb")

    with duckdb.connect(str(workspace / "warehouse.duckdb"), read_only=True) as con:
        rows = con.execute("SELECT run_id, counts, model FROM link_runs ORDER BY run_id").fetchall()
        family_aliases = con.execute("SELECT count(*) FROM family_aliases").fetchall()[0][0]
    runs = [json.loads(r[1]) for r in rows]
    models = [json.loads(r[2]) for r in rows]
    assert len(runs) == 3
    assert runs[0]["persons"] > 1000 and runs[0]["pairs"] > runs[0]["persons"]
    assert [m["trained_run"] for m in models] == [rows[0][0], rows[1][0], rows[1][0]]
    assert "Model trained in this run." in retrained.output
    assert f"Model of run {rows[1][0]} re-used" in reused.output
    assert models[2]["drift"] and set(models[2]["drift"].values()) == {0.0}
    assert {**models[2], "drift": {}} == models[1], "the third run re-used the second's model as it was"
    for later in runs[1:]:
        assert (later["new_ids"], later["merged_ids"]) == (0, 0), "a later run minted or merged ids"
    assert family_aliases == 0
    assert all(first.values()), "every table has rows to compare"
    assert [table for table, rows in first.items() if second[table] != rows] == []
    assert [table for table, rows in first.items() if third[table] != rows] == []
