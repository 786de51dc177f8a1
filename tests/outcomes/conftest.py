"""Fixtures: a tiny workspace with one family worked with."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent.parent / "framework"))  # identify's tiny warehouses
sys.path.insert(0, str(Path(__file__).parent))  # pytest's importlib mode does not add test folders

from tiny_casework import Family


@pytest.fixture
def family(tmp_path: Path) -> Family:
    return Family(tmp_path / "ws")
