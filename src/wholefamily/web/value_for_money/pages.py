"""The value-for-money page and its CSV: per cohort of closures, the cost of the work and the value of the needs
met, with every assumption shown. Over the families the user may open (a manager: their team's)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from wholefamily.reports import Cell, spreadsheet_row
from wholefamily.web.accounts import audit
from wholefamily.web.accounts.models import AuditEntry, User
from wholefamily.web.casework import access as casework_access
from wholefamily.web.casework.journey.work import catalogue
from wholefamily.web.casework.models import Closure
from wholefamily.web.value_for_money import access, costing, table

_TITLE = "Value for money"

#: The CSV's fields, in order, with what each holds (docs/insight.md shows the same list).
CSV_FIELDS: dict[str, str] = {
    "quarter": "The cohort: closures in this calendar quarter (2027Q1 is January to March 2027)",
    "families_closed": "Pieces of work closed in the quarter (families signposted at triage left out)",
    **{
        f"contacts_{k}": f"{label} contacts recorded during those pieces of work"
        for k, label in table.CONTACT_KINDS.items()
    },
    "keyworker_hours": "Contacts times the table's hours for each kind of contact",
    "keyworker_cost": "Keyworker hours times the table's keyworker_hour figure (empty: the table has none)",
    "interventions_started": "Intervention referrals started (started, completed or left early) during the work",
    "interventions_not_costed": "Of those, the ones the table has no unit cost for",
    "intervention_cost": "The started interventions' unit costs from the table",
    "total_cost": "Keyworker cost plus intervention cost (what the table can cost)",
    "needs_met": "Pipeline needs met at the sustain horizon, for each family's latest closure",
    "needs_met_not_valued": "Of those, needs whose headline has no value in the table",
    **{
        f"value_{k}": f"{label} value of the needs met, from the table's headline figures"
        for k, label in table.CATEGORIES.items()
        if k in table.VALUE_CATEGORIES
    },
    "total_value": "All the values above added up",
    "value_less_cost": "Total value less total cost",
}


def _money(amount: Decimal | None) -> Decimal | None:
    """Pence, as a number (a loss stays a number, not text a spreadsheet would neutralise)."""
    return None if amount is None else amount.quantize(Decimal("0.01"))


def _row(cohort: costing.Cohort) -> dict[str, Cell]:
    return {
        "quarter": cohort.quarter,
        "families_closed": cohort.families,
        **{f"contacts_{k}": cohort.contacts[k] for k in table.CONTACT_KINDS},
        "keyworker_hours": f"{cohort.hours.normalize():f}",
        "keyworker_cost": _money(cohort.keyworker_cost),
        "interventions_started": sum(cohort.interventions.values()),
        "interventions_not_costed": cohort.interventions_not_costed,
        "intervention_cost": _money(cohort.intervention_cost),
        "total_cost": _money(cohort.cost),
        "needs_met": sum(cohort.needs_met.values()),
        "needs_met_not_valued": cohort.needs_met_not_valued,
        **{f"value_{k}": _money(cohort.value.get(k, Decimal(0))) for k in table.VALUE_CATEGORIES},
        "total_value": _money(cohort.total_value),
        "value_less_cost": _money(cohort.total_value - cohort.cost),
    }


def _pounds(amount: Decimal) -> str:
    return ("−" if amount < 0 else "") + f"£{abs(amount).quantize(Decimal('1')):,}"


def _count(number: int, thing: str) -> str:
    return f"{number} {thing}" if number == 1 else f"{number} {thing}s"


def summary(cohorts: list[costing.Cohort], unit_costs: table.Table) -> str:
    if not cohorts:
        return "No piece of work has been closed yet, so there is no cohort to cost."
    latest = cohorts[0]
    hours = (
        f"{latest.hours.normalize():f} hours of keyworker time over {sum(latest.contacts.values())} contacts"
    )
    cost = (
        f" ({_pounds(latest.keyworker_cost)})"
        if latest.keyworker_cost is not None
        else " (not costed: no keyworker_hour figure)"
    )
    met = sum(latest.needs_met.values())
    value = (
        f"valued at {_pounds(latest.total_value)}"
        if unit_costs.headline_values
        else "not valued: the table has no headline figures"
    )
    return (
        f"{_count(len(cohorts), 'cohort')}. The latest, {latest.quarter}: "
        f"{_count(latest.families, 'piece')} of work closed, {hours}{cost}; "
        f"{_count(sum(latest.interventions.values()), 'intervention')} started "
        f"({_pounds(latest.intervention_cost)} costed); {_count(met, 'need')} met at six months, {value}."
    )


def _load(request: HttpRequest) -> tuple[User, table.Table, str, list[costing.Cohort]]:
    user = request.user
    if not isinstance(user, User) or not access.may_read(user):
        audit.record(
            user, AuditEntry.Action.DENIED, request=request, summary="Not allowed to see value for money"
        )
        raise PermissionDenied("Your role does not allow you to see value for money.")
    unit_costs, origin = table.load(settings.VALUE_FOR_MONEY_TABLE)
    return user, unit_costs, origin, costing.cohorts(casework_access.families_for(user), unit_costs)


def value_for_money(request: HttpRequest) -> HttpResponse:
    try:
        user, unit_costs, origin, cohorts = _load(request)
    except table.TableError as error:
        return render(
            request, "value_for_money/broken_table.html", {"title": _TITLE, "problem": str(error)}, status=500
        )
    audit.record(
        user, AuditEntry.Action.VIEW, request=request, summary=f"Value for money ({len(cohorts)} cohorts)"
    )
    headlines = catalogue.headline_labels()
    context = {
        "title": _TITLE,
        "cohorts": cohorts,
        "rows": [_row(c) for c in cohorts],
        "summary": summary(cohorts, unit_costs),
        "table": unit_costs,
        "origin": origin,
        "contact_kinds": table.CONTACT_KINDS,
        "categories": table.CATEGORIES,
        "value_categories": table.VALUE_CATEGORIES,
        "headlines": headlines,
        "met_headlines": sorted({h for c in cohorts for h in c.needs_met}),
        "horizon": Closure.SUSTAINMENT_DAYS,
        "intervention_name": catalogue.name_of,
    }
    return render(request, "value_for_money/page.html", context)


def value_for_money_csv(request: HttpRequest) -> HttpResponse:
    try:
        user, _, _, cohorts = _load(request)
    except table.TableError as error:
        return HttpResponse(str(error), status=500, content_type="text/plain; charset=utf-8")
    audit.record(
        user,
        AuditEntry.Action.EXPORT,
        request=request,
        summary=f"Value for money exported ({len(cohorts)} cohorts)",
    )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    writer.writerows(spreadsheet_row(_row(c).get(k) for k in CSV_FIELDS) for c in cohorts)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="value-for-money.csv"'
    return response
