"""Fixtures: small synthetic authorities generated with and without a programme effect (session-wide:
each takes a minute or two to generate and ingest)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # pytest's importlib mode does not add test folders

from authorities import build_authority


@pytest.fixture(scope="session")
def with_effect(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_authority(tmp_path_factory.mktemp("impact-effect"), "0.5")


@pytest.fixture(scope="session")
def without_effect(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_authority(tmp_path_factory.mktemp("impact-none"), "0")
