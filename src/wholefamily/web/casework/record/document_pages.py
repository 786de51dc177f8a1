"""A family's documents: the list with the upload form, and each download.

Read by the roles that read the casework (``open_family(journey=True)``); added by those who may add case notes
(``access.may_add_case_note``: who works on the case and the partners in the team around it); a document
marked as about a sensitive need is read through ``access.without_sensitive`` like every such record. The list,
each upload and each download are audited."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from wholefamily.web.accounts import audit
from wholefamily.web.accounts.models import AuditEntry, User
from wholefamily.web.casework import access
from wholefamily.web.casework.access import Section
from wholefamily.web.casework.family_gate import open_family, viewed
from wholefamily.web.casework.models import Document, Family, Person
from wholefamily.web.casework.record import documents


class DocumentForm(forms.Form):
    file = forms.FileField(
        label="File", error_messages={"required": "Select a file", "empty": "The selected file is empty"}
    )
    kind = forms.ChoiceField(
        label="Type of document",
        choices=Document.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the type of document"},
    )
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="For example, consent to share with the school, signed on 3 March",
        error_messages={"required": "Enter a title", "max_length": "Title must be 200 characters or fewer"},
    )
    person = forms.ChoiceField(required=False, label="Who it is about")
    sensitive = forms.BooleanField(required=False, label="It is about domestic abuse")

    def __init__(self, *args: Any, family: Family, sensitive: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = {
            str(p.pk): p for p in Person.objects.filter(memberships__family=family).distinct().order_by("pk")
        }
        self.fields["person"].choices = [  # type: ignore[attr-defined]
            ("", "The whole family"),
            *((pk, p.full_name) for pk, p in self.people.items()),
        ]
        self.fields[
            "file"
        ].help_text = (
            f"A PDF, PNG, JPEG or Word document (.docx), smaller than {documents.max_megabytes()} MB"
        )
        if not sensitive:  # only roles that read sensitive details may mark (and so hide) a document
            del self.fields["sensitive"]
        self.checked: documents.Checked | None = None

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        try:
            self.checked = documents.check(upload)
        except documents.DocumentRefused as refused:
            raise forms.ValidationError(str(refused)) from None
        return upload


def _readable(user: User, family: Family) -> QuerySet[Document]:
    rows = Document.objects.filter(family=family).select_related("person", "uploaded_by")
    return access.without_sensitive(user, rows)


def about_person(user: User, person: Person) -> list[Document]:
    """The documents about ``person`` that ``user`` may read: in the families they may open, for the roles that
    read the casework (as the documents page lets them in), without sensitive ones unless they read those."""
    if Section.JOURNEY not in access.sections_for(user):
        return []
    rows = Document.objects.filter(person=person, family__in=access.families_for(user)).select_related(
        "family"
    )
    return list(access.without_sensitive(user, rows))


def _add(request: HttpRequest, user: User, family: Family, form: DocumentForm) -> Document:
    assert form.checked is not None
    upload = form.cleaned_data["file"]
    data = form.cleaned_data
    document = Document.objects.create(
        family=family,
        person=form.people.get(data["person"]),
        kind=data["kind"],
        title=data["title"],
        sensitive=bool(data.get("sensitive")),
        original_name=(upload.name or "")[:200],
        file_type=form.checked.file_type,
        size=form.checked.size,
        sha256=form.checked.sha256,
        stored_name=documents.store(upload, family.pk, form.checked),
        uploaded_by=user,
    )
    audit.record(
        user,
        AuditEntry.Action.CREATE,
        request=request,
        obj=document,
        family_id=family.pk,
        summary=f"Added document {document.pk} ({document.get_kind_display()}) to {family.reference}",
        detail={
            "kind": document.kind,
            "file_type": document.file_type,
            "size": document.size,
            "sha256": document.sha256,
            "person": document.person_id,
            "sensitive": document.sensitive,
        },
    )
    return document


def documents_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The family's documents the user may read; the upload form for those who may add one."""
    if request.method == "POST":
        user, family = open_family(
            request, pk, journey=True, change=(access.may_add_case_note, "add a document to")
        )
    else:
        user, family = open_family(request, pk, journey=True)
    may_add = access.may_add_case_note(user, family)
    form = DocumentForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        family=family,
        sensitive=access.sees_sensitive(user),
    )
    if request.method == "POST" and form.is_valid():
        document = _add(request, user, family, form)
        messages.success(request, f"{document.get_kind_display()} added: {document.title}")
        return redirect("casework:documents", family.pk)
    listed = list(_readable(user, family))
    if request.method != "POST":
        viewed(request, user, family, "the documents")
    context: dict[str, Any] = {
        "title": f"Documents of family {family.reference}",
        "family": family,
        "documents": listed,
        "may_add": may_add,
        "upload_form": form,
    }
    if form.is_bound:  # the layout shows the form's error summary
        context["form"] = form
    return render(request, "casework/documents.html", context)


def document_download(request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
    """One document, as an attachment the browser saves (never shows), to a user who may read it."""
    user, family = open_family(request, pk, journey=True)
    document = _readable(user, family).filter(pk=document_pk).first()
    if document is None:
        audit.record(
            user,
            AuditEntry.Action.DENIED,
            request=request,
            obj=Document(pk=document_pk),
            family_id=family.pk,
            summary=f"Not allowed to read document {document_pk} of {family.reference}",
        )
        raise Http404("No such document")
    path = documents.path_of(document)
    if not path.is_file():
        raise Http404("The document's file is missing")
    audit.record(
        user,
        AuditEntry.Action.VIEW,
        request=request,
        obj=document,
        family_id=family.pk,
        summary=f"Downloaded document {document.pk} of {family.reference}",
        detail={"kind": document.kind, "sha256": document.sha256},
    )
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=documents.download_name(document),
        content_type=documents.CONTENT_TYPES[Document.FileType(document.file_type)],
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
