"""Commands find their workspace from --workspace, $WHOLEFAMILY_HOME or the current folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from wholefamily.workspace import Workspace, WorkspaceError, find_workspace


def test_a_created_workspace_is_found_from_a_subfolder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Workspace(tmp_path / "county").create("test county")
    monkeypatch.delenv("WHOLEFAMILY_HOME", raising=False)
    monkeypatch.chdir(tmp_path / "county" / "extracts")
    assert find_workspace().root == (tmp_path / "county").resolve()


def test_the_environment_names_the_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Workspace(tmp_path / "county").create("test county")
    monkeypatch.setenv("WHOLEFAMILY_HOME", str(tmp_path / "county"))
    assert find_workspace().warehouse == (tmp_path / "county" / "warehouse.duckdb").resolve()


def test_a_folder_that_is_not_a_workspace_is_refused_with_advice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("WHOLEFAMILY_HOME", raising=False)
    with pytest.raises(WorkspaceError, match="wholefamily generate --out DIR"):
        find_workspace(tmp_path)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(WorkspaceError, match="no wholefamily workspace"):
        find_workspace()
