"""The Insight pages: the list of dashboards, each dashboard with its filters, and each figure as CSV. A role
that may not see a dashboard is refused (403) and the refusal audited; every view and download is audited."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render

from wholefamily.web.accounts import audit
from wholefamily.web.accounts.models import AuditEntry, User
from wholefamily.web.casework.family_gate import acting_user
from wholefamily.web.insight.dashboards import BY_SLUG, Dashboard, dashboards_for
from wholefamily.web.insight.figures import Figure
from wholefamily.web.insight.scope import FiltersForm, Scope, scope_for
from wholefamily.web.navigation import insight_sections


def _refuse(request: HttpRequest, user: User, what: str) -> PermissionDenied:
    audit.record(user, AuditEntry.Action.DENIED, request=request, summary=f"Not allowed to see {what}")
    return PermissionDenied(f"Your role does not allow you to see {what}.")


def _dashboard(request: HttpRequest, slug: str) -> tuple[User, Dashboard]:
    user = acting_user(request)
    dashboard = BY_SLUG.get(slug)
    if dashboard is None:
        raise Http404("No such dashboard")
    if dashboard not in dashboards_for(user):
        raise _refuse(request, user, f"the {dashboard.title.lower()} dashboard")
    return user, dashboard


def _figures(
    request: HttpRequest, user: User, dashboard: Dashboard
) -> tuple[FiltersForm, Scope, list[Figure]]:
    form = FiltersForm(request.GET or None, user=user)
    today = dt.date.today()
    scope = scope_for(user, form, today)
    return form, scope, dashboard.figures(scope, today)


def _filters(scope: Scope) -> dict[str, str]:
    return {
        "from": f"{scope.start:%Y-%m}",
        "to": f"{scope.end:%Y-%m}",
        "area": scope.area,
        "team": scope.team,
    }


def index(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    dashboards = dashboards_for(user)
    if not dashboards and not insight_sections(request):
        raise _refuse(request, user, "the Insight dashboards")
    audit.record(user, AuditEntry.Action.VIEW, request=request, summary="Insight dashboards")
    others = [s for s in insight_sections(request) if s["title"] != "Dashboards"]
    return render(
        request, "insight/index.html", {"title": "Insight", "dashboards": dashboards, "others": others}
    )


def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    user, board = _dashboard(request, slug)
    form, scope, figures = _figures(request, user, board)
    audit.record(
        user,
        AuditEntry.Action.VIEW,
        request=request,
        summary=f"Insight: {board.title}",
        detail=_filters(scope),
    )
    return render(
        request,
        "insight/dashboard.html",
        {
            "title": board.title,
            "dashboard": board,
            "form": form,
            "scope": scope,
            "figures": figures,
            "query": request.GET.urlencode(),
        },
    )


def figure_csv(request: HttpRequest, slug: str, figure: str) -> HttpResponse:
    user, board = _dashboard(request, slug)
    form, scope, figures = _figures(request, user, board)
    if form.is_bound and not form.is_valid():
        return HttpResponseBadRequest("The filters are not valid: open the dashboard to see why.")
    found = next((f for f in figures if f.slug == figure), None)
    if found is None:
        raise Http404("No such figure")
    audit.record(
        user,
        AuditEntry.Action.EXPORT,
        request=request,
        summary=f"Insight CSV: {found.title}",
        detail=_filters(scope),
    )
    response = HttpResponse(found.csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{board.slug}-{found.slug}-{scope.start:%Y-%m}.csv"'
    )
    return response
