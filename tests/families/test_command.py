"""The `families` command group on a tiny workspace: build, show, correct, list and withdraw."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
from click.testing import CliRunner
from family_builders import Tiny, person

from wholefamily.cli.families import families
from wholefamily.workspace import Workspace


def _workspace(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    Workspace(root).create("families command test")
    tiny = Tiny(root / "warehouse.duckdb")
    tiny.add(
        "housing_tenancies",
        "T1",
        [
            {**person("MUM", "GREEN", "1980-01-01", "WX1 1AA"), "role": "tenant"},
            {**person("KID", "GREEN", "2014-01-01"), "role": "occupant"},
        ],
    )
    tiny.add(
        "dwp_benefits",
        "C1",
        [person("AUNT", "BLACK", "1978-01-01", "WX1 1AA")],
        date="2026-01-01",
        kind="benefit_spell",
    )
    tiny.build().close()
    return root


def _family(root: Path, person_id: str) -> str:
    with duckdb.connect(str(root / "warehouse.duckdb"), read_only=True) as con:
        row = con.execute(
            "SELECT family_id FROM family_members WHERE person_id = ? AND end_date IS NULL", [person_id]
        ).fetchone()
    assert row is not None
    return str(row[0])


def test_build_show_move_decisions_withdraw(tmp_path: Path) -> None:
    root = _workspace(tmp_path)
    runner = CliRunner()
    ws = ["--workspace", str(root)]
    built = runner.invoke(families, ["build", *ws])
    assert built.exit_code == 0, built.output
    assert re.search(r"families \(every household\)\s*│\s*2", built.output)
    green = _family(root, "MUM")
    shown = runner.invoke(families, ["show", green, *ws])
    assert shown.exit_code == 0, shown.output
    assert "KID" in shown.output and "child" in shown.output and "stated" in shown.output
    moved = runner.invoke(
        families, ["move", "AUNT", "--to", green, "--by", "Dana", "--reason", "lives there", *ws]
    )
    assert moved.exit_code == 0, moved.output
    assert _family(root, "AUNT") == green
    history = runner.invoke(families, ["decisions", *ws])
    assert "move_person" in history.output and "Dana" in history.output
    withdrawn = runner.invoke(families, ["withdraw", "1", "--by", "Dana", *ws])
    assert withdrawn.exit_code == 0, withdrawn.output
    assert _family(root, "AUNT") != green
    assert "Dana at" in runner.invoke(families, ["decisions", *ws]).output


def test_clear_errors(tmp_path: Path) -> None:
    root = _workspace(tmp_path)
    runner = CliRunner()
    ws = ["--workspace", str(root)]
    early = runner.invoke(families, ["show", "FNOPE", *ws])
    assert early.exit_code == 2 and "no families yet" in early.output
    runner.invoke(families, ["build", *ws])
    missing = runner.invoke(families, ["split", _family(root, "MUM"), "STRANGER", "--by", "Dana", *ws])
    assert missing.exit_code == 2 and "not members" in missing.output
    empty = tmp_path / "empty"
    Workspace(empty).create("no warehouse")
    nothing = runner.invoke(families, ["build", "--workspace", str(empty)])
    assert nothing.exit_code == 2 and "run `wholefamily ingest` first" in nothing.output
