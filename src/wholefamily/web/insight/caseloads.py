"""Caseloads and drift: each worker's caseload (the team dashboard's ``caseloads``), and in the families they
lead the reviews overdue (the dashboard's ``case_dates`` and ``review_overdue``) and the cases without a
contact for some weeks; and the change in the wellbeing scores across the caseload."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Avg, Count, F, Max, Min, OuterRef, Q, Subquery

from wholefamily.web.casework.journey.front_door.caseload import HELD, caseloads, workers_for
from wholefamily.web.casework.journey.front_door.dashboard import case_dates, review_overdue
from wholefamily.web.casework.models import CaseNote, WellbeingArea, WellbeingScore
from wholefamily.web.insight.charts import ChartSpec
from wholefamily.web.insight.figures import Column, Figure, plural, suppress_columns
from wholefamily.web.insight.scope import Scope
from wholefamily.web.insight.suppression import suppress_small

#: A case drifts when no one has been in contact for this many weeks.
NO_CONTACT_WEEKS = 4
OVERDUE_REVIEW = "Review overdue"
NO_CONTACT = f"No contact in {NO_CONTACT_WEEKS} weeks"


def caseload_figure(scope: Scope) -> Figure:
    workers = workers_for(scope.user)
    if scope.team:
        workers = workers.filter(team_id=int(scope.team))
    loads = caseloads(workers)
    rows: list[dict[str, Any]] = [
        {
            "worker": str(load.worker),
            "team": load.worker.team.name if load.worker.team else "–",
            "families": load.families,
            "points": load.points,
            "state": load.state_label,
        }
        for load in loads
    ]
    over = sum(1 for load in loads if load.state == "over")
    summary = (
        f"{plural(len(loads), 'worker')} {'leads' if len(loads) == 1 else 'lead'} {plural(sum(r['families'] for r in rows), 'open case')}; "
        f"{plural(over, 'worker')} {'is' if over == 1 else 'are'} over their caseload limit."
    )
    return Figure(
        slug="caseloads",
        title="Open cases per worker",
        columns=(
            Column("worker", "Worker"),
            Column("team", "Team"),
            Column("families", "Families", numeric=True),
            Column("points", "Weighted caseload", numeric=True),
            Column("state", "Against the limit"),
        ),
        rows=rows,
        summary=summary,
        chart=ChartSpec("bar", "worker", "families", value_title="Families"),
        note="A worker's whole caseload (open and stepped up cases they lead), as on the team dashboard.",
    )


def drift_counts(scope: Scope, today: dt.date) -> dict[str, dict[str, int]]:
    """For each worker leading a held family of the scope: how many, and of them how many with the review
    overdue and how many with no contact since ``NO_CONTACT_WEEKS`` before ``today`` (none since the case
    opened counts when it opened before then)."""
    contacts = ~Q(case_notes__kind=CaseNote.Kind.NOTE)
    held = list(
        scope.families.filter(status__in=HELD, lead_practitioner__isnull=False)
        .select_related("lead_practitioner")
        .annotate(last_contact=Max("case_notes__happened_on", filter=contacts))
        .order_by("pk")
    )
    dates = case_dates(list(held))
    since = today - dt.timedelta(weeks=NO_CONTACT_WEEKS)
    counts: dict[str, dict[str, int]] = {}
    for family in held:
        row = counts.setdefault(str(family.lead_practitioner), {"families": 0, "overdue": 0, "no_contact": 0})
        when = dates[family.pk]
        last = family.last_contact or when.opened_on
        row["families"] += 1
        row["overdue"] += review_overdue(family, when, today)
        row["no_contact"] += last < since
    return dict(sorted(counts.items()))


def drift_figure(scope: Scope, today: dt.date) -> Figure:
    counts = drift_counts(scope, today)
    rows: list[dict[str, Any]] = [{"worker": worker, **row} for worker, row in counts.items()]
    measures = ("families", "overdue", "no_contact")
    totals: dict[str, int | None] = {key: sum(row[key] for row in rows) for key in measures}
    if scope.by_one_area:
        rows = suppress_columns(rows, measures)
        totals = suppress_small(totals)  # type: ignore[arg-type]
    cases, overdue, quiet = (totals[key] for key in measures)
    return Figure(
        slug="drift",
        title="Cases drifting, by lead worker",
        columns=(
            Column("worker", "Worker"),
            Column("families", "Open cases", numeric=True, suppressible=True),
            Column("overdue", OVERDUE_REVIEW, numeric=True, suppressible=True),
            Column("no_contact", NO_CONTACT, numeric=True, suppressible=True),
        ),
        rows=rows,
        summary=f"Of {plural(cases, 'open case')}, {plural(overdue, 'case')} {'has' if overdue == 1 else 'have'} "
        f"a review overdue and {plural(quiet, 'case')} no contact in {NO_CONTACT_WEEKS} weeks.",
        chart=ChartSpec("bar", "worker", "cases", "measure", value_title="Cases", series_title="Drift"),
        chart_rows=[
            {"worker": row["worker"], "measure": label, "cases": row[key]}
            for row in rows
            for key, label in (("overdue", OVERDUE_REVIEW), ("no_contact", NO_CONTACT))
        ],
        note=f"Contacts are home visits, calls, video calls and meetings; a case with none counts from the day "
        f"it opened. Reviews are due as on the team dashboard. Today is {today:%d %B %Y}.",
    )


def wellbeing_change(scope: Scope) -> dict[str, dict[str, Any]]:
    """For each wellbeing area: the families scored on two dates or more in the period, and their mean score
    on the first date and on the latest."""
    in_period = WellbeingScore.objects.filter(
        family__in=scope.families, scored_on__range=(scope.start, scope.end)
    )
    same = in_period.filter(family=OuterRef("family"), area=OuterRef("area")).values("family", "area")
    first = Subquery(same.annotate(day=Min("scored_on")).values("day"))
    latest = Subquery(same.annotate(day=Max("scored_on")).values("day"))
    rows = (
        in_period.annotate(first_on=first, latest_on=latest)
        .filter(latest_on__gt=F("first_on"))
        .values("area")
        .annotate(
            families=Count("family", distinct=True),
            first=Avg("score", filter=Q(scored_on=F("first_on"))),
            latest=Avg("score", filter=Q(scored_on=F("latest_on"))),
        )
    )
    return {row["area"]: dict(row) for row in rows}


def wellbeing_figure(scope: Scope) -> Figure:
    found = wellbeing_change(scope)
    families: dict[str, int | None] = {area: int(row["families"]) for area, row in found.items()}
    if scope.by_one_area:
        families = suppress_small(families)  # type: ignore[arg-type]
    rows: list[dict[str, Any]] = []
    for area, label in WellbeingArea.choices:
        if area not in found:
            continue
        shown = families[area] is not None
        first, latest = float(found[area]["first"]), float(found[area]["latest"])
        rows.append(
            {
                "area": str(label),
                "families": families[area],
                "first": first if shown else None,
                "latest": latest if shown else None,
                "change": latest - first if shown else None,
            }
        )
    changes = [row for row in rows if row["change"] is not None]
    best = max(changes, key=lambda row: row["change"], default=None)
    summary = (
        f"Across the families scored twice or more from {scope.describe()}, {best['area']} rose most, by "
        f"{best['change']:+.1f} points on average (from {best['first']:.1f} to {best['latest']:.1f})."
        if best
        else f"No family was scored twice from {scope.describe()}."
    )
    return Figure(
        slug="wellbeing",
        title="Change in wellbeing scores, first to latest",
        columns=(
            Column("area", "Wellbeing area"),
            Column("families", "Families", numeric=True, suppressible=True),
            Column("first", "First score (mean)", numeric=True),
            Column("latest", "Latest score (mean)", numeric=True),
            Column("change", "Change", numeric=True),
        ),
        rows=rows,
        summary=summary,
        chart=ChartSpec("bar", "area", "change", value_title="Change in mean score (1 to 10)"),
        note="Scores from 1 (very hard) to 10 (going well), at assessments and reviews in the period; only "
        "families scored on two dates or more in an area count.",
    )


def caseload_figures(scope: Scope, today: dt.date) -> list[Figure]:
    return [caseload_figure(scope), drift_figure(scope, today), wellbeing_figure(scope)]
