"""outcomes end to end on the families the pipeline formed: the generator's casework moved onto them
(``evaluate formed-casework``), then identify, outcomes and agreement with the truth."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from wholefamily.cli import main
from wholefamily.outcomes.accuracy import outcome_agreement
from wholefamily.workspace import Workspace

pytestmark = pytest.mark.slow
GENERATE = ["generate", "--residents", "2000", "--seed", "4", "--deliveries", "12", "--closures", "0.6"]


def invoke(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def authority(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """generate + ingest + link (people and families formed) + casework moved + identify + outcomes."""
    out = tmp_path_factory.mktemp("formed") / "ws"
    invoke(*GENERATE, "--out", str(out))
    invoke("ingest", "--workspace", str(out))
    invoke("link", "--workspace", str(out))
    invoke("evaluate", "formed-casework", "--workspace", str(out))
    invoke("identify", "--workspace", str(out), "--as-of", "2025-11-30")
    invoke("outcomes", "--workspace", str(out), "--as-of", "2026-10-31")
    return out


def _ids(path: Path) -> list[str]:
    return [line.split(",")[0] for line in path.read_text("utf-8").splitlines()[1:]]


def test_the_casework_names_formed_families_and_the_truth_keeps_its_own(authority: Path) -> None:
    moved, original = (
        _ids(authority / "casework" / "milestones.csv"),
        _ids(authority / "truth" / "milestones.csv"),
    )
    with duckdb.connect(str(authority / "warehouse.duckdb"), read_only=True) as con:
        formed = {str(r[0]) for r in con.execute("SELECT family_id FROM family_members").fetchall()}
    assert set(moved) <= formed and len(set(moved)) == len(moved)
    assert not set(moved) & set(original)
    assert len(moved) >= 0.9 * len(original)
    assert len(_ids(authority / "truth" / "family-map.csv")) == len(moved)


def test_moving_again_changes_nothing(authority: Path) -> None:
    before = (authority / "casework" / "milestones.csv").read_bytes()
    invoke("evaluate", "formed-casework", "--workspace", str(authority))
    assert (authority / "casework" / "milestones.csv").read_bytes() == before


def test_outcomes_on_formed_families_agree_with_the_truth(authority: Path) -> None:
    rows = outcome_agreement(Workspace(authority))
    overall = next(a for a in rows if a.horizon_days == 183 and a.key == "all")
    assert overall.pairs >= 20 and overall.rate >= 0.95, overall
