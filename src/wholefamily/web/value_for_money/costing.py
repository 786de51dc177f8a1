"""The cost of the work and the value of its outcomes, per cohort: the closures of one calendar quarter.

For each closure (except families signposted at triage, who were not worked with), the piece of work runs from
the day after the family's previous closure, if any, to the closure date, both counted:
- keyworker time: each contact recorded in that span (case notes that are not a contact are left out) at the
  table's hours for its kind, costed at the ``keyworker_hour`` figure when the table has one;
- interventions: each referral in that span that started (started, completed or left early; dated by its start,
  else its referral), costed at its ``intervention:<id>`` figure when the table has one;
- outcomes: the family's pipeline needs met at the sustain horizon (``Closure.SUSTAINMENT_DAYS``) as the latest
  outcomes run judged them, counted for the family's latest closure only (the run judges the latest piece of
  work), each valued at every ``headline:<id>`` figure for its headline, by category."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet

from wholefamily.web.casework.models import CaseNote, Closure, Family, InterventionReferral, NeedOutcome
from wholefamily.web.value_for_money.table import Table

STARTED = (
    InterventionReferral.Status.STARTED,
    InterventionReferral.Status.COMPLETED,
    InterventionReferral.Status.LEFT_EARLY,
)


def quarter_of(day: dt.date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


@dataclass
class Cohort:
    quarter: str
    families: int = 0
    contacts: Counter[str] = field(default_factory=Counter)
    hours: Decimal = Decimal(0)
    keyworker_cost: Decimal | None = None
    interventions: Counter[str] = field(default_factory=Counter)
    intervention_cost: Decimal = Decimal(0)
    interventions_not_costed: int = 0
    needs_met: Counter[str] = field(default_factory=Counter)
    value: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    needs_met_not_valued: int = 0

    @property
    def cost(self) -> Decimal:
        return (self.keyworker_cost or Decimal(0)) + self.intervention_cost

    @property
    def total_value(self) -> Decimal:
        return sum(self.value.values(), Decimal(0))


def cohorts(families: QuerySet[Family], table: Table) -> list[Cohort]:
    """One cohort per quarter with a closure among ``families``, latest first."""
    closures = list(
        Closure.objects.filter(family__in=families)
        .order_by("family_id", "closed_on", "id")
        .values_list("id", "family_id", "closed_on", "reason")
    )
    hourly = table.used_for("keyworker_hour")
    hourly_cost = hourly[0].value if hourly else None
    unit_cost = {
        f.applies_to.removeprefix("intervention:"): f.value
        for f in table.figures
        if f.applies_to.startswith("intervention:")
    }
    by_headline: dict[str, list[tuple[str, Decimal]]] = defaultdict(list)
    for figure in table.headline_values:
        by_headline[figure.applies_to.removeprefix("headline:")].append((figure.category, figure.value))
    latest = {family_id: closure_id for closure_id, family_id, _, _ in closures}

    found: dict[str, Cohort] = {}
    previous: dict[int, dt.date] = {}
    for closure_id, family_id, closed_on, reason in closures:
        after = previous.get(family_id)
        previous[family_id] = closed_on
        if reason == Closure.Reason.SIGNPOSTED:
            continue
        cohort = found.setdefault(quarter_of(closed_on), Cohort(quarter_of(closed_on)))
        cohort.families += 1
        work = _Work(family_id, after, closed_on)
        _add_contacts(cohort, work, table)
        _add_interventions(cohort, work, unit_cost)
        if latest[family_id] == closure_id:
            _add_outcomes(cohort, family_id, by_headline)
    for cohort in found.values():
        cohort.keyworker_cost = None if hourly_cost is None else cohort.hours * hourly_cost
    return sorted(found.values(), key=lambda c: c.quarter, reverse=True)


@dataclass(frozen=True)
class _Work:
    """One piece of work: a family's days after ``after`` (its previous closure; None: from the start) up to
    and including ``until`` (this closure)."""

    family_id: int
    after: dt.date | None
    until: dt.date

    def holds(self, day: dt.date) -> bool:
        return day <= self.until and (self.after is None or day > self.after)


def _add_contacts(cohort: Cohort, work: _Work, table: Table) -> None:
    contacts = CaseNote.objects.filter(family_id=work.family_id).exclude(kind=CaseNote.Kind.NOTE)
    for kind, day in contacts.values_list("kind", "happened_on"):
        if work.holds(day):
            cohort.contacts[kind] += 1
            cohort.hours += table.contact_hours[kind]


def _add_interventions(cohort: Cohort, work: _Work, unit_cost: dict[str, Decimal]) -> None:
    started = InterventionReferral.objects.filter(family_id=work.family_id, status__in=STARTED)
    for intervention_id, started_on, referred_on in started.values_list(
        "intervention_id", "started_on", "referred_on"
    ):
        if not work.holds(started_on or referred_on):
            continue
        cohort.interventions[intervention_id] += 1
        if intervention_id in unit_cost:
            cohort.intervention_cost += unit_cost[intervention_id]
        else:
            cohort.interventions_not_costed += 1


def _add_outcomes(cohort: Cohort, family_id: int, by_headline: dict[str, list[tuple[str, Decimal]]]) -> None:
    met = NeedOutcome.objects.filter(
        need__family_id=family_id, horizon_days=Closure.SUSTAINMENT_DAYS, status=NeedOutcome.Status.MET
    )
    for headline in met.values_list("need__headline", flat=True):
        cohort.needs_met[headline] += 1
        if headline not in by_headline:
            cohort.needs_met_not_valued += 1
        for category, value in by_headline.get(headline, []):
            cohort.value[category] += value
