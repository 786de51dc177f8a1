"""Fixtures for linkage tests: one small synthetic authority with two monthly deliveries, generated and
ingested once per session; each module links its own copy."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # pytest's importlib mode does not add test folders

from tests_linkage_helpers import invoke_ok

from wholefamily.linkage.model import ModelParameters
from wholefamily.linkage.run import run_link
from wholefamily.workspace import Workspace

FIRST_DELIVERY = "2026-09-30"


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Generated with two deliveries and ingested as of the first (tests ingest the second themselves)."""
    out = tmp_path_factory.mktemp("linkage") / "authority"
    invoke_ok("generate", "--residents", "2500", "--seed", "5", "--deliveries", "2", "--out", str(out))
    assert sorted(p.name for p in (out / "extracts").iterdir()) == [FIRST_DELIVERY, "2026-10-31"]
    invoke_ok("ingest", "--workspace", str(out), "--as-of", FIRST_DELIVERY)
    return out


@pytest.fixture(scope="session")
def trained(template: Path, tmp_path_factory: pytest.TempPathFactory) -> ModelParameters:
    """Parameters trained once on the template; later runs reuse them to stay fast."""
    copy = tmp_path_factory.mktemp("trained") / "authority"
    shutil.copytree(template, copy)
    params = run_link(Workspace(copy)).params
    assert params is not None
    return params


@pytest.fixture(scope="module")
def authority(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    copy = tmp_path_factory.mktemp("module") / "authority"
    shutil.copytree(template, copy)
    return Workspace(copy)
