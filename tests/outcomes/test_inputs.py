"""What outcomes refuses before it runs: a bad milestones file, a date outside the framework's."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from tiny_casework import HEADER, Family, days

from wholefamily.cli import main
from wholefamily.outcomes.errors import OutcomesError
from wholefamily.outcomes.milestones import read_milestones


def test_every_bad_row_of_the_milestones_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "milestones.csv"
    path.write_text(
        HEADER
        + "F1,2025-11-05,2025-11-12,2025-11-20,2026-01-01,outcomes_met\n"  # line 2: good
        + ",2025-11-05,,,,\n"  # line 3: no family
        + "F3,2025-13-01,,,,\n"  # line 4: not a date
        + "F4,2025-11-05,2025-11-01,,,\n"  # line 5: assessment before the start
        + "F5,2025-11-05,,,2026-01-01,\n"  # line 6: closed without a reason
        + "F6,2025-11-05,,,,outcomes_met\n"  # line 7: a reason without a closure
        + "F1,2025-11-05,,,,\n",  # line 8: the family twice
        "utf-8",
    )
    with pytest.raises(OutcomesError) as caught:
        read_milestones(path)
    text = str(caught.value)
    for expected in (
        f"{path}, line 3, family_id: empty",
        f"{path}, line 4, worked_with_start: '2025-13-01' is not a date (YYYY-MM-DD)",
        f"{path}, line 5, assessment_date: 2025-11-01 is before worked_with_start 2025-11-05",
        f"{path}, line 6, closure_reason: empty, but the case has a closure_date",
        f"{path}, line 7, closure_date: empty, but the case has a closure_reason",
        f"{path}, line 8, family_id: F1 is also on line 2",
    ):
        assert expected in text
    assert "line 2" not in text.replace("also on line 2", "")


def test_a_milestones_file_without_its_columns_or_missing(tmp_path: Path) -> None:
    path = tmp_path / "milestones.csv"
    path.write_text("family_id,closure_date\nF1,2026-01-01\n", "utf-8")
    with pytest.raises(OutcomesError, match="missing columns worked_with_start, assessment_date, plan_date"):
        read_milestones(path)
    with pytest.raises(OutcomesError, match="cannot read the casework milestones"):
        read_milestones(tmp_path / "none.csv")


def test_a_date_outside_the_framework_is_refused(family: Family) -> None:
    family.deliver(days(200))
    family.build()
    ws = str(family.ws.root)
    for command in (["outcomes"], ["identify"]):
        result = CliRunner().invoke(main, [*command, "--workspace", ws, "--as-of", "2022-10-02"])
        assert result.exit_code == 2
        assert (
            "framework sf-2022 (National Supporting Families Outcome Framework 2022-25) applies from "
            in " ".join(result.output.split())
        )
        assert "2022-10-03 to (still in force), not on 2022-10-02" in " ".join(result.output.split())
