"""One small synthetic authority per session: generated, ingested, with people and families from the truth."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from wholefamily.cli import main
from wholefamily.framework.truth import families_from_truth


@pytest.fixture(scope="session")
def authority(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """(workspace, ingest output): 1,500 residents, two monthly deliveries ending 2026-10-31, ingested, with
    people and families from the truth and needs identified on the last delivery."""
    out = tmp_path_factory.mktemp("governance") / "ws"
    runner = CliRunner()
    outputs = []
    for args in (
        [
            "generate",
            "--residents",
            "1500",
            "--seed",
            "7",
            "--out",
            str(out),
            "--deliveries",
            "2",
            "--today",
            "2026-10-31",
        ],
        ["ingest", "--workspace", str(out)],
    ):
        result = runner.invoke(main, args)
        assert result.exit_code == 0, result.output
        outputs.append(result.output)
    with duckdb.connect(str(out / "warehouse.duckdb")) as con:
        families_from_truth(con, out / "truth")
    identified = runner.invoke(main, ["identify", "--workspace", str(out), "--as-of", "2026-10-31"])
    assert identified.exit_code == 0, identified.output
    return out, outputs[-1]
