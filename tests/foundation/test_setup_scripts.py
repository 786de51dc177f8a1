"""The set-up and the PostgreSQL pass of ``make test`` say clearly what is missing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(script: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ROOT / "scripts" / script)], env=env, capture_output=True, text=True, check=False, timeout=60
    )


def _closed_port_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["WHOLEFAMILY_TEST_DATABASE_URL"] = "postgresql://postgres@127.0.0.1:9/wholefamily_test"
    return env | extra


def test_postgresql_pass_is_skipped_with_a_note_without_a_server() -> None:
    run = _run("test-postgresql.sh", _closed_port_env())
    assert run.returncode == 0
    assert "SKIPPED" in run.stdout and "127.0.0.1:9" in run.stdout


def test_postgresql_pass_fails_under_ci_without_a_server() -> None:
    run = _run("test-postgresql.sh", _closed_port_env(CI="true"))
    assert run.returncode == 1
    assert "127.0.0.1:9" in run.stderr and "CI" in run.stderr


def _path_with(tmp_path: Path, node_version: str | None) -> dict[str, str]:
    """A PATH with what the set-up needs before it reaches Node.js, and a Node.js of the given version."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("bash", "env", "dirname", "sed", "make"):
        found = shutil.which(tool)
        assert found, tool
        (bin_dir / tool).symlink_to(found)
    (bin_dir / "python3").symlink_to(Path(sys.executable).resolve())
    if node_version:
        for tool, output in (("node", node_version), ("npm", "10.0.0")):
            (bin_dir / tool).write_text(f"#!/bin/sh\necho {output}\n")
            (bin_dir / tool).chmod(0o755)
    return {"PATH": str(bin_dir), "HOME": str(tmp_path)}


def test_setup_names_node_when_it_is_missing(tmp_path: Path) -> None:
    run = _run("setup.sh", _path_with(tmp_path, None))
    assert run.returncode == 1
    assert "node is required" in run.stderr and "Node.js 20" in run.stderr


def test_setup_refuses_an_old_node(tmp_path: Path) -> None:
    run = _run("setup.sh", _path_with(tmp_path, "v18.19.0"))
    assert run.returncode == 1
    assert "Node.js v18.19.0 is too old" in run.stderr and "apt-get install npm" in run.stderr
