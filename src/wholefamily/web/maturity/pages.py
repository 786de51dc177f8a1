"""The self-assessment pages. Each asks ``maturity.access`` whether the user may read or edit (else an audited
403); every view, change and export is written to the audit trail."""

from __future__ import annotations

import csv
import io
import json

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from wholefamily.reports import spreadsheet_row
from wholefamily.web.accounts import audit
from wholefamily.web.accounts.models import AuditEntry, User
from wholefamily.web.maturity import access, chart, scoring
from wholefamily.web.maturity import template as templates
from wholefamily.web.maturity.forms import LevelsForm, QuarterForm, ScoresForm, StatementForm
from wholefamily.web.maturity.models import Assessment, TemplateVersion

_SECTION = "Self-assessment"


def home(request: HttpRequest) -> HttpResponse:
    """The quarters scored, and (for the coordinator) a quarter to score next."""
    user = audit.require(request, access.may_read, "see the self-assessment")
    form = QuarterForm(request.POST or None)
    if request.method == "POST":
        audit.require(request, access.may_edit, "score the self-assessment")
        if form.is_valid():
            return redirect("maturity:score", form.cleaned_data["quarter"])
    else:
        audit.record(user, AuditEntry.Action.VIEW, request=request, summary="Self-assessment: quarters")
    version = templates.current_version()
    context = {
        "title": _SECTION,
        "form": form,
        "version": version,
        "current": templates.of(version),
        "assessments": scoring.assessments(),
        "may_edit": access.may_edit(user),
    }
    return render(request, "maturity/home.html", context, status=400 if form.errors else 200)


def template_page(request: HttpRequest) -> HttpResponse:
    user = audit.require(request, access.may_read, "see the self-assessment")
    version = templates.current_version()
    audit.record(
        user, AuditEntry.Action.VIEW, request=request, obj=version, summary="Self-assessment template"
    )
    context = {
        "title": "Self-assessment template",
        "version": version,
        "current": templates.of(version),
        "versions": TemplateVersion.objects.select_related("created_by"),
        "may_edit": access.may_edit(user),
    }
    return render(request, "maturity/template.html", context)


def _save_edit(request: HttpRequest, user: User, edited: templates.Template, change: str) -> HttpResponse:
    version = templates.save_version(edited, change, user)
    audit.record(
        user,
        AuditEntry.Action.CHANGE,
        request=request,
        obj=version,
        summary=f"Self-assessment template version {version.number}: {change}",
        detail={"version": version.number, "change": change},
    )
    messages.success(request, f"Saved as template version {version.number}: {change}")
    return redirect("maturity:template")


def rename_statement(request: HttpRequest, key: str) -> HttpResponse:
    user = audit.require(request, access.may_edit, "edit the self-assessment template")
    current = templates.of(templates.current_version())
    try:
        area, statement = current.statement(key)
    except KeyError:
        raise Http404("No such statement") from None
    others = [s.text for s in area.statements if s.key != key]
    form = StatementForm(request.POST or None, others=others, unchanged=statement.text)
    if request.method != "POST":
        form.initial = {"text": statement.text}
    elif form.is_valid():
        edited = templates.rename_statement(current, key, form.cleaned_data["text"])
        return _save_edit(request, user, edited, f"renamed statement {key} in {area.title}")
    context = {"title": "Change a statement", "form": form, "area": area, "statement": statement}
    return render(request, "maturity/statement.html", context, status=400 if form.errors else 200)


def add_statement(request: HttpRequest, area_key: str) -> HttpResponse:
    user = audit.require(request, access.may_edit, "edit the self-assessment template")
    current = templates.of(templates.current_version())
    area = next((a for a in current.areas if a.key == area_key), None)
    if area is None:
        raise Http404("No such area")
    form = StatementForm(request.POST or None, others=[s.text for s in area.statements])
    if form.is_valid():
        try:
            edited, key = templates.add_statement(current, area_key, form.cleaned_data["text"])
        except templates.TemplateError as error:
            form.add_error(None, str(error))
        else:
            return _save_edit(request, user, edited, f"added statement {key} to {area.title}")
    context = {"title": f"Add a statement to {area.title}", "form": form, "area": area, "statement": None}
    return render(request, "maturity/statement.html", context, status=400 if form.errors else 200)


def edit_levels(request: HttpRequest) -> HttpResponse:
    user = audit.require(request, access.may_edit, "edit the self-assessment template")
    current = templates.of(templates.current_version())
    form = LevelsForm(request.POST or None, template=current)
    if form.is_valid():
        levels = form.levels()
        if levels == [(lv.label, lv.descriptor) for lv in current.levels]:
            form.add_error(None, "The levels are unchanged: change a label or a descriptor, or cancel")
        else:
            return _save_edit(request, user, templates.set_levels(current, levels), "changed the levels")
    fields = [(form[f"label-{n}"], form[f"descriptor-{n}"]) for n in range(1, form.count + 1)]
    context = {"title": "Change the levels", "form": form, "fields": fields}
    return render(request, "maturity/levels.html", context, status=400 if form.errors else 200)


def score(request: HttpRequest, quarter: str) -> HttpResponse:
    """Score every statement for ``quarter``: a new quarter against the current version, a quarter already
    scored against its own version."""
    user = audit.require(request, access.may_edit, "score the self-assessment")
    if scoring.quarter_problem(quarter):
        raise Http404("No such quarter")
    existing = Assessment.objects.select_related("version").filter(quarter=quarter).first()
    version = existing.version if existing else templates.current_version()
    used = templates.of(version)
    form = ScoresForm(request.POST or None, template=used)
    if request.method != "POST" and existing:
        form.initial = {
            f"{s.statement_key}-{name}": value
            for s in existing.scores.all()
            for name, value in (
                ("level", str(s.level)),
                ("evidence", s.evidence),
                ("links", "\n".join(s.links)),
            )
        }
    if form.is_valid():
        assessment, changed = scoring.save_scores(quarter, version, form.given(), user)
        audit.record(
            user,
            AuditEntry.Action.CHANGE if existing else AuditEntry.Action.CREATE,
            request=request,
            obj=assessment,
            summary=f"Self-assessment {quarter}: {len(changed)} levels set or changed",
            detail={"quarter": quarter, "version": version.number, "levels": changed},
        )
        messages.success(request, f"Saved the self-assessment for {quarter}")
        return redirect("maturity:home")
    context = {"title": f"Self-assessment for {quarter}", "form": form, "used": used, "version": version}
    return render(request, "maturity/score.html", context, status=400 if form.errors else 200)


def _summary(quarters: list[str], rows: list[scoring.Row]) -> str:
    if not quarters:
        return "No quarter has been scored yet."
    areas = [r for r in rows if not r.statement]
    if len(quarters) == 1:
        return f"One quarter scored ({quarters[0]}): the change shows once a second quarter is scored."
    moves = []
    for row in areas:
        if row.change is None:
            continue
        way = "up" if row.change > 0 else "down" if row.change < 0 else "no change"
        moves.append(f"{row.area} {way}" + (f" {abs(row.change)}" if row.change else ""))
    return (
        f"{len(quarters)} quarters scored, {quarters[0]} to {quarters[-1]}. "
        f"Mean level from the first quarter scored to the last: {'; '.join(moves) or 'no area scored twice'}."
    )


def change(request: HttpRequest) -> HttpResponse:
    user = audit.require(request, access.may_read, "see the self-assessment")
    quarters, rows = scoring.change_over_time()
    audit.record(user, AuditEntry.Action.VIEW, request=request, summary="Self-assessment: change over time")
    context = {
        "title": "Change over time",
        "quarters": quarters,
        "rows": rows,
        "summary": _summary(quarters, rows),
    }
    return render(request, "maturity/change.html", context)


def change_chart(request: HttpRequest) -> HttpResponse:
    audit.require(request, access.may_read, "see the self-assessment")
    quarters, rows = scoring.change_over_time()
    top = len(templates.of(templates.current_version()).levels)
    svg = chart.area_levels_svg(quarters, rows, top, description=_summary(quarters, rows))
    return HttpResponse(svg, content_type="image/svg+xml")


def export(request: HttpRequest, fmt: str) -> HttpResponse:
    """Every quarter's scores, one row per statement (``scoring.EXPORT_FIELDS``), as CSV or JSON."""
    user = audit.require(request, access.may_read, "export the self-assessment")
    if fmt not in ("csv", "json"):
        raise Http404("No such format")
    rows = scoring.export_rows()
    audit.record(
        user,
        AuditEntry.Action.EXPORT,
        request=request,
        summary=f"Self-assessment exported as {fmt.upper()} ({len(rows)} rows)",
        detail={"format": fmt, "rows": len(rows)},
    )
    if fmt == "json":
        body = json.dumps({"fields": scoring.EXPORT_FIELDS, "rows": rows}, ensure_ascii=False, indent=1)
        response = HttpResponse(body, content_type="application/json")
    else:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(scoring.EXPORT_FIELDS)
        writer.writerows(
            spreadsheet_row(
                str(r[k]).lower() if isinstance(r[k], bool) else r[k] for k in scoring.EXPORT_FIELDS
            )
            for r in rows
        )
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="self-assessment.{fmt}"'
    return response
