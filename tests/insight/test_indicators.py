"""The indicators equal a direct count of the warehouse and the casework milestones, every published count
is at least the threshold (or zero), and the command writes each table with its data dictionary."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from wholefamily.cli import main
from wholefamily.insight.facts import areas, read_facts
from wholefamily.insight.indicators import HIDDEN, Indicators, compute
from wholefamily.insight.population import read_population
from wholefamily.insight.report import DICTIONARIES
from wholefamily.workspace import Workspace

AS_OF = "2026-03-15"  # after both identify runs of the session's authority
DATE = dt.date.fromisoformat(AS_OF)
MEMBERS = """
SELECT DISTINCT m.person_id FROM main.family_members m
WHERE m.resident AND (m.start_date IS NULL OR m.start_date <= $d) AND (m.end_date IS NULL OR m.end_date > $d)
  AND m.family_id IN (SELECT unnest($families::VARCHAR[]))
"""


def plain(built: Path) -> Indicators:
    """Every figure, nothing suppressed (a threshold of 1 hides no count)."""
    ws = Workspace(built)
    return compute(read_facts(ws, DATE), read_population(ws.population), threshold=1)


def authority(rows: list[list[str]], column: int) -> dict[str, int]:
    return {r[2]: int(r[column]) for r in rows if r[0] == "authority"}


def test_each_figure_equals_a_direct_count(built: Path) -> None:
    figures = plain(built)
    with open((built / "casework" / "milestones.csv"), encoding="utf-8") as f:
        worked = {
            r["family_id"] for r in csv.DictReader(f) if dt.date.fromisoformat(r["worked_with_start"]) <= DATE
        }
    with duckdb.connect(str(built / "warehouse.duckdb"), read_only=True) as con:
        run = con.execute(
            "SELECT run_id FROM identify_runs WHERE as_of <= $d ORDER BY as_of DESC LIMIT 1", {"d": DATE}
        ).fetchone()
        assert run is not None
        children = dict(
            con.execute(
                "SELECT n.headline, count(DISTINCT c.child) FROM family_needs n JOIN family_eligibility e "
                "USING (run_id, family_id), unnest(e.dependent_children) AS c(child) "
                "WHERE n.run_id = $run AND n.counted GROUP BY n.headline",
                {"run": run[0]},
            ).fetchall()
        )
        eligible = {
            f
            for (f,) in con.execute(
                "SELECT family_id FROM family_eligibility WHERE run_id = $run AND eligible", {"run": run[0]}
            ).fetchall()
        }
        needs = dict(
            con.execute(
                "SELECT family_id, n_needs FROM family_eligibility WHERE run_id = $run", {"run": run[0]}
            ).fetchall()
        )
        identified = con.execute(MEMBERS, {"d": DATE, "families": sorted(eligible)}).fetchall()
        engaged = con.execute(MEMBERS, {"d": DATE, "families": sorted(worked)}).fetchall()
    needs_any = authority(figures.needs, 4).pop("any")
    assert {h: n for h, n in authority(figures.needs, 4).items() if h != "any"} == {
        h: children.get(h, 0) for h in authority(figures.needs, 4) if h != "any"
    }
    assert needs_any >= max(children.values()) and children
    assert [int(c) for c in figures.engagement[0][2:5]] == [
        len(eligible),
        len(eligible & worked),
        len(eligible - worked),
    ]
    fewest = min(needs[f] for f in eligible)
    approaching = [f for f, n in needs.items() if f not in eligible and n == fewest - 1]
    assert int(figures.demand[0][2]) == len(approaching)
    everyone = [r for r in figures.equity if r[1] == "all"]
    assert {(int(r[4]), int(r[8])) for r in everyone} == {(len(identified), len(engaged))}
    assert len(engaged) > len(identified) > 0


def test_areas_add_up_and_rates_are_per_1000_children(built: Path) -> None:
    figures = plain(built)
    for headline in {r[2] for r in figures.needs}:
        rows = [r for r in figures.needs if r[2] == headline]
        districts = {r[1]: int(r[4]) for r in rows if r[0] == "district"}
        assert sum(districts.values()) == int(next(r[4] for r in rows if r[0] == "authority"))
        for district, count in districts.items():
            sectors = [int(r[4]) for r in rows if r[0] == "sector" and r[1].split(" ")[0] == district]
            assert district == "not known" or sum(sectors) == count
        for r in rows:
            if r[5]:
                assert r[6] == f"{int(r[4]) / int(r[5]) * 1000:.1f}"
    sexes = [r for r in figures.equity if r[0] == "sex" and r[1] in ("female", "male")]
    assert sum(int(r[2]) for r in sexes) == 1500


def test_the_area_of_a_family_is_mostly_where_the_truth_says_it_lives(built: Path) -> None:
    facts = read_facts(Workspace(built), DATE)
    with duckdb.connect() as con:
        truth = dict(
            con.execute(
                "SELECT m.family_id, a.postcode FROM read_parquet($m) m JOIN read_parquet($a) a USING (address_id) "
                "WHERE role <> 'non_resident_parent' AND (start_date IS NULL OR start_date <= $d) "
                "AND (end_date IS NULL OR end_date > $d)",
                {
                    "m": str(built / "truth" / "memberships.parquet"),
                    "a": str(built / "truth" / "addresses.parquet"),
                    "d": DATE,
                },
            ).fetchall()
        )
    agree = [areas(truth.get(f.family_id))[1] == f.sector for f in facts.families]
    assert len(agree) > 40 and sum(agree) / len(agree) > 0.85


def test_the_command_publishes_no_small_count_and_nothing_else_changes(ws: Workspace) -> None:
    result = CliRunner().invoke(
        main, ["insight", "indicators", "--workspace", str(ws.root), "--as-of", AS_OF]
    )
    assert result.exit_code == 0, result.output
    folder = ws.reports / "insight" / AS_OF
    everything = plain(ws.root)
    hidden = 0
    for name, fields in DICTIONARIES.items():
        with open(folder / f"{name}.csv", encoding="utf-8") as f:
            rows = list(csv.reader(f))
        with open(folder / f"{name}.dictionary.csv", encoding="utf-8") as f:
            assert [r["field"] for r in csv.DictReader(f)] == rows[0] == list(fields)
        exact: list[list[str]] = getattr(everything, name)
        assert len(rows) - 1 == len(exact)
        counts = [
            i
            for i, (kind, _) in enumerate(fields.values())
            if kind == "integer" and "suppressed" in fields[rows[0][i]][1]
        ]
        for published, full in zip(rows[1:], exact, strict=True):
            for i in counts:
                if published[i] == HIDDEN:
                    hidden += 1
                else:
                    assert published[i] == full[i] and (int(full[i]) == 0 or int(full[i]) >= 5)
    assert hidden > 0
    report = (folder / "indicators.md").read_text("utf-8")
    assert "# Population indicators as of 2026-03-15" in report and "identify run" in report


def test_no_family_rises_without_a_previous_run(built: Path) -> None:
    ws = Workspace(built)
    facts = read_facts(ws, dt.date(2025, 12, 15))
    assert facts.families and not any(f.rising for f in facts.families)
    assert len(facts.trend) == 1
    later = read_facts(ws, DATE)
    assert any(f.rising for f in later.families) and len(later.trend) == 2


@pytest.mark.parametrize(
    ("prepare", "message"),
    [
        (lambda ws: ws.population.unlink(), "cannot read the population file"),
        (lambda ws: ws.population.write_text("area\n", "utf-8"), "missing columns age_band"),
    ],
)
def test_a_missing_or_bad_population_file_fails_cleanly(
    ws: Workspace, prepare: Callable[[Workspace], object], message: str
) -> None:
    prepare(ws)
    result = CliRunner().invoke(
        main, ["insight", "indicators", "--workspace", str(ws.root), "--as-of", AS_OF]
    )
    assert result.exit_code == 2 and "insight indicators failed" in result.output and message in result.output


def test_a_date_before_any_identify_run_fails_cleanly(ws: Workspace) -> None:
    result = CliRunner().invoke(
        main, ["insight", "indicators", "--workspace", str(ws.root), "--as-of", "2020-01-01"]
    )
    assert result.exit_code == 2 and "no identify run as of 2020-01-01" in result.output


def test_no_hidden_area_is_its_total_less_the_published_ones(ws: Workspace) -> None:
    """Across the published files: a district's sectors, the authority's districts, and the trend's latest
    month beside the authority's needs never leave exactly one count hidden under a published total."""
    result = CliRunner().invoke(
        main, ["insight", "indicators", "--workspace", str(ws.root), "--as-of", AS_OF]
    )
    assert result.exit_code == 0, result.output
    with open(ws.reports / "insight" / AS_OF / "needs.csv", encoding="utf-8") as f:
        needs = list(csv.DictReader(f))
    with open(ws.reports / "insight" / AS_OF / "trend.csv", encoding="utf-8") as f:
        latest = {r["headline"]: r["children"] for r in csv.DictReader(f) if r["label"] == "2026-02"}
    hidden_somewhere = 0
    for headline in {r["headline"] for r in needs}:
        rows = [r for r in needs if r["headline"] == headline]
        authority = next(r["children"] for r in rows if r["level"] == "authority")
        assert latest[headline] == authority
        groups = [(authority, [r["children"] for r in rows if r["level"] == "district"])]
        for district in (r for r in rows if r["level"] == "district" and r["area"] != "not known"):
            sectors = [
                r["children"]
                for r in rows
                if r["level"] == "sector" and r["area"].split(" ")[0] == district["area"]
            ]
            groups.append((district["children"], sectors))
        for total, parts in groups:
            hidden = parts.count(HIDDEN)
            hidden_somewhere += hidden
            assert total == HIDDEN or hidden != 1, (headline, total, parts)
    assert hidden_somewhere > 0
