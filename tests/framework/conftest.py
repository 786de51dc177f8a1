"""Fixtures: a tiny warehouse per test, and one small synthetic authority (two deliveries) per session."""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parent))  # pytest's importlib mode does not add test folders

from rule_builders import Tiny

from wholefamily.cli import main
from wholefamily.framework.truth import families_from_truth


@pytest.fixture
def tiny(tmp_path: Path) -> Tiny:
    return Tiny(tmp_path / "warehouse.duckdb")


@pytest.fixture(scope="session")
def authority(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """generate (3,000 residents, monthly deliveries from 2026-07-31 to 2026-10-31) + ingest + people from the truth."""
    out = tmp_path_factory.mktemp("identify") / "ws"
    runner = CliRunner()
    for args in (
        ["generate", "--residents", "3000", "--seed", "4", "--out", str(out), "--deliveries", "4"],
        ["ingest", "--workspace", str(out)],
    ):
        result = runner.invoke(main, args)
        assert result.exit_code == 0, result.output
    with duckdb.connect(str(out / "warehouse.duckdb")) as con:
        families_from_truth(con, out / "truth")
    return out
