"""When each step of the journey may happen. Every page and API call checks here before it changes anything,
and shows the message of a refusal to the user as it is.

| status | may happen next |
|---|---|
| identified | triage (a referral from the pipeline), step up |
| referred | triage, step up |
| accepted (waiting for allocation) | allocation, step up |
| open (allocated) | assessment, plan, meetings, reviews, interventions, notes, re-allocation, step up, closure |
| stepped up | step down, closure, notes |
| closed | a new referral (re-referral), notes |
"""

from __future__ import annotations

from collections.abc import Callable

from wholefamily.web.casework.models import Closure, Family, PlanGoal
from wholefamily.web.casework.needs import needs_not_achieved, needs_without_goal

Status = Family.Status


class TransitionError(Exception):
    """A step the family's status does not allow; the message says why and what to do instead."""


def refusal(check: Callable[[], object]) -> str | None:
    """The message of the refusal ``check`` raises, or None when the step may happen now."""
    try:
        check()
    except TransitionError as refused:
        return str(refused)
    return None


def _require(family: Family, allowed: set[str], message: str) -> None:
    if family.status not in allowed:
        raise TransitionError(f"{message} (this family is {family.get_status_display().lower()}).")


def check_triage(family: Family) -> None:
    _require(
        family,
        {Status.IDENTIFIED, Status.REFERRED},
        "Only a new referral, or a family identified from partner data, can be triaged",
    )


def check_allocation(family: Family) -> None:
    _require(
        family,
        {Status.ACCEPTED, Status.OPEN},
        "A family is allocated after the front door accepts it for early help: triage the referral first",
    )


def check_open_work(family: Family, what: str) -> None:
    """Assessment, plan, meetings, reviews and interventions need an open, allocated case."""
    if family.status == Status.CLOSED:
        raise TransitionError(
            f"This case is closed, so you cannot record {what}. Make a new referral to reopen it."
        )
    _require(
        family, {Status.OPEN}, f"You can record {what} only while the case is open with a lead practitioner"
    )


def check_step_up(family: Family) -> None:
    _require(
        family,
        {Status.IDENTIFIED, Status.REFERRED, Status.ACCEPTED, Status.OPEN},
        "Only a family in early help can be stepped up to children's social care",
    )


def check_step_down(family: Family) -> None:
    _require(family, {Status.STEPPED_UP}, "Only a family with children's social care can be stepped down")


def check_closure(family: Family, reason: str, not_achieved_reason: str = "") -> list[str]:
    """Whether the case may close for ``reason``. "Outcomes met" needs a plan goal for every identified need,
    and each need's goal achieved, else ``not_achieved_reason`` (why the case closes as "outcomes met" all the
    same). Returns the needs whose goal is not achieved (kept with the closure), empty for other reasons."""
    _require(family, {Status.OPEN, Status.STEPPED_UP}, "Only an open case can be closed")
    if reason != Closure.Reason.OUTCOMES_MET:
        return []
    if not PlanGoal.objects.filter(family=family).exists():
        raise TransitionError(
            "You cannot close a case as 'outcomes met' without a family plan: add the plan's goals first."
        )
    # The plan answers the needs the assessment settled on (added ones in, ruled-out ones out).
    uncovered = sorted(need.label for need in needs_without_goal(family))
    if uncovered:
        raise TransitionError(
            "The family plan has no goal for: " + ", ".join(uncovered) + ". Add one before closing."
        )
    not_achieved = needs_not_achieved(family)
    if not_achieved and not not_achieved_reason.strip():
        raise TransitionError(
            "The goal is not achieved for: "
            + "; ".join(not_achieved)
            + ". Mark the goal achieved in the family plan, or give the reason for closing as 'outcomes met'."
        )
    return not_achieved


def check_rereferral(family: Family) -> None:
    _require(family, {Status.CLOSED}, "A new referral reopens a closed case; this one is not closed")
