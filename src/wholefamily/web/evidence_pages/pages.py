"""The evidence pages: the impact report (with its effects as CSV and its balance plot), and the risk model's
latest report (metrics, calibration, fairness, the model card and the transparency record), only when the
council has switched the model on. Each page reads the files the pipeline wrote in the workspace; every
request is audited."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from wholefamily.evidence.risk.settings import CLEARLY_BETTER
from wholefamily.reports import spreadsheet_text
from wholefamily.web.accounts import audit
from wholefamily.web.accounts.models import AuditEntry, User
from wholefamily.web.evidence_pages import access, figures, markdown, reports
from wholefamily.web.evidence_pages.reports import ReportError

#: How templates write figures.
_FORMATS = {
    "signed": figures.signed,
    "plain": figures.plain,
    "interval": figures.interval,
    "verdict": figures.verdict,
}

#: The effects CSV's columns, in order.
EFFECT_FIELDS = [
    "outcome",
    "label",
    "measure",
    "worked_with_mean",
    "matched_comparison_mean",
    "matched_effect",
    "matched_low",
    "matched_high",
    "matched_families",
    "weighted_effect",
    "weighted_low",
    "weighted_high",
    "placebo_treatment_effect",
    "placebo_treatment",
    "random_common_cause_effect",
    "random_common_cause",
]


def _workspace() -> Path:
    return Path(settings.EVIDENCE_WORKSPACE)


def _reader(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not access.may_read(user):
        audit.record(
            user, AuditEntry.Action.DENIED, request=request, summary="Not allowed to see the evidence"
        )
        raise PermissionDenied("Your role does not allow you to see the evidence pages.")
    return user


def _viewed(user: User, request: HttpRequest, summary: str, **detail: Any) -> None:
    audit.record(user, AuditEntry.Action.VIEW, request=request, summary=summary, detail=detail)


def _broken(request: HttpRequest, title: str, problem: ReportError) -> HttpResponse:
    return render(
        request, "evidence_pages/broken.html", {"title": title, "problem": str(problem)}, status=500
    )


def _svg(path: Path) -> HttpResponse:
    try:
        body = reports.svg(path)
    except ReportError as exc:
        raise Http404(str(exc)) from exc
    response = HttpResponse(body, content_type="image/svg+xml; charset=utf-8")
    response["X-Content-Type-Options"] = "nosniff"
    return response


def home(request: HttpRequest) -> HttpResponse:
    user = _reader(request)
    _viewed(user, request, "Evidence pages")
    return render(request, "evidence_pages/home.html", {"title": "Evidence"})


def impact(request: HttpRequest) -> HttpResponse:
    user = _reader(request)
    title = "Impact of the programme"
    try:
        report = reports.impact_report(_workspace())
    except ReportError as exc:
        _viewed(user, request, "Impact report (unreadable)")
        return _broken(request, title, exc)
    _viewed(user, request, "Impact report" if report else "Impact report (none yet)")
    if report is None:
        return render(request, "evidence_pages/impact_none.html", {"title": title})
    context = {"title": title, "r": report, "summary": figures.impact_summary(report), **_FORMATS}
    return render(request, "evidence_pages/impact.html", context)


def _effect_row(o: reports.Outcome) -> list[object]:
    def number(value: float | None) -> object:
        return "" if value is None else value

    return [
        spreadsheet_text(o.outcome),
        spreadsheet_text(o.label),
        spreadsheet_text(o.measure),
        number(o.worked_with_mean),
        number(o.matched_comparison_mean),
        number(o.matched.effect),
        number(o.matched.low),
        number(o.matched.high),
        o.matched.n,
        number(o.weighted.effect),
        number(o.weighted.low),
        number(o.weighted.high),
        number(o.placebo_treatment.effect),
        figures.verdict(o.placebo_treatment.passes),
        number(o.random_common_cause.effect),
        figures.verdict(o.random_common_cause.passes),
    ]


def impact_csv(request: HttpRequest) -> HttpResponse:
    user = _reader(request)
    try:
        report = reports.impact_report(_workspace())
    except ReportError as exc:
        raise Http404(str(exc)) from exc
    if report is None:
        raise Http404("No impact report yet")
    audit.record(
        user,
        AuditEntry.Action.EXPORT,
        request=request,
        summary=f"Impact effects exported ({len(report.outcomes)} outcomes)",
    )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EFFECT_FIELDS)
    writer.writerows(_effect_row(o) for o in report.outcomes)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="impact-effects.csv"'
    return response


def impact_balance(request: HttpRequest) -> HttpResponse:
    user = _reader(request)
    _viewed(user, request, "Impact balance plot")
    return _svg(_workspace() / reports.IMPACT_FOLDER / "balance.svg")


def risk(request: HttpRequest) -> HttpResponse:
    user = _reader(request)
    title = "Escalation risk model"
    switch = reports.risk_switch(_workspace())
    folder = reports.latest_risk_folder(_workspace()) if switch.enabled else None
    context: dict[str, Any] = {"title": title, "switch": switch}
    if folder is None:
        _viewed(user, request, "Risk model (off)" if not switch.enabled else "Risk model (no report yet)")
        return render(request, "evidence_pages/risk_none.html", context)
    try:
        report = reports.risk_report(folder)
    except ReportError as exc:
        _viewed(user, request, "Risk model report (unreadable)")
        return _broken(request, title, exc)
    _viewed(user, request, f"Risk model report as of {report.as_of}", model_version=report.model_version)
    flagged = [g for g in report.fairness.gaps if g.flagged]
    context |= {"r": report, "flagged": flagged, "margin": CLEARLY_BETTER, **_FORMATS}
    return render(request, "evidence_pages/risk.html", context)


def _risk_folder(request: HttpRequest) -> tuple[User, Path]:
    """The reader and the latest risk report's folder, which only exists for them when the model is on."""
    user = _reader(request)
    folder = reports.latest_risk_folder(_workspace()) if reports.risk_switch(_workspace()).enabled else None
    if folder is None:
        raise Http404("The risk model is off or has no report")
    return user, folder


def risk_calibration(request: HttpRequest) -> HttpResponse:
    user, folder = _risk_folder(request)
    _viewed(user, request, f"Risk model calibration plot as of {folder.name}")
    return _svg(folder / "calibration.svg")


_DOCUMENTS = {
    "model-card": ("model-card.md", "Model card"),
    "transparency-record": ("transparency-record.md", "Algorithmic transparency record"),
}


def risk_document(request: HttpRequest, document: str) -> HttpResponse:
    """The model card or the transparency record, as a page."""
    if document not in _DOCUMENTS:
        raise Http404("No such document")
    user, folder = _risk_folder(request)
    name, title = _DOCUMENTS[document]
    _viewed(user, request, f"Risk model {title.lower()} as of {folder.name}")
    try:
        text = (folder / name).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return _broken(request, title, ReportError(f"{folder / name} cannot be read: {exc}"))
    context = {"title": title, "as_of": folder.name, "body": markdown.to_html(text)}
    return render(request, "evidence_pages/document.html", context)
