"""The closure rule follows the assessment: a need it ruled out needs no goal; a need it added does (each goal
achieved, for "outcomes met")."""

from __future__ import annotations

import datetime as dt

import pytest
from web_world import World

from wholefamily.web.casework.journey.transitions import TransitionError, check_closure
from wholefamily.web.casework.models import AssessedNeed, Assessment, Closure, PlanGoal


def _assessed(world: World, decisions: dict[str, str]) -> None:
    family = world.families["north"]
    assessment = Assessment.objects.create(
        family=family,
        started_on=dt.date.today(),
        completed_on=dt.date.today(),
        recorded_by=world.users["kw_north"],
    )
    for headline, decision in decisions.items():
        AssessedNeed.objects.create(assessment=assessment, headline=headline, decision=decision)


def test_a_ruled_out_need_needs_no_goal(world: World) -> None:
    family = world.families["north"]
    PlanGoal.objects.create(
        family=family, headline="education", goal="Back in school every day", status=PlanGoal.Status.ACHIEVED
    )
    with pytest.raises(TransitionError, match="no goal for: Safe from domestic abuse"):
        check_closure(family, Closure.Reason.OUTCOMES_MET)
    _assessed(world, {"domestic_abuse": AssessedNeed.Decision.RULED_OUT})
    check_closure(family, Closure.Reason.OUTCOMES_MET)


def test_a_need_the_assessment_added_needs_a_goal(world: World) -> None:
    family = world.families["north"]
    for headline in ("education", "domestic_abuse"):
        PlanGoal.objects.create(
            family=family, headline=headline, goal="Better", status=PlanGoal.Status.ACHIEVED
        )
    check_closure(family, Closure.Reason.OUTCOMES_MET)
    _assessed(world, {"housing": AssessedNeed.Decision.ADDED})
    with pytest.raises(TransitionError, match="no goal for"):
        check_closure(family, Closure.Reason.OUTCOMES_MET)
