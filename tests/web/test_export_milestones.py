"""``casework/milestones.csv``: what casework recorded of each family's work, as ``wholefamily outcomes``
reads it (written by ``export-casework``; the pipeline never opens the casework database)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from web_world import World

from wholefamily.outcomes.milestones import read_milestones
from wholefamily.web.casework.models import Assessment, Closure, PlanGoal
from wholefamily.web.warehouse_sync.milestones_export import export_milestones
from wholefamily.workspace import Workspace


def test_the_latest_piece_of_work_of_each_family_worked_with(world: World, tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "ws")
    workspace.create("milestones test")
    user = world.users["kw_north"]
    north, south = world.families["north"], world.families["south"]
    # north: assessed, planned, closed, referred again and worked with again (still open)
    Assessment.objects.create(family=north, started_on=dt.date(2025, 1, 6), completed_on=dt.date(2025, 1, 20))
    Closure.objects.create(
        family=north,
        closed_on=dt.date(2025, 5, 1),
        reason=Closure.Reason.OUTCOMES_MET,
        reopened_on=dt.date(2025, 9, 1),
        recorded_by=user,
    )
    Assessment.objects.create(family=north, started_on=dt.date(2025, 9, 8))
    # south: assessed and closed with outcomes met; a goal recorded after the closure is left out
    Assessment.objects.create(family=south, started_on=dt.date(2025, 2, 3), completed_on=dt.date(2025, 2, 17))
    Closure.objects.create(
        family=south, closed_on=dt.date(2025, 8, 1), reason=Closure.Reason.OUTCOMES_MET, recorded_by=user
    )
    PlanGoal.objects.create(family=south, headline="housing", goal="A home kept", recorded_by=user)
    result = export_milestones(workspace)
    assert (result.families, result.closed) == (2, 1)
    rows = {m.family_id: m for m in read_milestones(result.path).rows}
    assert set(rows) == {"F-north", "F-south"}  # the others were never worked with
    assert (rows["F-north"].worked_with_start, rows["F-north"].closure_date) == (dt.date(2025, 9, 8), None)
    south_row = rows["F-south"]
    assert (south_row.worked_with_start, south_row.assessment_date, south_row.plan_date) == (
        dt.date(2025, 2, 3),
        dt.date(2025, 2, 17),
        None,
    )
    assert (south_row.closure_date, south_row.closure_reason) == (dt.date(2025, 8, 1), "outcomes_met")
    assert rows["F-north"].lead_practitioner == world.families["north"].lead_practitioner.get_username()
