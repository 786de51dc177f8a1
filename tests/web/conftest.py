"""Web tests: a world of users of every role and families in every access situation (``web_world.py``)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from django.core.cache import cache

sys.path.insert(0, str(Path(__file__).parent))

from web_world import World, build_world


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    """Each test starts with an empty cache: the feedback link counts tries per address in it, and a count
    left by an earlier test would refuse this one's tries."""
    cache.clear()
