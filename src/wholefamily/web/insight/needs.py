"""Needs over time: families with a counted need under each headline, and in each area (postcode district),
by the month the need first showed (its earliest partner record; the family's first day in the site for a
need recorded by hand). Counts by area are suppressed below the threshold."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce, TruncDate, TruncMonth

from wholefamily.web.casework.models import Evidence, Need
from wholefamily.web.insight.figures import Column, Figure, monthly_figure, plural
from wholefamily.web.insight.scope import Scope, district_of
from wholefamily.web.insight.suppression import suppress_small


def families_by_month(scope: Scope, group: str, by: Any) -> list[dict[str, Any]]:
    """Families of the scope with a counted need, by ``group`` (the value of ``by``) and by the month the need
    first showed, within the period: ``{"month", group, "families"}`` rows, counted in the database."""
    first_record = (
        Evidence.objects.filter(need=OuterRef("pk")).order_by("event_date").values("event_date")[:1]
    )
    seen = Coalesce(Subquery(first_record), TruncDate("family__created_at"))
    grouped = (
        Need.objects.filter(family__in=scope.families, counted=True)
        .alias(seen=seen)
        .filter(seen__range=(scope.start, scope.end))
        .annotate(month=TruncMonth("seen"), **{group: by})
        .values("month", group)
        .annotate(families=Count("family", distinct=True))
    )
    return [dict(row) for row in grouped]


def _by_month(scope: Scope, key: str, grouped: Any) -> dict[tuple[str, str], int]:
    found = Counter({(f"{row['month']:%Y-%m}", row[key]): row["families"] for row in grouped})
    groups = sorted({group for _, group in found})
    return {(month, group): found[month, group] for group in groups for month in scope.months}


_FAMILIES = Column("families", "Families", numeric=True, suppressible=True)


def needs_by_headline(scope: Scope) -> Figure:
    grouped = families_by_month(scope, "label", F("headline_label"))
    cells = scope.shown(_by_month(scope, "label", grouped))
    rows = [{"month": m, "headline": h, "families": n} for (m, h), n in cells.items()]
    totals = Counter[str]()
    for (_, headline), n in cells.items():
        totals[headline] += n or 0
    top = totals.most_common(1)
    summary = (
        f"{top[0][0]} was the headline with most new needs from {scope.describe()}: "
        f"{plural(top[0][1], 'family', 'families')} over the months counted."
        if top and top[0][1]
        else f"No family showed a new counted need from {scope.describe()}."
    )
    return monthly_figure(
        "needs-by-headline",
        "Families with a new need, by headline and month",
        series=Column("headline", "Headline"),
        count=_FAMILIES,
        rows=rows,
        summary=summary,
        series_title="Headline",
        note="A family counts once a month under each headline it has a need under.",
        pivot=("headline", "month", "families"),
    )


def needs_by_area(scope: Scope) -> Figure:
    grouped = families_by_month(scope, "area", district_of("family__postcode"))
    cells = suppress_small(_by_month(scope, "area", grouped))
    rows: list[dict[str, Any]] = [{"month": m, "area": a, "families": n} for (m, a), n in cells.items()]
    shown = [row for row in rows if row["families"] is not None]
    busiest = max(shown, key=lambda row: row["families"], default=None)
    summary = (
        f"The most families with a new need in one area and month was {busiest['families']:,}, "
        f"in {busiest['area']} in {busiest['month']}; counts below 5 are not shown."
        if busiest
        else "Every count of families by area is below 5 in the period, so none is shown."
    )
    return monthly_figure(
        "needs-by-area",
        "Families with a new need, by area and month",
        series=Column("area", "Area (postcode district)"),
        count=_FAMILIES,
        rows=rows,
        summary=summary,
        series_title="Area",
        note="Counts of fewer than 5 families are not shown, so the areas shown may not add up to the total.",
        pivot=("area", "month", "families"),
    )


def needs_figures(scope: Scope) -> list[Figure]:
    return [needs_by_headline(scope), needs_by_area(scope)]
