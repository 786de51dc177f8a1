"""A small synthetic authority with casework closures (people and families from the truth), identified
on the first delivery and judged on the last; each test gets its own copy of the workspace."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import duckdb
import pytest

from wholefamily.framework.truth import families_from_truth
from wholefamily.workspace import Workspace

sys.path.insert(0, str(Path(__file__).parent))  # pytest's importlib mode does not add test folders

from claims_commands import GENERATE, invoke


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("claims") / "ws"
    invoke(*GENERATE, "--out", str(out))
    invoke("ingest", "--workspace", str(out))
    with duckdb.connect(str(out / "warehouse.duckdb")) as con:
        families_from_truth(con, out / "truth")
    invoke("identify", "--workspace", str(out), "--as-of", "2025-11-30")
    invoke("outcomes", "--workspace", str(out), "--as-of", "2026-10-31")
    return out


@pytest.fixture
def ws(built: Path, tmp_path: Path) -> Workspace:
    copy = tmp_path / "ws"
    shutil.copytree(built, copy)
    return Workspace(copy)


@pytest.fixture
def one_need(tmp_path: Path) -> Path:
    """Local rules asking for one need: the small authority's families worked with rarely have three."""
    path = tmp_path / "local-claims.yaml"
    path.write_text("settings:\n  min_needs: 1\n", "utf-8")
    return path
