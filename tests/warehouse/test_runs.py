"""Runs publish everything or nothing, keep a register, reproduce past runs and write reports."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner, Result

from clients_workspace import CLIENTS, clients_workspace
from wholefamily.cli.ingest import ingest
from wholefamily.warehouse.runs import new_run_id

PUPILS = CLIENTS.replace("clients", "pupils").replace("Clients", "Pupils").replace("health", "school")
TABLES = ("mentions", "events", "quarantine", "field_warnings", "runs", "run_sources", "run_files")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    clients = {
        "2024-01-31": "id,first,last\nC1,Ann,Lee\nC2,Bob,\n",
        "2024-02-29": "id,first,last\nC1,Ann,Lee\nC3,Di,Fox\n",
    }
    workspace = clients_workspace(tmp_path / "ws", clients, name="runs test")
    (workspace.sources / "pupils.yaml").write_text(PUPILS, "utf-8")
    pupils = {
        "2024-01-31": "id,first,last\nP1,Cy,Day\n",
        "2024-02-29": "id,first,last\nP1,Cy,Day\nP2,Ed,Day\n",
    }
    for date, text in pupils.items():
        (workspace.extracts / date / "pupils.csv").write_text(text, "utf-8")
    return workspace.root


def run(root: Path, *args: str) -> Result:
    return CliRunner().invoke(ingest, ["--workspace", str(root), *args])


def snapshot(root: Path) -> dict[str, list[tuple[object, ...]]]:
    with duckdb.connect(str(root / "warehouse.duckdb"), read_only=True) as con:
        return {t: sorted(con.execute(f"select * from {t}").fetchall(), key=repr) for t in TABLES}


def test_a_run_publishes_every_table_and_the_register(root: Path) -> None:
    result = run(root)
    assert result.exit_code == 0, result.output
    tables = snapshot(root)
    assert len(tables["mentions"]) == 7  # both deliveries kept, each with its delivery date
    assert {(m[0], m[5]) for m in tables["mentions"]} >= {
        ("clients:C1:client:0", dt.date(2024, 1, 31)),
        ("clients:C1:client:0", dt.date(2024, 2, 29)),
    }
    (run_row,) = tables["runs"]
    assert run_row[3] == "published" and run_row[4] is None
    assert {r[1]: r[5:12] for r in tables["run_sources"]} == {
        "clients": (4, 4, 0, 0, 4, 4, 0),
        "pupils": (3, 3, 0, 0, 3, 3, 0),
    }
    assert len(tables["run_files"]) == 4 and all(len(f[3]) == 64 for f in tables["run_files"])
    assert "Quarantined" in result.output and "people" in result.output


def test_as_of_uses_only_deliveries_received_by_then(root: Path) -> None:
    assert run(root, "--as-of", "2024-02-01").exit_code == 0
    tables = snapshot(root)
    assert {m[5] for m in tables["mentions"]} == {dt.date(2024, 1, 31)}
    assert tables["runs"][0][4] == dt.date(2024, 2, 1)


def test_a_failed_run_after_a_good_one_leaves_the_warehouse_as_it_was(root: Path) -> None:
    assert run(root).exit_code == 0
    before = snapshot(root)
    reports_before = sorted(p.name for p in (root / "reports").iterdir())
    (root / "extracts" / "2024-02-29" / "pupils.csv").write_text("id;first;last\nP1;Cy;Day\n", "utf-8")
    failed = run(root)
    assert failed.exit_code == 2
    assert "extracts/2024-02-29/pupils.csv" in failed.output and "'first'" in failed.output
    assert snapshot(root) == before
    assert sorted(p.name for p in (root / "reports").iterdir()) == reports_before


def test_one_source_can_be_rerun_keeping_the_others(root: Path) -> None:
    assert run(root).exit_code == 0
    first = snapshot(root)
    (root / "extracts" / "2024-02-29" / "clients.csv").write_text("id,first,last\nC9,Gus,Hay\n", "utf-8")
    assert run(root, "--source", "clients").exit_code == 0
    second = snapshot(root)
    pupils = [m for m in second["mentions"] if m[1] == "pupils"]
    assert pupils == [m for m in first["mentions"] if m[1] == "pupils"]
    assert {m[0] for m in second["mentions"] if m[1] == "clients" and m[5] == dt.date(2024, 2, 29)} == {
        "clients:C9:client:0"
    }
    assert len(second["runs"]) == 2
    unknown = run(root, "--source", "nope")
    assert unknown.exit_code == 2 and "unknown source 'nope'" in unknown.output


def test_reports_are_written_per_source_and_reconcile(root: Path) -> None:
    assert run(root).exit_code == 0
    (run_dir,) = (root / "reports").iterdir()
    quality = json.loads((run_dir / "clients.json").read_text("utf-8"))
    counts = quality["reconciliation"]
    assert (
        counts["rows_read"]
        == counts["rows_accepted"] + counts["rows_quarantined"] + counts["rows_duplicates_dropped"]
    )
    surname = next(f for f in quality["fields"] if f["field"] == "surname")
    assert (surname["present"], surname["share_present"]) == (3, 0.75)
    html = (run_dir / "clients.html").read_text("utf-8")
    assert "<script" not in html and "Reconciliation" in html
    assert 'href="clients.html"' in (run_dir / "index.html").read_text("utf-8")


def test_run_ids_sort_by_time_and_are_unique() -> None:
    ids = [new_run_id(1_700_000_000 + i) for i in range(3)]
    assert ids == sorted(ids) and len(set(ids)) == 3 and all(len(i) == 26 for i in ids)


def test_a_failure_while_publishing_rolls_everything_back(root: Path) -> None:
    assert run(root).exit_code == 0
    with duckdb.connect(str(root / "warehouse.duckdb")) as con:
        con.execute("create unique index one_status on runs (status)")  # the register insert will now fail
    before = snapshot(root)
    (root / "extracts" / "2024-02-29" / "clients.csv").write_text("id,first,last\nC9,Gus,Hay\n", "utf-8")
    failed = run(root)
    assert failed.exit_code == 2
    assert "could not be published and nothing was changed" in " ".join(failed.output.split())
    assert snapshot(root) == before


def test_deliveries_must_be_dated_and_exist_by_the_as_of_date(root: Path) -> None:
    early = run(root, "--as-of", "2023-12-31")
    assert early.exit_code == 2
    assert "no delivery of 'extracts/*/clients.csv' is dated on or before 2023-12-31" in " ".join(
        early.output.split()
    )
    undated = root / "extracts" / "latest"
    undated.mkdir()
    (undated / "clients.csv").write_text("id,first,last\nC1,Ann,Lee\n", "utf-8")
    result = run(root)
    assert result.exit_code == 2
    assert "extracts/latest/clients.csv: source 'clients': no delivery date in the path" in result.output
    assert not (root / "warehouse.duckdb").exists()


def test_a_failed_first_run_leaves_no_warehouse(root: Path) -> None:
    (root / "extracts" / "2024-02-29" / "pupils.csv").write_bytes(b"id,first,last\nP1,Zo\xeb,Day\n")
    result = run(root)
    assert result.exit_code == 2 and "not valid utf-8" in result.output
    assert not (root / "warehouse.duckdb").exists()
