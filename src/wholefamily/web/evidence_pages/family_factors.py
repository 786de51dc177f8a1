"""A family's risk score and top factors beside its record: only when the council has switched the model on,
only for the coordinator, a team manager or the family's keyworker, and only from the latest risk report
(whose ``scores.csv`` is keyed by the warehouse's family id, which a published family keeps as
``warehouse_id``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from wholefamily.web.accounts.models import User
from wholefamily.web.casework.models import Family
from wholefamily.web.evidence_pages import access, reports


@dataclass(frozen=True)
class FamilyFactors:
    score: reports.FamilyScore | None
    #: The report's own verdict: whether the model beat the priority order and the logistic regression.
    clearly_better: bool
    problem: str


def for_family(user: User, family: Family) -> FamilyFactors | None:
    """What the family page shows of the risk model (None: nothing at all)."""
    if not family.warehouse_id or not access.may_see_family_factors(user, family):
        return None
    workspace = Path(settings.EVIDENCE_WORKSPACE)
    if not reports.risk_switch(workspace).enabled:
        return None
    folder = reports.latest_risk_folder(workspace)
    if folder is None:
        return None
    try:
        score = reports.family_score(folder, family.warehouse_id)
        if score is None:
            return None
        return FamilyFactors(score, reports.risk_report(folder).clearly_better_than_the_comparisons, "")
    except reports.ReportError as exc:
        return FamilyFactors(None, False, str(exc))
