"""The monthly run on a small synthetic authority with casework closures: identify, then outcomes as of the
delivery date and claims for its quarter, each reading the run before it; without a casework export, the
month stops after identify."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from wholefamily.cli import main
from wholefamily.pipeline import MonthObserver, run_month
from wholefamily.workspace import Workspace

pytestmark = pytest.mark.slow

TODAY = dt.date(2026, 10, 31)


def test_the_month_judges_outcomes_and_builds_the_quarters_claims_once_casework_is_exported(
    tmp_path: Path,
) -> None:
    out = tmp_path / "ws"
    generated = CliRunner().invoke(
        main,
        [
            *("generate", "--residents", "1200", "--seed", "3", "--out", str(out)),
            *("--deliveries", "13", "--closures", "0.4", "--today", TODAY.isoformat()),
        ],
    )
    assert generated.exit_code == 0, generated.output
    workspace = Workspace(out)
    exported = workspace.milestones.read_bytes()
    workspace.milestones.unlink()  # the site has exported nothing yet
    seen: list[str] = []
    observer = MonthObserver(
        judged=lambda result: seen.append(f"judged {result is not None}"),
        claimed=lambda result: seen.append(f"claimed {result is not None}"),
    )
    before = run_month(workspace, "sf-2022", TODAY, observer, synthetic_casework=True)
    assert (before.outcomes, before.claims) == (None, None) and seen == ["judged False", "claimed False"]
    assert not workspace.claims.exists() or not any(workspace.claims.iterdir())

    workspace.milestones.write_bytes(exported)
    month = run_month(workspace, "sf-2022", TODAY, synthetic_casework=True)
    assert month.outcomes is not None and month.claims is not None
    assert month.outcomes.as_of == TODAY and month.outcomes.identify_run_id == month.identify.run_id
    assert month.outcomes.families > 0 and month.outcomes.closed > 0 and month.outcomes.statuses
    assert month.claims.period.name == "2026Q4" and month.claims.outcome_run_id == month.outcomes.run_id
    assert sum(month.claims.statuses.values()) == month.outcomes.families
    assert (workspace.claims / "2026Q4" / "candidates.csv").is_file()
    # the casework was moved onto the families this month formed, so every family judged is one of them
    with duckdb.connect(str(workspace.warehouse), read_only=True) as con:
        unknown = con.execute(
            """SELECT count(*) FROM outcome_families o WHERE o.run_id = ?
               AND o.family_id NOT IN (SELECT family_id FROM family_members)""",
            [month.outcomes.run_id],
        ).fetchone()
        lineage = con.execute(
            "SELECT inputs FROM step_runs WHERE run_id = ?", [month.claims.run_id]
        ).fetchone()
    assert unknown == (0,)
    assert lineage is not None and month.outcomes.run_id in lineage[0]
    assert (workspace.truth / "milestones.csv").read_bytes() == exported  # the generator's file is kept
    shutil.rmtree(out)
