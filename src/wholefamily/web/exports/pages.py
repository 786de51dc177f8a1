"""The export pages: the form that asks for an export of a list, the user's downloads with each job's
progress, and the download itself, only to the user who asked and only until it expires."""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from wholefamily.reports import TableFormat
from wholefamily.web.accounts import audit
from wholefamily.web.accounts.models import AuditEntry, User
from wholefamily.web.casework.family_gate import acting_user
from wholefamily.web.exports import jobs
from wholefamily.web.exports.forms import ExportForm
from wholefamily.web.exports.lists import LISTS, ExportList
from wholefamily.web.exports.models import Export

CONTENT_TYPES = {
    TableFormat.CSV: "text/csv; charset=utf-8",
    TableFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _list(request: HttpRequest, user: User, name: str) -> ExportList:
    chosen = LISTS.get(name)
    if chosen is None:
        raise Http404("No such list")
    if not chosen.allowed(user):
        audit.record(user, AuditEntry.Action.DENIED, request=request, summary=f"Not allowed to export {name}")
        raise PermissionDenied("Your role does not allow you to export this list.")
    return chosen


def _own(request: HttpRequest, user: User, pk: uuid.UUID) -> Export:
    """The user's own export; anyone else's is not found (and the attempt audited)."""
    export = Export.objects.filter(pk=pk).first()
    if export is None or export.user_id != user.pk:
        if export is not None:
            audit.record(
                user, AuditEntry.Action.DENIED, request=request, obj=export, summary="Another user's export"
            )
        raise Http404("No such export")
    return export


def new_export(request: HttpRequest, name: str) -> HttpResponse:
    """Ask for an export of a list with the filters in the query string (the list page's own)."""
    user = acting_user(request)
    chosen = _list(request, user, name)
    form = ExportForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        fmt = TableFormat(form.cleaned_data["format"])
        export = jobs.request_export(request, user, name, request.GET, fmt, form.cleaned_data["reason"])
        return redirect("exports:detail", export.pk)
    return render(
        request,
        "exports/new.html",
        {
            "title": f"Export {chosen.title.lower()}",
            "form": form,
            "list": chosen,
            "filters": request.GET,
            "days": jobs.EXPORT_DAYS,
        },
    )


def downloads(request: HttpRequest) -> HttpResponse:
    """The user's exports, newest first, with how far each has got."""
    user = acting_user(request)
    jobs.remove_expired()
    exports = list(Export.objects.filter(user=user))
    return render(
        request,
        "exports/downloads.html",
        {
            "title": "Your exports",
            "exports": exports,
            "lists": LISTS,
            "days": jobs.EXPORT_DAYS,
            # The pipeline's lists have no page of their own in the site: they are exported from here.
            "pipeline_lists": [
                e for e in LISTS.values() if e.page == "exports:downloads" and e.allowed(user)
            ],
        },
    )


def detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user = acting_user(request)
    export = _own(request, user, pk)
    return render(
        request,
        "exports/detail.html",
        {"title": f"Export of {LISTS[export.list_name].title.lower()}", "export": export, "lists": LISTS},
    )


def download(request: HttpRequest, pk: uuid.UUID) -> HttpResponse | FileResponse:
    """The file, to the user who asked for it, while it has not expired; audited."""
    user = acting_user(request)
    export = _own(request, user, pk)
    if export.status == Export.Status.DONE and export.expires_at <= timezone.now():
        jobs.remove_expired()
        export.refresh_from_db()
    path = jobs.path_of(export)
    if export.status != Export.Status.DONE or not path.is_file():
        return render(
            request,
            "exports/gone.html",
            {"title": "This export cannot be downloaded", "export": export},
            status=410,
        )
    audit.record(
        user,
        AuditEntry.Action.EXPORT,
        request=request,
        obj=export,
        summary=f"Downloaded an export of {LISTS[export.list_name].title}",
        detail={"list": export.list_name, "rows": export.rows_written},
    )
    stamp = export.created_at.strftime("%Y-%m-%d")
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=f"{export.list_name}-{stamp}.{export.format}",
        content_type=CONTENT_TYPES[TableFormat(export.format)],
    )
