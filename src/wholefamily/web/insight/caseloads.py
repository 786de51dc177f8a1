"""Caseloads and drift: each worker's caseload (the team dashboard's ``caseloads``), and in the families they
lead the reviews overdue (the dashboard's ``case_dates`` and ``review_overdue``) and the cases without a
contact for some weeks; and the change in the wellbeing scores across the caseload."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Avg, Count, F, Max, Min, OuterRef, Q, Subquery

from wholefamily.web.casework.journey.front_door.caseload import HELD, caseloads, workers_for
from wholefamily.web.casework.journey.front_door.dashboard import case_dates, review_overdue
from wholefamily.web.casework.models import CaseNote, FamilyRating, WellbeingArea, WellbeingScore
from wholefamily.web.charts import ChartSpec
from wholefamily.web.insight.figures import Column, Figure, plural, suppress_columns
from wholefamily.web.insight.scope import Scope

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
    totals = scope.shown({key: sum(row[key] for row in rows) for key in measures})
    if scope.by_one_area:
        rows = suppress_columns(rows, measures)
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


PRACTITIONER = "The practitioner's scores"
OWN = "The family's own rating"


def wellbeing_change(scope: Scope, *, own: bool = False) -> dict[str, dict[str, Any]]:
    """For each wellbeing area: the families scored on two dates or more in the period, and their mean score
    on the first date and on the latest; the practitioner's scores, or with ``own`` the family's own ratings
    (members rating apart on one day count as one mean)."""
    model: type[WellbeingScore | FamilyRating] = FamilyRating if own else WellbeingScore
    day = "rated_on" if own else "scored_on"
    in_period = model.objects.filter(family__in=scope.families, **{f"{day}__range": (scope.start, scope.end)})
    same = in_period.filter(family=OuterRef("family"), area=OuterRef("area")).values("family", "area")
    first = Subquery(same.annotate(day=Min(day)).values("day"))
    latest = Subquery(same.annotate(day=Max(day)).values("day"))
    rows = (
        in_period.annotate(first_on=first, latest_on=latest)
        .filter(latest_on__gt=F("first_on"))
        .values("area")
        .annotate(
            families=Count("family", distinct=True),
            first=Avg("score", filter=Q(**{day: F("first_on")})),
            latest=Avg("score", filter=Q(**{day: F("latest_on")})),
        )
    )
    return {row["area"]: dict(row) for row in rows}


def _change_cells(found: dict[str, dict[str, Any]], area: str, families: int | None) -> dict[str, Any]:
    if area not in found or families is None:
        return {"families": families, "first": None, "latest": None, "change": None}
    first, latest = float(found[area]["first"]), float(found[area]["latest"])
    return {"families": families, "first": first, "latest": latest, "change": latest - first}


def wellbeing_figure(scope: Scope) -> Figure:
    found, own = wellbeing_change(scope), wellbeing_change(scope, own=True)
    counts = [{area: int(row["families"]) for area, row in views.items()} for views in (found, own)]
    families = [scope.shown(c) for c in counts]
    rows: list[dict[str, Any]] = []
    for area, label in WellbeingArea.choices:
        if area not in found and area not in own:
            continue
        theirs = _change_cells(own, area, families[1].get(area))
        rows.append(
            {
                "area": str(label),
                **_change_cells(found, area, families[0].get(area)),
                **{f"own_{key}": value for key, value in theirs.items()},
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
    own_changes = [row for row in rows if row["own_change"] is not None]
    own_best = max(own_changes, key=lambda row: row["own_change"], default=None)
    if own_best:
        summary += (
            f" In the families' own ratings, {own_best['area']} rose most, by {own_best['own_change']:+.1f}."
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
            Column("own_families", "Families rating themselves", numeric=True, suppressible=True),
            Column("own_change", "Change in their own rating", numeric=True),
        ),
        rows=rows,
        summary=summary,
        chart=ChartSpec(
            "bar",
            "area",
            "change",
            "view",
            value_title="Change in mean score (1 to 10)",
            series_title="Whose view",
            grouped=True,
        ),
        chart_rows=[
            {"area": row["area"], "view": view, "change": row[key]}
            for row in rows
            for key, view in (("change", PRACTITIONER), ("own_change", OWN))
        ],
        note="Scores from 1 (very hard) to 10 (going well), at assessments and reviews in the period, and the "
        "families' own ratings of the same areas; only families scored (or rating themselves) on two dates or "
        "more in an area count.",
    )


def caseload_figures(scope: Scope, today: dt.date) -> list[Figure]:
    return [caseload_figure(scope), drift_figure(scope, today), wellbeing_figure(scope)]
