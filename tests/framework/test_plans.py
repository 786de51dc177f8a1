"""Local outcome plans: the sample applies; bad plans are refused with every problem and nothing runs."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from wholefamily.cli.identify import identify
from wholefamily.framework.compiler import check_fragment
from wholefamily.framework.model import FrameworkError
from wholefamily.framework.plan import framework_with_plan

SAMPLE = Path(str(resources.files("wholefamily.framework").joinpath("data/sample-plan.yaml")))

BAD_PLAN = """
framework: sf-2022
descriptors:
  persistent_absence:
    where: "bogus_column > 1"
  suspensions:
    having: "count(*) >= (SELECT count(*) FROM persons)"
  homelessness:
    where: "duty = 'relief'; DROP TABLE events"
  no_such_descriptor:
    enabled: false
local_descriptors:
  - id: local_thing
    headline: wellbeing
    label: Not a national headline
    kinds: [service_contact]
    lookback_days: 30
  - id: local_function
    headline: health
    label: Calls a function that is not allowed
    kinds: [service_contact]
    lookback_days: 30
    where: "read_csv('/etc/passwd') IS NOT NULL"
"""


def test_sample_plan_changes_the_framework() -> None:
    fw, digest = framework_with_plan("sf-2022", SAMPLE)
    rules = {d.id: d for d in fw.descriptors}
    assert digest and len(digest) == 64
    assert rules["suspensions"].lookback_days == 270
    assert rules["rent_arrears"].enabled and not rules["child_to_parent_violence"].enabled
    assert ">= 0.15" in (rules["persistent_absence"].having or "")
    assert rules["local_temporary_accommodation"].headline == "housing"
    assert not rules["local_temporary_accommodation"].default


def test_bad_plan_lists_every_problem(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(BAD_PLAN, "utf-8")
    with pytest.raises(FrameworkError) as caught:
        framework_with_plan("sf-2022", plan)
    text = str(caught.value)
    for expected in (
        "persistent_absence, where (line 1, column 1): unknown column 'bogus_column'",
        "suspensions, having",
        "subquery is not allowed",
        "homelessness, where",
        "a second statement",
        "no_such_descriptor: unknown descriptor",
        "local_thing': unknown headline 'wellbeing'",
        "function 'read_csv' is not allowed",
    ):
        assert expected in text, text


@pytest.mark.slow
def test_bad_plan_runs_nothing(authority: Path, tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(BAD_PLAN, "utf-8")
    with duckdb.connect(str(authority / "warehouse.duckdb")) as con:
        before = _runs(con)
    result = CliRunner().invoke(
        identify, ["--workspace", str(authority), "--as-of", "2026-10-31", "--plan", str(plan)]
    )
    assert result.exit_code == 2
    assert "nothing was run" in result.output and "bogus_column" in result.output
    with duckdb.connect(str(authority / "warehouse.duckdb")) as con:
        assert _runs(con) == before


def test_plan_for_another_framework_and_bad_yaml(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text("framework: tf-2015\neligibility: {min_needs: 0}\n", "utf-8")
    with pytest.raises(FrameworkError, match="min_needs"):
        framework_with_plan("sf-2022", plan)
    plan.write_text("framework: tf-2015\n", "utf-8")
    with pytest.raises(FrameworkError, match="the plan is for framework 'tf-2015'"):
        framework_with_plan("sf-2022", plan)
    plan.write_text("framework: [", "utf-8")
    with pytest.raises(FrameworkError, match="not valid YAML"):
        framework_with_plan("sf-2022", plan)


@pytest.mark.parametrize(
    ("fragment", "part", "message"),
    [
        ("count(*) >= 2", "where", "belongs in `having`"),
        ("days > 1", "having", "must be inside an aggregate"),
        ("row_number() OVER () = 1", "where", "Window is not allowed"),
        ("e.kind = 'x'", "where", "names a table"),
        ("service =", "where", "cannot parse"),
    ],
)
def test_fragment_checks(fragment: str, part: str, message: str) -> None:
    problems = [str(p) for p in check_fragment(fragment, "d1", part)]  # type: ignore[arg-type]
    assert problems and any(message in p for p in problems), problems


def _runs(con: duckdb.DuckDBPyConnection) -> int:
    try:
        row = con.execute("SELECT count(*) FROM identify_runs").fetchone()
    except duckdb.CatalogException:
        return 0
    return int(row[0]) if row else 0
