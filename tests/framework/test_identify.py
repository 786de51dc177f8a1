"""identify end to end on a small synthetic authority (people and families from the truth)."""

from __future__ import annotations

import csv
from importlib import resources
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from wholefamily.cli.identify import identify
from wholefamily.framework.accuracy import agreement

pytestmark = pytest.mark.slow

SAMPLE = str(resources.files("wholefamily.framework").joinpath("data/sample-plan.yaml"))


def invoke(ws: Path, *args: str) -> str:
    result = CliRunner().invoke(identify, ["--workspace", str(ws), *args])
    assert result.exit_code == 0, result.output
    return result.output


def latest(con: duckdb.DuckDBPyConnection, framework: str) -> str:
    row = con.execute("SELECT max(run_id) FROM identify_runs WHERE framework = ?", [framework]).fetchone()
    assert row and row[0]
    return str(row[0])


@pytest.fixture(scope="module")
def runs(authority: Path) -> dict[str, str]:
    """July, then October (sf-2022); October with the sample plan; October tf-2015."""
    invoke(authority, "--as-of", "2026-07-31")
    with duckdb.connect(str(authority / "warehouse.duckdb")) as con:
        earlier = latest(con, "sf-2022")
    invoke(authority, "--as-of", "2026-10-31")
    with duckdb.connect(str(authority / "warehouse.duckdb")) as con:
        october = latest(con, "sf-2022")
    invoke(authority, "--as-of", "2026-10-31", "--framework", "tf-2015")
    invoke(authority, "--as-of", "2026-10-31", "--plan", SAMPLE)
    with duckdb.connect(str(authority / "warehouse.duckdb")) as con:
        return {
            "earlier": earlier,
            "october": october,
            "tf": latest(con, "tf-2015"),
            "plan": latest(con, "sf-2022"),
        }


def test_every_need_has_evidence_and_every_family_a_reason(authority: Path, runs: dict[str, str]) -> None:
    with duckdb.connect(str(authority / "warehouse.duckdb")) as con:
        for run in runs.values():
            needs, without = con.execute(
                """SELECT count(*), count(*) FILTER (WHERE NOT EXISTS (
                       SELECT 1 FROM need_evidence e WHERE e.run_id = n.run_id AND e.family_id = n.family_id
                       AND e.descriptor_id = n.descriptor_id AND e.source IS NOT NULL AND e.event_key IS NOT NULL))
                   FROM family_needs n WHERE run_id = ?""",
                [run],
            ).fetchone() or (0, 0)
            assert needs > 0 and without == 0
            eligible, bad = con.execute(
                """SELECT count(*) FILTER (WHERE eligible), count(*) FILTER (WHERE eligible AND
                       (n_headlines < 2 OR (len(dependent_children) = 0 AND len(expectant_parents) = 0)))
                   FROM family_eligibility WHERE run_id = ?""",
                [run],
            ).fetchone() or (0, 0)
            assert eligible > 0 and bad == 0


def test_priority_puts_more_headlines_first(authority: Path, runs: dict[str, str]) -> None:
    with duckdb.connect(str(authority / "warehouse.duckdb")) as con:
        rows = con.execute(
            "SELECT eligible, n_headlines, priority_reason FROM family_eligibility WHERE run_id = ? "
            "ORDER BY priority",
            [runs["october"]],
        ).fetchall()
    keys = [(not e, -h) for e, h, _ in rows]
    assert keys == sorted(keys)
    assert rows[0][2].startswith("eligible; ")


def test_diff_with_the_previous_run(authority: Path, runs: dict[str, str]) -> None:
    with duckdb.connect(str(authority / "warehouse.duckdb")) as con:
        prev = con.execute(
            "SELECT previous_run_id FROM identify_runs WHERE run_id = ?", [runs["october"]]
        ).fetchone()
        assert prev == (runs["earlier"],)

        def eligible(run: str) -> set[str]:
            return {
                r[0]
                for r in con.execute(
                    "SELECT family_id FROM family_eligibility WHERE run_id = ? AND eligible", [run]
                ).fetchall()
            }

        def changed(kind: str) -> set[str]:
            return {
                r[0]
                for r in con.execute(
                    "SELECT family_id FROM identify_changes WHERE run_id = ? AND change = ?",
                    [runs["october"], kind],
                ).fetchall()
            }

        before, octo = eligible(runs["earlier"]), eligible(runs["october"])
        assert before != octo, "three months of new deliveries should change something"
        assert changed("newly_eligible") == octo - before
        assert changed("no_longer_eligible") == before - octo
        new_needs = con.execute(
            """SELECT family_id, descriptor_id FROM identify_changes WHERE run_id = ? AND change = 'new_need'""",
            [runs["october"]],
        ).fetchall()
        for family, descriptor in new_needs:
            assert family in before
            assert not con.execute(
                "SELECT 1 FROM family_needs WHERE run_id = ? AND family_id = ? AND descriptor_id = ?"
                " AND counted",
                [runs["earlier"], family, descriptor],
            ).fetchall()


def test_report_files_for_a_coordinator(authority: Path, runs: dict[str, str]) -> None:
    folder = authority / "reports" / "identify" / runs["october"]
    page = (folder / "summary.html").read_text("utf-8")
    assert "How families are ordered" in page and "not the programme's national text" in page
    with (folder / "families.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and rows[0]["priority"] == "1"
    assert (folder / "evidence.csv").stat().st_size > 100


def test_plan_and_tf_2015_runs(authority: Path, runs: dict[str, str]) -> None:
    with duckdb.connect(str(authority / "warehouse.duckdb")) as con:
        plan = con.execute(
            "SELECT plan_sha256 FROM identify_runs WHERE run_id = ?", [runs["plan"]]
        ).fetchone()
        assert plan and plan[0]
        off = con.execute(
            "SELECT count(*) FROM family_needs WHERE run_id = ? AND descriptor_id = "
            "'child_to_parent_violence'",
            [runs["plan"]],
        ).fetchone()
        assert off == (0,)
        heads = {
            r[0]
            for r in con.execute(
                "SELECT DISTINCT headline FROM family_needs WHERE run_id = ?", [runs["tf"]]
            ).fetchall()
        }
        assert (
            heads
            <= {
                "crime_asb",
                "school_attendance",
                "children_need_help",
                "worklessness",
                "domestic_abuse",
                "health",
            }
            and len(heads) >= 4
        )


def test_agreement_with_the_truth(authority: Path, runs: dict[str, str]) -> None:
    with duckdb.connect(str(authority / "warehouse.duckdb")) as con:
        rows = {(a.level, a.key): a for a in agreement(con, runs["october"], authority / "truth")}
    overall = rows[("headline", "all")]
    assert overall.true_pairs > 50
    assert overall.precision > 0.9 and overall.recall > 0.9
