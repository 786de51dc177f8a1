"""The programme: how many families reached each step from identification to a claim, and the needs'
outcomes after closure. Every count is made in the database, over the scope's families."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import TruncMonth

from wholefamily.web.casework.models import (
    Assessment,
    ClaimSignOff,
    Closure,
    NeedOutcome,
    PlanGoal,
    Referral,
    Source,
    TimelineEvent,
)
from wholefamily.web.charts import ChartSpec
from wholefamily.web.insight.figures import Column, Figure, monthly_figure, plural
from wholefamily.web.insight.scope import Scope

#: The steps, in order, with where each is recorded (docs/insight.md says more).
STAGES = (
    ("identified", "Identified"),
    ("referred", "Referred"),
    ("allocated", "Allocated"),
    ("worked_with", "Worked with"),
    ("closed", "Closed"),
    ("sustained", "Outcomes sustained"),
    ("claimed", "Claimed"),
)
SUSTAIN_HORIZON = Closure.SUSTAINMENT_DAYS
_BROKEN = (NeedOutcome.Status.NOT_MET, NeedOutcome.Status.RELAPSED)
_OUTCOME = Column("status", "Outcome")
_NEEDS = Column("needs", "Needs", numeric=True, suppressible=True)


def funnel_counts(scope: Scope) -> dict[str, int]:
    """Families of the scope reaching each step within the period, in one query."""
    period = (scope.start, scope.end)
    family = OuterRef("pk")
    sustain = NeedOutcome.objects.filter(need__family=family, horizon_days=SUSTAIN_HORIZON)
    steps: dict[str, Any] = {
        "identified": Q(eligible=True, origin=Source.PIPELINE, created_at__date__range=period),
        "referred": Exists(Referral.objects.filter(family=family, received_on__range=period)),
        "allocated": Exists(
            TimelineEvent.objects.filter(family=family, kind="allocation", date__range=period)
        ),
        "worked_with": Exists(Assessment.objects.filter(family=family, started_on__range=period))
        | Exists(PlanGoal.objects.filter(family=family, recorded_at__date__range=period)),
        "closed": Exists(Closure.objects.filter(family=family, closed_on__range=period)),
        "sustained": Exists(sustain.filter(status=NeedOutcome.Status.MET, window_end__range=period))
        & ~Exists(sustain.filter(status__in=_BROKEN)),
        "claimed": Exists(ClaimSignOff.objects.filter(family=family, signed_off_at__date__range=period)),
    }
    counts = scope.families.aggregate(**{name: Count("pk", filter=test) for name, test in steps.items()})
    return {name: int(counts[name]) for name, _ in STAGES}


def funnel(scope: Scope) -> Figure:
    counts = scope.shown(funnel_counts(scope))
    rows = [{"stage": label, "families": counts[name]} for name, label in STAGES]
    first, last = counts["identified"], counts["claimed"]
    summary = (
        f"From {scope.describe()}, {plural(first, 'family', 'families')} identified from partner data, "
        f"{plural(counts['referred'], 'family', 'families')} referred, "
        f"{plural(counts['closed'], 'family', 'families')} closed and "
        f"{plural(last, 'family', 'families')} claimed for."
    )
    return Figure(
        slug="funnel",
        title="Families at each step of the programme",
        columns=(Column("stage", "Step"), Column("families", "Families", numeric=True, suppressible=True)),
        rows=rows,
        summary=summary,
        chart=ChartSpec("bar", "stage", "families", value_title="Families"),
        note="Each step counts the families that reached it in the period, so a later step may count "
        "families whose earlier steps fell before it.",
    )


def _sustain_outcomes(scope: Scope) -> Any:
    return NeedOutcome.objects.filter(
        need__family__in=scope.families,
        horizon_days=SUSTAIN_HORIZON,
        window_end__range=(scope.start, scope.end),
    )


def _statuses() -> list[tuple[str, str]]:
    return [(str(value), str(label)) for value, label in NeedOutcome.Status.choices]


def outcomes_by_month(scope: Scope) -> Figure:
    counted = (
        _sustain_outcomes(scope)
        .annotate(month=TruncMonth("window_end"))
        .values("month", "status")
        .annotate(needs=Count("pk"))
    )
    found = Counter({(f"{row['month']:%Y-%m}", row["status"]): row["needs"] for row in counted})
    cells = scope.shown(
        {(month, status): found[month, status] for month in scope.months for status, _ in _statuses()}
    )
    labels = dict(_statuses())
    rows = [{"month": month, "status": labels[status], "needs": n} for (month, status), n in cells.items()]
    met = sum(n for (_, status), n in cells.items() if status == NeedOutcome.Status.MET and n)
    judged = sum(
        n for (_, status), n in cells.items() if status != NeedOutcome.Status.NOT_YET_MEASURABLE and n
    )
    return monthly_figure(
        "outcomes-by-month",
        "Need outcomes six months after closure, by month",
        series=_OUTCOME,
        count=_NEEDS,
        rows=rows,
        summary=f"Of {plural(judged, 'need')} judged at six months with the window ending {scope.describe()}, "
        f"{plural(met, 'need')} {'was' if met == 1 else 'were'} met.",
        series_title="Outcome",
        note="By the month the six-month window after closure ends.",
        pivot=("month", "status", "needs"),
    )


def outcomes_by_headline(scope: Scope) -> Figure:
    counted = _sustain_outcomes(scope).values("need__headline_label", "status").annotate(needs=Count("pk"))
    found = Counter({(row["need__headline_label"], row["status"]): row["needs"] for row in counted})
    headlines = sorted({headline for headline, _ in found})
    cells = scope.shown(
        {(headline, status): found[headline, status] for headline in headlines for status, _ in _statuses()}
    )
    labels = dict(_statuses())
    rows = [{"headline": h, "status": labels[status], "needs": n} for (h, status), n in cells.items()]
    met = {h: n for (h, status), n in cells.items() if status == NeedOutcome.Status.MET}
    best = max((h for h in headlines if met[h]), key=lambda h: met[h] or 0, default=None)
    summary = (
        f"Most needs met at six months were under {best}: {plural(met[best], 'need')}."
        if best
        else "No need was met at six months in the period."
    )
    return Figure(
        slug="outcomes-by-headline",
        title="Need outcomes six months after closure, by headline",
        columns=(Column("headline", "Headline"), _OUTCOME, _NEEDS),
        rows=rows,
        summary=summary,
        chart=ChartSpec("bar", "headline", "needs", "status", value_title="Needs", series_title="Outcome"),
        pivot=("headline", "status", "needs"),
    )


def programme_figures(scope: Scope) -> list[Figure]:
    return [funnel(scope), outcomes_by_month(scope), outcomes_by_headline(scope)]
