"""The directory's pages: the list with its filters, a service, adding and changing one, and the Open Referral UK
export. Each asks ``directory.access`` (else an audited 403); every view, change and export is audited."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from wholefamily.web.accounts import audit
from wholefamily.web.accounts.models import AuditEntry, User
from wholefamily.web.directory import access, needs, oruk, search
from wholefamily.web.directory.forms import FilterForm, ServiceForm
from wholefamily.web.directory.models import Service

EXPORT_NAME = "directory-oruk.json"


def service_list(request: HttpRequest) -> HttpResponse:
    user = audit.require(request, access.may_read, "see the directory of services")
    form = FilterForm(request.GET if request.GET else None)
    services = list(Service.objects.all())
    if form.is_valid():
        data = form.cleaned_data
        services = search.matching(services, need=data["need"], district=data["area"], text=data["text"])
    audit.record(
        user,
        AuditEntry.Action.SEARCH if form.filtering else AuditEntry.Action.VIEW,
        request=request,
        summary="Directory of services",
        detail={
            k: v for k, v in (form.cleaned_data if form.is_bound and form.is_valid() else {}).items() if v
        },
    )
    context = {
        "title": "Directory of services",
        "form": form,
        "services": services if not form.errors else [],
        "labels": needs.labels(),
        "may_edit": access.may_edit(user),
    }
    return render(request, "directory/list.html", context, status=400 if form.errors else 200)


def service_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = audit.require(request, access.may_read, "see the directory of services")
    service = get_object_or_404(Service, pk=pk)
    audit.record(
        user, AuditEntry.Action.VIEW, request=request, obj=service, summary=f"Service {service.name}"
    )
    labels = needs.labels()
    context = {
        "title": service.name,
        "service": service,
        "needs": [labels.get(h, h) for h in service.headlines],
        "may_edit": access.may_edit(user),
    }
    return render(request, "directory/detail.html", context)


def _edit(request: HttpRequest, user: User, service: Service | None) -> HttpResponse:
    before = service.values() if service else {}
    form = ServiceForm(request.POST or None, instance=service)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.updated_by = user
        saved.save()
        audit.record(
            user,
            AuditEntry.Action.CHANGE if service else AuditEntry.Action.CREATE,
            request=request,
            obj=saved,
            summary=f"{'Changed' if service else 'Added'} service {saved.name}",
            detail={"fields": saved.changed(before)},
        )
        messages.success(request, f"{'Saved' if service else 'Added'} {saved.name}")
        return redirect("directory:detail", saved.pk)
    context = {
        "title": f"Change {service.name}" if service else "Add a service",
        "form": form,
        "service": service,
    }
    return render(request, "directory/form.html", context, status=400 if form.errors else 200)


def service_add(request: HttpRequest) -> HttpResponse:
    return _edit(request, audit.require(request, access.may_edit, "change the directory of services"), None)


def service_change(request: HttpRequest, pk: int) -> HttpResponse:
    user = audit.require(request, access.may_edit, "change the directory of services")
    return _edit(request, user, get_object_or_404(Service, pk=pk))


def export(request: HttpRequest) -> HttpResponse:
    """Every service as Open Referral UK JSON, to download."""
    user = audit.require(request, access.may_read, "export the directory of services")
    services = Service.objects.all()
    document = oruk.export(services)
    audit.record(
        user,
        AuditEntry.Action.EXPORT,
        request=request,
        summary=f"Directory exported in Open Referral UK ({document['total_items']} services)",
    )
    response = HttpResponse(oruk.dumps(document), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{EXPORT_NAME}"'
    return response
