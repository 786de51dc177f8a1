"""Data quality and feed health: each partner feed's last delivery as ``wholefamily publish`` copied it
(``PartnerFeed``, from ``ingest/feed_health.py``; whether it is overdue is decided today, as in the
**Partner data** banner), and how complete the scope's records are."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q

from wholefamily.ingest.feed_health import feed_state
from wholefamily.web.casework.models import Evidence, Membership, Need, PartnerFeed
from wholefamily.web.charts import ChartSpec
from wholefamily.web.insight.figures import Column, Figure, number, plural, suppress_columns
from wholefamily.web.insight.scope import Scope

STATE_LABELS = {"overdue": "Overdue", "due_soon": "Due within a week", "ok": "On time"}


def feeds_figure(today: dt.date) -> Figure:
    feeds = list(PartnerFeed.objects.all())
    rows = [
        {
            "feed": feed.title,
            "last_delivery": f"{feed.last_delivery:%Y-%m-%d}",
            "rows": feed.rows,
            "rows_change": feed.rows_change,
            "state": STATE_LABELS[feed_state(feed.due_on, today)],
            "gone_empty": ", ".join(feed.fields_gone_empty) or "None",
        }
        for feed in feeds
    ]
    late = sum(1 for row in rows if row["state"] == STATE_LABELS["overdue"])
    emptied = sum(1 for feed in feeds if feed.fields_gone_empty)
    summary = (
        f"{plural(len(rows), 'partner feed')}: {plural(late, 'feed')} overdue today and "
        f"{plural(emptied, 'feed')} with a field gone empty in its last delivery."
        if rows
        else "No partner feed has been published to the site yet."
    )
    return Figure(
        slug="feeds",
        title="Rows in each partner feed's last delivery",
        columns=(
            Column("feed", "Feed"),
            Column("last_delivery", "Last delivery"),
            Column("rows", "Rows", numeric=True),
            Column("rows_change", "Change from the delivery before", numeric=True),
            Column("state", "Next delivery"),
            Column("gone_empty", "Fields gone empty"),
        ),
        rows=rows,
        summary=summary,
        chart=ChartSpec("bar", "feed", "rows", value_title="Rows"),
    )


def completeness_counts(scope: Scope) -> dict[str, tuple[int, int]]:
    """(missing, of) for each check over the scope's records, in three queries."""
    families = scope.families.aggregate(
        of=Count("pk"), missing=Count("pk", filter=~Q(postcode__contains=" "))
    )
    current = Membership.objects.filter(family__in=scope.families, end_date__isnull=True)
    people = current.aggregate(
        of=Count("person", distinct=True),
        missing=Count("person", distinct=True, filter=Q(person__date_of_birth__isnull=True)),
    )
    needs = (
        Need.objects.filter(family__in=scope.families, counted=True, source="pipeline")
        .annotate(proved=Exists(Evidence.objects.filter(need=OuterRef("pk"))))
        .aggregate(of=Count("pk"), missing=Count("pk", filter=Q(proved=False)))
    )
    return {
        "Families without a full postcode": (families["missing"], families["of"]),
        "Members without a date of birth": (people["missing"], people["of"]),
        "Needs from partner data without a record to prove them": (needs["missing"], needs["of"]),
    }


def completeness_figure(scope: Scope) -> Figure:
    counts = completeness_counts(scope)
    rows: list[dict[str, Any]] = [
        {"check": check, "missing": n, "of": of} for check, (n, of) in counts.items()
    ]
    if scope.by_one_area:
        rows = suppress_columns(rows, ("missing", "of"))
    gaps = [row for row in rows if row["missing"] != 0]
    summary = (
        "; ".join(f"{row['check']}: {number(row['missing'])} of {number(row['of'])}" for row in gaps) + "."
        if gaps
        else "Every record checked is complete."
    )
    return Figure(
        slug="completeness",
        title="Records with a gap",
        columns=(
            Column("check", "Check"),
            Column("missing", "Records with the gap", numeric=True, suppressible=True),
            Column("of", "Records checked", numeric=True, suppressible=True),
        ),
        rows=rows,
        summary=summary,
        chart=ChartSpec("bar", "check", "missing", value_title="Records with the gap"),
    )


def data_quality_figures(scope: Scope, today: dt.date) -> list[Figure]:
    return [feeds_figure(today), completeness_figure(scope)]
