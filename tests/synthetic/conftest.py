from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from wholefamily.cli import main


def run_generate(out: Path, *args: str) -> None:
    result = CliRunner().invoke(main, ["generate", "--out", str(out), *args])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="session")
def authority(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small authority with two monthly deliveries."""
    out = tmp_path_factory.mktemp("synthetic") / "ws"
    run_generate(out, "--residents", "5000", "--seed", "5", "--deliveries", "2")
    return out


@pytest.fixture
def generate_into() -> Callable[..., None]:
    return run_generate
