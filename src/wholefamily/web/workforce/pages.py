"""The workforce pages: supervision sessions, case audits and training records. Each asks ``workforce.access``
(else an audited 403), reads records only through its ``*_for`` queries (else 404), and writes every view and
change to the audit trail; a case audit's entries are filed under its family."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from wholefamily.web.accounts import audit
from wholefamily.web.accounts.models import AuditEntry, User
from wholefamily.web.workforce import access
from wholefamily.web.workforce.forms import CaseAuditForm, SupervisionForm, TrainingForm, audit_questions
from wholefamily.web.workforce.models import (
    AgreedAction,
    CaseAudit,
    CaseAuditAction,
    CaseAuditGrade,
    Grade,
    Supervision,
    SupervisionAction,
    TrainingRecord,
)

#: Training whose renewal date falls within this many days (or has passed) is listed as expiring.
EXPIRING_DAYS = 60


def _status(form: Any) -> int:
    return 400 if form.errors else 200


# --- Supervision ----------------------------------------------------------------------------------------------


def supervision_list(request: HttpRequest) -> HttpResponse:
    """The sessions the user may read; for a manager, the workers they supervise with each one's next date."""
    user = audit.require(request, access.may_use, "see supervision records")
    sessions = access.supervisions_for(user).select_related("worker", "supervisor")
    latest: dict[int, Supervision] = {}
    for session in sessions:
        latest.setdefault(session.worker_id, session)
    workers = [(worker, latest.get(worker.pk)) for worker in access.supervisees_for(user)]
    audit.record(user, AuditEntry.Action.VIEW, request=request, summary="Supervision records")
    context = {"title": "Supervision", "sessions": sessions, "workers": workers, "today": dt.date.today()}
    return render(request, "workforce/supervision_list.html", context)


def supervision_new(request: HttpRequest, worker_pk: int) -> HttpResponse:
    user = audit.require(request, access.may_manage, "record supervision")
    worker = get_object_or_404(access.supervisees_for(user), pk=worker_pk)
    form = SupervisionForm(
        request.POST if request.method == "POST" else None,
        families=access.families_of(worker),
        owners=User.objects.filter(pk__in=[worker.pk, user.pk]),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            session = Supervision.objects.create(
                worker=worker,
                supervisor=user,
                held_on=data["held_on"],
                discussion=data["discussion"],
                next_on=data["next_on"],
            )
            session.families.set(data["families"])
            _add_actions(SupervisionAction, form.actions(), supervision=session)
            audit.record(
                user,
                AuditEntry.Action.CREATE,
                request=request,
                obj=session,
                summary=f"Supervision of {worker.username} on {session.held_on:%Y-%m-%d}",
                detail={"worker": worker.pk, "families": [f.pk for f in data["families"]]},
            )
        messages.success(request, f"Supervision of {worker} recorded")
        return redirect("workforce:supervision", session.pk)
    context = {"title": f"Record a supervision session with {worker}", "form": form, "worker": worker}
    return render(request, "workforce/supervision_form.html", context, status=_status(form))


def supervision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = audit.require(request, access.may_use, "see supervision records")
    session = get_object_or_404(access.supervisions_for(user).select_related("worker", "supervisor"), pk=pk)
    return _with_actions(
        request,
        user,
        session,
        kind="supervision",
        summary=f"Supervision of {session.worker}",
        context={
            "title": f"Supervision of {session.worker} on {session.held_on:%d %B %Y}",
            "session": session,
        },
    )


def _with_actions(
    request: HttpRequest,
    user: User,
    record: Supervision | CaseAudit,
    *,
    kind: str,
    summary: str,
    context: dict[str, Any],
    family_id: int | None = None,
) -> HttpResponse:
    """The page of a supervision session or case audit (``kind``) with its agreed actions, audited as
    viewed."""
    audit.record(
        user, AuditEntry.Action.VIEW, request=request, obj=record, family_id=family_id, summary=summary
    )
    return render(
        request,
        f"workforce/{kind}_detail.html",
        {
            **context,
            "actions": record.actions.select_related("owner"),
            "kind": kind,
            "user": user,
            "manages": access.may_manage(user),
        },
    )


def _add_actions(model: type[AgreedAction], rows: list[tuple[str, User, dt.date]], **parent: Any) -> None:
    model._default_manager.bulk_create(model(action=a, owner=o, due_on=d, **parent) for a, o, d in rows)


# --- Case audits ----------------------------------------------------------------------------------------------


def audit_list(request: HttpRequest) -> HttpResponse:
    user = audit.require(request, access.may_use, "see case audits")
    audits = access.audits_for(user).select_related("family", "auditor")
    audit.record(user, AuditEntry.Action.VIEW, request=request, summary="Case audits")
    context = {
        "title": "Case audits",
        "audits": audits,
        "families": access.families_to_audit(user).order_by("id") if access.may_manage(user) else [],
    }
    return render(request, "workforce/audit_list.html", context)


def audit_start(request: HttpRequest) -> HttpResponse:
    """The family chosen on the case audits page, to the audit form."""
    user = audit.require(request, access.may_manage, "audit cases")
    family = request.GET.get("family", "")
    if not family.isdigit() or not access.families_to_audit(user).filter(pk=int(family)).exists():
        messages.error(request, "Choose a family of your team to audit")
        return redirect("workforce:audits")
    return redirect("workforce:audit_new", int(family))


def audit_new(request: HttpRequest, family_pk: int) -> HttpResponse:
    user = audit.require(request, access.may_manage, "audit cases")
    family = get_object_or_404(access.families_to_audit(user), pk=family_pk)
    owners = User.objects.filter(
        pk__in=[user.pk, *([family.lead_practitioner_id] if family.lead_practitioner_id else [])]
    )
    form = CaseAuditForm(request.POST if request.method == "POST" else None, owners=owners)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            case_audit = CaseAudit.objects.create(
                family=family,
                auditor=user,
                audited_on=form.cleaned_data["audited_on"],
                summary=form.cleaned_data["summary"],
            )
            CaseAuditGrade.objects.bulk_create(
                CaseAuditGrade(audit=case_audit, question=q, grade=g, comment=c) for q, g, c in form.grades()
            )
            _add_actions(CaseAuditAction, form.actions(), audit=case_audit)
            audit.record(
                user,
                AuditEntry.Action.CREATE,
                request=request,
                obj=case_audit,
                family_id=family.pk,
                summary=f"Case audit of {family.reference}",
                detail={"grades": {q: g for q, g, _ in form.grades()}},
            )
        messages.success(request, f"Case audit of {family.reference} recorded")
        return redirect("workforce:audit", case_audit.pk)
    context = {"title": f"Audit the case of family {family.reference}", "form": form, "family": family}
    return render(request, "workforce/audit_form.html", context, status=_status(form))


def audit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = audit.require(request, access.may_use, "see case audits")
    case_audit = get_object_or_404(access.audits_for(user).select_related("family", "auditor"), pk=pk)
    questions = {q.key: q.question for q in audit_questions()}
    grades = dict(Grade.choices)
    context = {
        "title": f"Case audit of family {case_audit.family.reference}",
        "case_audit": case_audit,
        "grades": [
            (questions.get(g.question, g.question), grades[g.grade], g.comment)
            for g in case_audit.grades.all()
        ],
    }
    return _with_actions(
        request,
        user,
        case_audit,
        kind="audit",
        summary=f"Case audit of {case_audit.family.reference}",
        context=context,
        family_id=case_audit.family_id,
    )


# --- Agreed actions -------------------------------------------------------------------------------------------

_ACTIONS: dict[str, tuple[type[AgreedAction], str, str]] = {
    "supervision": (SupervisionAction, "supervision_id", "workforce:supervision"),
    "audit": (CaseAuditAction, "audit_id", "workforce:audit"),
}


@require_POST
def action_done(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Mark an agreed action done: its owner, or whoever may record supervision and audits for the team."""
    user = audit.require(request, access.may_use, "update agreed actions")
    if kind not in _ACTIONS:
        raise Http404("No such kind of action")
    model, parent, page = _ACTIONS[kind]
    readable = access.supervisions_for(user) if kind == "supervision" else access.audits_for(user)
    action = get_object_or_404(
        model._default_manager.filter(**{f"{parent}__in": readable.values("pk")}), pk=pk
    )
    if action.owner_id != user.pk and not access.may_manage(user):
        audit.require(request, lambda _: False, "update an action another worker owns")
    if action.done_on is None:
        action.done_on = dt.date.today()
        action.save(update_fields=["done_on"])
        audit.record(
            user,
            AuditEntry.Action.CHANGE,
            request=request,
            obj=action,
            summary=f"Action done: {action.action[:200]}",
        )
        messages.success(request, "Action marked done")
    return redirect(page, getattr(action, parent))


# --- Training -------------------------------------------------------------------------------------------------


def training_list(request: HttpRequest) -> HttpResponse:
    """Training records the user may read; for a manager and the coordinator, those expiring within
    ``EXPIRING_DAYS`` (or expired) first."""
    user = audit.require(request, access.may_use, "see training records")
    records = access.training_for(user).select_related("worker")
    today = dt.date.today()
    expiring = (
        records.filter(expires_on__lte=today + dt.timedelta(days=EXPIRING_DAYS)).order_by("expires_on", "id")
        if access.may_manage(user)
        else records.none()
    )
    audit.record(user, AuditEntry.Action.VIEW, request=request, summary="Training records")
    context = {
        "title": "Training",
        "records": records,
        "expiring": expiring,
        "expiring_days": EXPIRING_DAYS,
        "today": today,
        "team_view": access.may_manage(user),
    }
    return render(request, "workforce/training_list.html", context)


def training_new(request: HttpRequest) -> HttpResponse:
    user = audit.require(request, access.may_use, "record training")
    workers = access.trainees_for(user)
    form = TrainingForm(
        request.POST if request.method == "POST" else None, workers=workers, initial={"worker": user.pk}
    )
    if request.method == "POST" and form.is_valid():
        record = TrainingRecord.objects.create(recorded_by=user, **form.cleaned_data)
        audit.record(
            user,
            AuditEntry.Action.CREATE,
            request=request,
            obj=record,
            summary=f"Training of {record.worker.username}: {record.course[:150]}",
        )
        messages.success(request, "Training recorded")
        return redirect("workforce:training")
    context = {"title": "Record training", "form": form}
    return render(request, "workforce/training_form.html", context, status=_status(form))
