"""A small synthetic authority with casework (people and families from the truth), identified on two
dates, so that there is a trend and a previous run; each test that writes gets its own copy."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from wholefamily.cli import main
from wholefamily.framework.truth import families_from_truth
from wholefamily.workspace import Workspace


def invoke(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("insight") / "ws"
    invoke(
        "generate",
        "--residents",
        "1500",
        "--seed",
        "3",
        "--deliveries",
        "12",
        "--closures",
        "0.6",
        "--out",
        str(out),
    )
    invoke("ingest", "--workspace", str(out))
    with duckdb.connect(str(out / "warehouse.duckdb")) as con:
        families_from_truth(con, out / "truth")
    invoke("identify", "--workspace", str(out), "--as-of", "2025-11-30")
    invoke("identify", "--workspace", str(out), "--as-of", "2026-02-28")
    return out


@pytest.fixture
def ws(built: Path, tmp_path: Path) -> Workspace:
    copy = tmp_path / "ws"
    shutil.copytree(built, copy)
    return Workspace(copy)
