"""The indicator pages: the tables of a date, one table with its dictionary, and its CSV.

For the roles ``access`` names; anyone else gets an audited 403. Every view and download is audited."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from wholefamily.web.accounts import audit
from wholefamily.web.accounts.models import AuditEntry, User
from wholefamily.web.casework.family_gate import acting_user
from wholefamily.web.indicators import published
from wholefamily.web.indicators.access import may_see_indicators

T = TypeVar("T")


def _require(request: HttpRequest) -> User:
    user = acting_user(request)
    if not may_see_indicators(user):
        audit.record(
            user, AuditEntry.Action.DENIED, request=request, summary="Not allowed to see the indicators"
        )
        raise PermissionDenied("Your role does not allow you to see the population indicators.")
    return user


def home(request: HttpRequest) -> HttpResponse:
    """The latest date's tables."""
    user = _require(request)
    found = published.dates()
    if not found:
        audit.record(user, AuditEntry.Action.VIEW, request=request, summary="Indicators: none written")
        return render(request, "indicators/none.html", {"title": "Population indicators"})
    return redirect("indicators:date", found[0])


def date(request: HttpRequest, date: str) -> HttpResponse:
    user = _require(request)
    found = published.dates()
    if date not in found:
        raise Http404("No indicators for that date")
    audit.record(user, AuditEntry.Action.VIEW, request=request, summary=f"Indicators as of {date}")
    return render(
        request,
        "indicators/date.html",
        {
            "title": f"Population indicators as of {date}",
            "date": date,
            "dates": found,
            "titles": published.TITLES,
        },
    )


def _published(
    request: HttpRequest,
    date: str,
    name: str,
    read: Callable[[str, str], T],
    action: AuditEntry.Action,
    summary: str,
) -> T:
    """What ``read`` finds of table ``name`` as of ``date`` (404 when it is not written), audited."""
    user = _require(request)
    try:
        found = read(date, name)
    except published.NotPublished as exc:
        raise Http404(str(exc)) from exc
    audit.record(user, action, request=request, summary=summary, detail={"date": date, "table": name})
    return found


def table(request: HttpRequest, date: str, name: str) -> HttpResponse:
    found = _published(
        request,
        date,
        name,
        published.read_table,
        AuditEntry.Action.VIEW,
        f"Indicator table {name} as of {date}",
    )
    choices = published.groups(found)
    chosen = request.GET.get("show", "all")
    if chosen not in choices:
        chosen = "all"
    rows = [row for row in found.rows if chosen in ("all", row[0])]
    return render(
        request,
        "indicators/table.html",
        {
            "title": f"{found.title} ({date})",
            "table": found,
            "rows": rows,
            "choices": choices,
            "shown": chosen,
        },
    )


def download(request: HttpRequest, date: str, name: str) -> FileResponse:
    path = _published(
        request,
        date,
        name,
        published.csv_path,
        AuditEntry.Action.EXPORT,
        f"Downloaded the indicator table {name} as of {date}",
    )
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=f"{name}-{date}.csv", content_type="text/csv"
    )
