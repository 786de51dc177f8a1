"""The governance pages. Every refusal and every download is audited.

The sharing agreements and the subject access packs are the pipeline's files in the workspace's governance
folder (``settings.GOVERNANCE_FOLDER``), read through the governance package; the site never writes them."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any, NoReturn

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from wholefamily.governance.agreements import due_for_review, load_register
from wholefamily.governance.errors import GovernanceError
from wholefamily.web.accounts import audit
from wholefamily.web.accounts.models import AuditEntry, User
from wholefamily.web.casework import legal_basis
from wholefamily.web.casework.family_gate import acting_user
from wholefamily.web.casework.models import Person
from wholefamily.web.governance import access
from wholefamily.web.governance.casework_records import casework_section

DUE_DAYS = 90
MAX_DUE_DAYS = 3650
COPIES = {
    "redacted": "The redacted copy, to check and send",
    "reviewer": "The reviewer's copy, not for sending",
}
_PERSON_ID = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,79}$")  # no "." or ".." (the folder above)


def _refuse(request: HttpRequest, user: User, what: str) -> NoReturn:
    audit.record(user, AuditEntry.Action.DENIED, request=request, summary=f"Not allowed to {what}")
    raise PermissionDenied(f"Your role does not allow you to {what}.")


def legal_basis_page(request: HttpRequest) -> HttpResponse:
    """Every use of data with its basis: for every member of staff."""
    bases = legal_basis.in_use()
    context: dict[str, Any] = {
        "title": "The legal basis of each use of data",
        "bases": bases,
        "asked": legal_basis.asked_purposes(bases),
    }
    return render(request, "governance/legal_basis.html", context)


def agreements_page(request: HttpRequest) -> HttpResponse:
    """The sharing agreements due for review within ``?days=`` (90 unless given; overdue ones too)."""
    user = acting_user(request)
    if not access.may_review_agreements(user):
        _refuse(request, user, "see the sharing agreements")
    raw = request.GET.get("days", str(DUE_DAYS))
    problem = None
    if raw.isascii() and raw.isdigit() and 0 < int(raw) <= MAX_DUE_DAYS:
        days = int(raw)
    else:
        days, problem = DUE_DAYS, f"Enter the number of days as a whole number from 1 to {MAX_DUE_DAYS}"
    path = Path(settings.GOVERNANCE_FOLDER) / "agreements.yaml"
    register, error = None, None
    try:
        register = load_register(path)
    except GovernanceError as exc:
        error = str(exc)
    today = dt.date.today()
    audit.record(user, AuditEntry.Action.VIEW, request=request, summary="Viewed the sharing agreements")
    context: dict[str, Any] = {
        "title": "Sharing agreements due for review",
        "days": days,
        "problem": problem,
        "error": error,
        "register": register,
        "path": path,
        "today": today,
        "due": due_for_review(register, today, days) if register else [],
        "may_answer_subject_access": access.may_answer_subject_access(user),
    }
    return render(request, "governance/agreements.html", context)


def _packs_folder() -> Path:
    return Path(settings.GOVERNANCE_FOLDER) / "subject-access"


def _packs() -> list[dict[str, Any]]:
    folder = _packs_folder()
    if not folder.is_dir():
        return []
    packs = []
    for pack in sorted(p for p in folder.iterdir() if p.is_dir() and _PERSON_ID.match(p.name)):
        files = {f.name for f in pack.iterdir() if f.is_file()}
        made = max((f.stat().st_mtime for f in pack.iterdir() if f.is_file()), default=None)
        packs.append(
            {
                "person": pack.name,
                "files": sorted(files),
                "made": dt.datetime.fromtimestamp(made, dt.UTC) if made else None,
                "in_casework": Person.objects.filter(warehouse_id=pack.name).exists(),
            }
        )
    return packs


def coordinator(request: HttpRequest, what: str) -> User:
    """The coordinator making the request; anyone else is refused, audited."""
    user = acting_user(request)
    if not access.may_answer_subject_access(user):
        _refuse(request, user, what)
    return user


def subject_access_page(request: HttpRequest) -> HttpResponse:
    user = coordinator(request, "answer subject access requests")
    audit.record(user, AuditEntry.Action.VIEW, request=request, summary="Viewed the subject access packs")
    context: dict[str, Any] = {
        "title": "Subject access requests",
        "packs": _packs(),
        "copies": COPIES,
        "folder": _packs_folder(),
    }
    return render(request, "governance/subject_access.html", context)


def _pack_folder(person: str) -> Path:
    folder = _packs_folder() / person
    if not _PERSON_ID.match(person) or not folder.is_dir():
        raise Http404("No subject access pack for that person")
    return folder


def pack_download(request: HttpRequest, person: str, copy: str, kind: str) -> FileResponse:
    """One copy of the pipeline's pack (``redacted`` or ``reviewer``, as ``html`` or ``json``), as an attachment."""
    user = coordinator(request, "download subject access packs")
    if copy not in COPIES or kind not in ("html", "json"):
        raise Http404("No such copy")
    path = _pack_folder(person) / f"{copy}.{kind}"
    if not path.is_file():
        raise Http404("No such copy")
    audit.record(
        user,
        AuditEntry.Action.EXPORT,
        request=request,
        summary=f"Downloaded the {copy} subject access pack of person {person}",
        detail={"person": person, "copy": copy, "format": kind},
    )
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=f"subject-access-{person}-{copy}.{kind}",
        content_type="application/json" if kind == "json" else "text/html; charset=utf-8",
    )
    response["Cache-Control"] = "no-store"
    return response


def casework_pack(request: HttpRequest, person: str) -> HttpResponse:
    """The site's own records about the person whose warehouse id is ``person``, as a page or (``?format=json``)
    a file to put with the pipeline's pack."""
    user = coordinator(request, "answer subject access requests")
    found = Person.objects.filter(warehouse_id=person).first() if _PERSON_ID.match(person) else None
    if found is None:
        raise Http404("No one in the casework site has that person id")
    section = casework_section(found)
    as_json = request.GET.get("format") == "json"
    audit.record(
        user,
        AuditEntry.Action.EXPORT if as_json else AuditEntry.Action.VIEW,
        request=request,
        obj=found,
        summary=f"{'Downloaded' if as_json else 'Viewed'} the casework site's records of person {person} "
        "for a subject access request",
        detail={"person": person},
    )
    if as_json:
        response = HttpResponse(
            json.dumps(section, indent=2, ensure_ascii=False), content_type="application/json"
        )
        response["Content-Disposition"] = f'attachment; filename="subject-access-{person}-casework.json"'
        response["Cache-Control"] = "no-store"
        return response
    return render(
        request,
        "governance/casework_pack.html",
        {"title": f"Casework records of person {person}", "person": person, "section": section},
    )
