"""Retention on a small generated workspace: the dry run lists what the run removes, and counts reconcile."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from wholefamily.cli import main
from wholefamily.framework.truth import families_from_truth
from wholefamily.governance.retention import DELIVERY_TABLES, load_rules, plan_removals, reconcile
from wholefamily.workspace import Workspace

TODAY = dt.date.today()
AS_OF = TODAY + dt.timedelta(days=10)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """1,000 residents, deliveries 2026-08-31, 09-30 and 10-31, ingested; a return for 2018Q4 and 2026Q3."""
    out = tmp_path / "ws"
    runner = CliRunner()
    for args in (
        ["generate", "--residents", "1000", "--seed", "3", "--out", str(out), "--deliveries", "3"],
        ["ingest", "--workspace", str(out)],
    ):
        result = runner.invoke(main, args)
        assert result.exit_code == 0, result.output
    for period in ("2018Q4", "2026Q3"):
        (out / "returns" / period).mkdir(parents=True)
        (out / "returns" / period / "progress.csv").write_text("figure,value\n", "utf-8")
    for person, days_ago in (("P-OLD", 400), ("P-NEW", 10)):
        pack = out / "governance" / "subject-access" / person
        pack.mkdir(parents=True)
        (pack / "redacted.json").write_text("{}", "utf-8")
        written = (dt.datetime.now() - dt.timedelta(days=days_ago)).timestamp()
        os.utime(pack / "redacted.json", (written, written))
    keep = (AS_OF - dt.date(2026, 9, 15)).days  # the August delivery has passed, September's has not
    (out / "governance" / "retention.yaml").write_text(
        f"""\
rules:
  - records: partner_deliveries
    keep_days: {keep}
  - records: partner_deliveries
    source: police_incidents
    keep_days: {keep - 20}
  - records: reports
    keep_days: 5
  - records: returns
    keep_days: 2555
  - records: subject_access_packs
    keep_days: 365
""",
        "utf-8",
    )
    return out


def _counts(ws: Path) -> dict[tuple[str, str], int]:
    with duckdb.connect(str(ws / "warehouse.duckdb"), read_only=True) as con:
        return {
            (name, str(source)): int(n)
            for name in (*DELIVERY_TABLES, "person_mentions")
            for source, n in con.execute(
                f"SELECT {'source' if name != 'person_mentions' else 'NULL'}, count(*) FROM {name} GROUP BY ALL"
            ).fetchall()
        }


def test_the_dry_run_counts_what_apply_removes_and_counts_still_reconcile(workspace: Path) -> None:
    ws = Workspace(workspace)
    with duckdb.connect(str(ws.warehouse)) as con:
        families_from_truth(con, ws.truth)
        planned = plan_removals(con, ws, load_rules(ws.retention_rules), AS_OF)
    rows: dict[tuple[str, str], int] = {}
    for r in planned:
        if r.target in DELIVERY_TABLES:
            rows[(r.target, str(r.source))] = rows.get((r.target, str(r.source)), 0) + r.rows
    files = [
        r.target for r in planned if r.records == "partner_deliveries" and r.target not in DELIVERY_TABLES
    ]
    assert {r.delivery_date for r in planned if r.delivery_date} == {
        dt.date(2026, 8, 31),
        dt.date(2026, 9, 30),
    }
    assert {r.source for r in planned if r.delivery_date == dt.date(2026, 9, 30)} == {"police_incidents"}
    assert all((workspace / f).is_file() for f in files) and len(files) == 15
    assert [r.target for r in planned if r.records == "returns"] == ["returns/2018Q4"]
    assert len([r for r in planned if r.records == "reports"]) == 1
    assert [r.target for r in planned if r.records == "subject_access_packs"] == [
        "governance/subject-access/P-OLD"
    ]

    runner = CliRunner()
    dry = runner.invoke(
        main, ["governance", "retention", "--workspace", str(workspace), "--as-of", f"{AS_OF}"]
    )
    assert dry.exit_code == 0, dry.output
    assert "Would be removed" in dry.output
    before = _counts(workspace)
    assert all((workspace / f).is_file() for f in files)

    applied = runner.invoke(
        main, ["governance", "retention", "--workspace", str(workspace), "--as-of", f"{AS_OF}", "--apply"]
    )
    assert applied.exit_code == 0, applied.output
    assert "Counts reconcile for 14 sources" in applied.output
    after = _counts(workspace)
    removed = {key: before[key] - after.get(key, 0) for key in before if before[key] != after.get(key, 0)}
    assert {k: v for k, v in removed.items() if k[0] != "person_mentions"} == rows
    assert not any((workspace / f).exists() for f in files)
    assert not (workspace / "returns" / "2018Q4").exists() and (workspace / "returns" / "2026Q3").exists()
    assert not any((workspace / "reports").iterdir())
    assert sorted(p.name for p in (workspace / "governance" / "subject-access").iterdir()) == ["P-NEW"]

    with duckdb.connect(str(ws.warehouse), read_only=True) as con:
        logged = dict(
            ((str(t), str(s)), int(n))
            for t, s, n in con.execute(
                "SELECT target, source, sum(rows) FROM retention_log WHERE target IN "
                "('mentions', 'events', 'quarantine', 'field_warnings', 'duplicate_rows') GROUP BY ALL"
            ).fetchall()
        )
        assert logged == rows
        assert con.execute("SELECT rows FROM retention_log WHERE target = 'person_mentions'").fetchone() == (
            removed[("person_mentions", "None")],
        )
        checks = reconcile(con)
    assert checks and all(c.holds() for c in checks)
    assert sum(c.removed for c in checks if c.what == "mentions") == sum(
        n for (t, _), n in rows.items() if t == "mentions"
    )
    (record,) = (workspace / "governance" / "retention-runs").iterdir()
    assert len(json.loads(record.read_text("utf-8"))) == len(planned) + 1

    # the next ingest reads only the deliveries kept, and its own counts balance
    again = runner.invoke(main, ["ingest", "--workspace", str(workspace)])
    assert again.exit_code == 0, again.output
    with duckdb.connect(str(ws.warehouse), read_only=True) as con:
        assert all(c.holds() and c.removed == 0 for c in reconcile(con))
        assert con.execute("SELECT count(*) FROM mentions WHERE delivery_date = '2026-08-31'").fetchone() == (
            0,
        )
        assert not con.execute(
            "SELECT reconciliation FROM run_sources WHERE reconciliation LIKE '%DOES NOT BALANCE%'"
        ).fetchall()


def test_bad_retention_rules_are_a_clear_error(tmp_path: Path) -> None:
    Workspace(tmp_path).create("test")
    rules = tmp_path / "governance" / "retention.yaml"
    rules.parent.mkdir()
    rules.write_text("rules:\n  - records: reports\n    source: police\n    keep_days: 0\n", "utf-8")
    result = CliRunner().invoke(main, ["governance", "retention", "--workspace", str(tmp_path)])
    assert result.exit_code == 2
    output = " ".join(result.output.split())
    assert f"{rules}: invalid retention rules" in output
    assert "rules.0.keep_days: Input should be greater than or equal to 1" in output
