"""The coordinator's erasure pages: find a family by its reference, see whether the law allows erasing its
casework record and what would go, and erase it with a reason. Every view, refusal and erasure is audited."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from wholefamily.web.accounts import audit
from wholefamily.web.accounts.models import AuditEntry
from wholefamily.web.casework import legal_basis
from wholefamily.web.casework.models import Family
from wholefamily.web.governance.erasure import erase_family, why_not_erasable
from wholefamily.web.governance.pages import coordinator
from wholefamily.web.governance.tombstones import count_tombstones


class ErasureForm(forms.Form):
    reason = forms.CharField(
        label="Why the record is erased",
        help_text="The request (who asked, when) and the consent withdrawn. Kept in the audit log.",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter why the record is erased",
            "max_length": "The reason must be 500 characters or fewer",
        },
    )


def _reference_pk(reference: str) -> int | None:
    """The family's id from its reference (``WF000123``), or None."""
    digits = reference.strip().upper().removeprefix("WF")
    return int(digits) if digits.isascii() and digits.isdigit() and len(digits) <= 9 else None


def erasure_index(request: HttpRequest) -> HttpResponse:
    """Find a family by reference (``?reference=``); list the records erased so far."""
    user = coordinator(request, "erase casework records")
    reference = request.GET.get("reference", "").strip()
    problem = None
    if reference:
        pk = _reference_pk(reference)
        if pk is not None and Family.objects.filter(pk=pk).exists():
            return redirect("governance:erasure", family_pk=pk)
        problem = "Enter the reference of a family in the site, like WF000123"
    audit.record(user, AuditEntry.Action.VIEW, request=request, summary="Viewed the erasure page")
    erased = AuditEntry.objects.filter(
        action=AuditEntry.Action.DELETE, summary__startswith="Erased the casework record of family"
    ).order_by("-at")[:50]
    context: dict[str, Any] = {
        "title": "Erasure of a family's casework record",
        "reference": reference,
        "problem": problem,
        "erased": erased,
    }
    return render(request, "governance/erasure_index.html", context)


def erasure_page(request: HttpRequest, family_pk: int) -> HttpResponse:
    """Whether the family's record may be erased, what would go, and (POST) erasing it."""
    user = coordinator(request, "erase casework records")
    found = Family.objects.filter(pk=family_pk).first()
    if found is None:
        raise Http404("No such family")
    refused = why_not_erasable(found, legal_basis.in_use())
    form = ErasureForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and refused is None and form.is_valid():
        counts = erase_family(request, user, found, form.cleaned_data["reason"])
        messages.success(
            request,
            f"Erased the casework record of family {found.reference}: {counts['case notes']} case notes, "
            f"{counts['documents']} documents and the names of {counts['people']} people removed; a tombstone "
            "is kept for the counts",
        )
        return redirect("governance:erasure", family_pk=found.pk)
    audit.record(
        user,
        AuditEntry.Action.DENIED if request.method == "POST" and refused else AuditEntry.Action.VIEW,
        request=request,
        family_id=found.pk,
        summary=f"Asked to erase the casework record of family {found.reference}: {refused}"
        if request.method == "POST" and refused
        else f"Viewed the erasure page of family {found.reference}",
    )
    context: dict[str, Any] = {
        "title": f"Erase the casework record of family {found.reference}",
        "family": found,
        "refused": refused,
        "would_go": sorted(count_tombstones([found.pk]).items()) if refused is None else [],
        "form": form,
    }
    return render(request, "governance/erasure.html", context)
