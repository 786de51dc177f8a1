"""Bad or missing inputs give one clear message; the commands run end to end; evaluation measures."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb
import pytest
from tests_linkage_helpers import invoke, invoke_ok

from spreadsheet_checks import assert_no_live_formula
from wholefamily.linkage.errors import LinkageError
from wholefamily.linkage.evaluate import evaluate_linkage
from wholefamily.linkage.run import run_link
from wholefamily.warehouse.connection import WarehouseError
from wholefamily.workspace import Workspace


@pytest.fixture
def empty_workspace(tmp_path: Path) -> Workspace:
    ws = Workspace(tmp_path / "ws")
    ws.create("empty")
    return ws


def test_no_warehouse(empty_workspace: Workspace) -> None:
    with pytest.raises(WarehouseError, match=r"no warehouse .* run `wholefamily ingest` first"):
        run_link(empty_workspace)
    result = invoke("link", "--workspace", str(empty_workspace.root))
    assert result.exit_code == 2
    assert "link failed: no warehouse" in result.output


def test_no_mentions_table(empty_workspace: Workspace) -> None:
    duckdb.connect(str(empty_workspace.warehouse)).close()
    with pytest.raises(LinkageError, match="no mentions table"):
        run_link(empty_workspace)


@pytest.mark.slow
def test_empty_mentions(authority: Workspace, tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "ws")
    ws.create("empty mentions")
    with duckdb.connect(str(ws.warehouse)) as con:
        con.execute("ATTACH ? AS src (READ_ONLY)", [str(authority.warehouse)])
        con.execute("CREATE TABLE mentions AS SELECT * FROM src.mentions LIMIT 0")
    with pytest.raises(LinkageError, match="no person mentions"):
        run_link(ws)


@pytest.mark.slow
def test_a_decision_on_an_unknown_mention_is_refused(authority: Workspace) -> None:
    result = invoke("review", "same", "nope:1", "nope:2", "--by", "dm", "--workspace", str(authority.root))
    assert result.exit_code == 2
    assert "no person mention with key 'nope:1', 'nope:2'" in result.output


@pytest.mark.slow
def test_link_review_explain_evaluate_from_the_command_line(authority: Workspace) -> None:
    linked = invoke_ok("link", "--workspace", str(authority.root))
    assert "people" in linked.output and "pairs for review" in linked.output
    listed = invoke_ok("review", "list", "--workspace", str(authority.root), "--limit", "3")
    assert "weight" in listed.output
    for name in ("review.csv", "review.xlsx"):
        exported = invoke_ok(
            "review", "export", str(authority.root / name), "--workspace", str(authority.root)
        )
        assert "pairs to" in exported.output
    assert_no_live_formula(authority.root / "review.xlsx")
    with (authority.root / "review.csv").open(encoding="utf-8") as f:
        exported_rows = list(csv.reader(f))
    assert exported_rows[0][:2] == ["mention_key_a", "mention_key_b"] and len(exported_rows) > 1
    with duckdb.connect(str(authority.warehouse), read_only=True) as con:
        a, b = con.execute("SELECT mention_key_a, mention_key_b FROM review_pairs LIMIT 1").fetchall()[0]
        person = con.execute("SELECT person_id FROM persons ORDER BY n_mentions DESC LIMIT 1").fetchall()[0][
            0
        ]
        runs = con.execute("SELECT blocking, model FROM link_runs").fetchall()
    blocking, model = json.loads(runs[-1][0]), json.loads(runs[-1][1])
    assert all(rule["marginal"] >= 0 for rule in blocking) and blocking[-1]["cumulative"] > 0
    assert set(model["comparisons"]) >= {"first_name", "surname", "dob", "postcode", "nhs_number"}
    invoke_ok(
        "review", "not-same", a, b, "--by", "dm", "--reason", "twins", "--workspace", str(authority.root)
    )
    history = invoke_ok("review", "history", "--workspace", str(authority.root))
    assert "not_same" in history.output
    invoke_ok("review", "withdraw", "1", "--by", "dm", "--workspace", str(authority.root))
    assert invoke("review", "withdraw", "1", "--by", "dm", "--workspace", str(authority.root)).exit_code == 2
    assert person in invoke_ok("explain", person, "--workspace", str(authority.root)).output
    evaluated = invoke_ok("evaluate", "linkage", "--workspace", str(authority.root))
    assert "precision" in evaluated.output
    assert len(list((authority.reports / "linkage").glob("*.md"))) == 1

    evaluation = evaluate_linkage(authority)
    assert evaluation.precision >= 0.98 and evaluation.recall >= 0.98
    sparse, name_only = evaluation.sparse, evaluation.name_only
    assert sparse.true_pairs <= name_only.true_pairs <= evaluation.true_pairs
    assert 0 < name_only.correct_pairs <= name_only.true_pairs
    dated = evaluation.name_and_dob
    assert 0 < dated.correct_pairs <= dated.true_pairs <= name_only.true_pairs
    assert dated.correct_pairs <= name_only.correct_pairs
    assert {g.dimension for g in evaluation.by_group} == {"age band", "sex", "ethnicity", "source"}
    assert sum(g.mentions for g in evaluation.by_group if g.dimension == "source") == evaluation.mentions
