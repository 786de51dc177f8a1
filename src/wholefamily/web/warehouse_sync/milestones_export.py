"""Casework milestones for the pipeline: ``casework/milestones.csv``, the file ``wholefamily outcomes`` reads.

One row per family published from the warehouse (its registry id) that casework worked with: work began
with the whole-family assessment or the first plan goal, whichever came first. The row describes the
family's latest piece of work: after a closure the family was referred again from (``reopened_on``) a new
one begins, and a piece of work closed and not reopened ends on its closure (what was recorded after the
closure is left out), with the family's lead practitioner as it stands (by username). Families never
worked with are left out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from wholefamily.outcomes.milestones import COLUMNS
from wholefamily.reports import write_csv_atomically
from wholefamily.web.casework.models import Family
from wholefamily.workspace import Workspace


@dataclass(frozen=True)
class MilestonesResult:
    path: Path
    families: int
    closed: int


def export_milestones(workspace: Workspace) -> MilestonesResult:
    """Write (or rewrite) the milestones file from casework as it stands now."""
    families = (
        Family.objects.exclude(warehouse_id__isnull=True)
        .exclude(warehouse_id="")
        .select_related("lead_practitioner")
        .prefetch_related("assessments", "plan_goals", "closures")
        .order_by("warehouse_id")
    )
    rows = [row for family in families if (row := _row(family)) is not None]
    write_csv_atomically(workspace.milestones, COLUMNS, rows)
    return MilestonesResult(workspace.milestones, len(rows), sum(1 for r in rows if r[4]))


def _row(family: Family) -> tuple[str, str, str, str, str, str, str] | None:
    closures = sorted(family.closures.all(), key=lambda c: (c.closed_on, c.pk))
    latest = closures[-1] if closures else None
    ended = latest if latest is not None and latest.reopened_on is None else None
    earlier = closures[:-1] if ended is not None else closures
    begun = max((c.reopened_on or c.closed_on for c in earlier), default=dt.date.min)
    last = ended.closed_on if ended is not None else dt.date.max

    def inside(day: dt.date) -> bool:
        return begun <= day <= last

    assessments = [a for a in family.assessments.all() if inside(a.started_on)]
    goals = [g.recorded_at.date() for g in family.plan_goals.all() if inside(g.recorded_at.date())]
    starts = [a.started_on for a in assessments] + goals
    if not starts:
        return None
    completed = [a.completed_on for a in assessments if a.completed_on is not None and inside(a.completed_on)]
    return (
        str(family.warehouse_id),
        min(starts).isoformat(),
        min(completed).isoformat() if completed else "",
        min(goals).isoformat() if goals else "",
        ended.closed_on.isoformat() if ended is not None else "",
        ended.reason if ended is not None else "",
        family.lead_practitioner.get_username() if family.lead_practitioner is not None else "",
    )
