"""Fixtures for family formation tests: a decisions store per test, a small authority per module."""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parent))  # pytest's importlib mode does not add test folders

from family_builders import Tiny, link_from_truth

from wholefamily.cli import main
from wholefamily.decisions import DecisionStore


@pytest.fixture
def store(tmp_path: Path) -> DecisionStore:
    return DecisionStore(tmp_path / "decisions.sqlite")


@pytest.fixture
def tiny(tmp_path: Path) -> Tiny:
    return Tiny(tmp_path / "warehouse.duckdb")


def make_authority(root: Path, residents: int, seed: int, deliveries: int = 1) -> Path:
    """generate + ingest a synthetic authority, then person links from the truth."""
    out = root / "ws"
    runner = CliRunner()
    for args in (
        [
            "generate",
            "--residents",
            str(residents),
            "--seed",
            str(seed),
            "--out",
            str(out),
            "--deliveries",
            str(deliveries),
        ],
        ["ingest", "--workspace", str(out)],
    ):
        result = runner.invoke(main, args)
        assert result.exit_code == 0, result.output
    with duckdb.connect(str(out / "warehouse.duckdb")) as con:
        link_from_truth(con, out / "truth")
    return out
