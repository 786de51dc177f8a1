"""Fixtures for ingest tests: a fresh workspace per test."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # pytest's importlib mode does not add test folders

from workspace_builder import Ws

from wholefamily.workspace import Workspace


@pytest.fixture
def ws(tmp_path: Path) -> Ws:
    Workspace(tmp_path / "ws").create("test workspace")
    return Ws(tmp_path / "ws")
