"""Small synthetic authorities with a known programme effect, shared by the evidence tests."""

from __future__ import annotations

from pathlib import Path

import duckdb
from click.testing import CliRunner

from wholefamily.cli import main
from wholefamily.framework.truth import families_from_truth

INDEX, AS_OF = "2026-04-30", "2026-10-31"  # the first and last of 7 monthly deliveries
GENERATE = ["generate", "--residents", "10000", "--seed", "4", "--deliveries", "7", "--closures", "0.5"]


def invoke(*args: str, code: int = 0) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == code, result.output
    return result.output


def build_authority(folder: Path, effect: str) -> Path:
    """generate with the effect + ingest + people and families from the truth + identify on the index date."""
    out = folder / "ws"
    invoke(*GENERATE, "--programme-effect", effect, "--out", str(out))
    invoke("ingest", "--workspace", str(out))
    with duckdb.connect(str(out / "warehouse.duckdb")) as con:
        families_from_truth(con, out / "truth")
    invoke("identify", "--workspace", str(out), "--as-of", INDEX)
    return out
