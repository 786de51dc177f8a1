"""The workspace's DuckDB memory limit: parsed and checked, applied to every connection, spilling to disk."""

from __future__ import annotations

from pathlib import Path

import pytest

from wholefamily.linkage.engine import splink_database
from wholefamily.warehouse.connection import open_warehouse
from wholefamily.warehouse.memory import ENV_VAR, SETTING, machine_memory, memory_settings, parse_limit
from wholefamily.workspace import Workspace, WorkspaceError


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    monkeypatch.delenv(ENV_VAR, raising=False)
    ws = Workspace(tmp_path / "ws")
    ws.create("test")
    return ws


def _set(workspace: Workspace, value: str) -> None:
    with workspace.marker.open("a", encoding="utf-8") as out:
        out.write(f"{SETTING}: {value!r}\n")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("8GB", 8 * 10**9), ("512MiB", 512 * 2**20), ("1.5 GiB", int(1.5 * 2**30)), ("100000000", 10**8)],
)
def test_sizes(text: str, expected: int) -> None:
    assert parse_limit(text, "here") == expected


def test_a_share_is_of_the_machines_memory() -> None:
    assert parse_limit("50%", "here") == int(machine_memory() * 0.5)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("lots", "not a size"),
        ("8 parsecs", "not a size"),
        ("0%", "between 1% and 100%"),
        ("150%", "between"),
        ("1MB", "below the 64 MiB"),
    ],
)
def test_bad_values_are_named(text: str, message: str) -> None:
    with pytest.raises(WorkspaceError, match=message) as caught:
        parse_limit(text, "wholefamily-workspace.yaml: duckdb_memory_limit")
    assert "duckdb_memory_limit" in str(caught.value)


def test_the_default_is_a_share_and_spills_inside_the_workspace(workspace: Workspace) -> None:
    settings = memory_settings(workspace.root)
    assert settings.limit_bytes == int(machine_memory() * 0.25)
    assert settings.spill_directory == workspace.root / "tmp" / "duckdb"


def test_the_environment_wins_over_the_workspace(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    _set(workspace, "2GB")
    assert memory_settings(workspace.root).limit_bytes == 2 * 10**9
    monkeypatch.setenv(ENV_VAR, "3GB")
    assert memory_settings(workspace.root).limit_bytes == 3 * 10**9
    monkeypatch.setenv(ENV_VAR, "three")
    with pytest.raises(WorkspaceError, match=rf"\${ENV_VAR}"):
        memory_settings(workspace.root)


def test_a_bad_setting_names_the_file(workspace: Workspace) -> None:
    _set(workspace, "a lot")
    with pytest.raises(WorkspaceError, match=f"wholefamily-workspace.yaml: {SETTING}"):
        open_warehouse(workspace.warehouse, create=True)


def test_the_warehouse_works_under_its_limit_by_spilling(workspace: Workspace) -> None:
    """A sort bigger than a 64 MiB limit finishes, spilling to the workspace's disk."""
    _set(workspace, "64MiB")
    con = open_warehouse(workspace.warehouse, create=True)
    try:
        limit = con.execute("SELECT current_setting('memory_limit')").fetchone()
        assert limit is not None and str(limit[0]).replace(" ", "").startswith("64.0MiB")
        spill = con.execute("SELECT current_setting('temp_directory')").fetchone()
        assert spill is not None and Path(str(spill[0])) == workspace.root / "tmp" / "duckdb"
        con.execute("SET threads = 1")
        row = con.execute(
            "SELECT count(*), min(r), max(r) FROM (SELECT hash(i) AS h, row_number() OVER (ORDER BY hash(i)) AS r "
            "FROM range(6000000) t(i))"
        ).fetchone()
        assert row == (6_000_000, 1, 6_000_000)
    finally:
        con.close()


def test_splinks_own_database_takes_the_same_limit(workspace: Workspace) -> None:
    _set(workspace, "256MiB")
    with splink_database(memory_settings(workspace.root), threads=1) as db_api:
        settings = db_api._con.execute(  # the connection Splink runs its SQL on
            "SELECT current_setting('memory_limit'), current_setting('threads')"
        ).fetchone()
    assert (
        settings is not None and str(settings[0]).replace(" ", "").startswith("256.0MiB") and settings[1] == 1
    )
