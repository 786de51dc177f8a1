"""Contacts with the family (home visits, calls, video calls, meetings) and case notes, quick to add by anyone
working on the case and by partner practitioners in the team around it. A sensitive note, and its timeline
entry, is read only by roles that see sensitive details, and only they may mark a note sensitive. A note is
corrected by amendment (its author, or the manager of the family's team), never deleted: the text it replaced is
kept and shown with it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest

from wholefamily.web.accounts import audit
from wholefamily.web.accounts.models import AuditEntry, User
from wholefamily.web.casework import access
from wholefamily.web.casework.models import CaseNote, CaseNoteAmendment, Family, Person
from wholefamily.web.casework.timeline import add_casework_event


def visible_notes(family: Family, user: User) -> QuerySet[CaseNote]:
    notes = family.case_notes.select_related("recorded_by").prefetch_related(
        "people", Prefetch("amendments", CaseNoteAmendment.objects.select_related("recorded_by"))
    )
    return access.without_sensitive(user, notes)


def add_note(
    request: HttpRequest | None,
    user: User,
    family: Family,
    *,
    kind: str,
    happened_on: dt.date,
    note: str,
    people: Iterable[Person] = (),
    sensitive: bool = False,
) -> CaseNote:
    """Record a contact or note. ``sensitive`` is ignored for a user who may not read sensitive details (the
    forms do not offer it to them)."""
    sensitive = sensitive and access.sees_sensitive(user)
    with transaction.atomic():
        case_note = CaseNote.objects.create(
            family=family,
            kind=kind,
            happened_on=happened_on,
            note=note,
            sensitive=sensitive,
            agency=user.agency,
            recorded_by=user,
        )
        case_note.people.set(people)
        title = f"{case_note.get_kind_display()} recorded by {user}"
        event = add_casework_event(family, user, "case_note", title, detail="" if sensitive else note)
        event.date = happened_on
        event.sensitive = sensitive
        event.save(update_fields=["date", "sensitive"])
        audit.record(
            user,
            AuditEntry.Action.CREATE,
            request=request,
            obj=case_note,
            family_id=family.pk,
            summary=f"{title} ({family.reference})",
        )
    return case_note


def amend_note(request: HttpRequest | None, user: User, note: CaseNote, text: str) -> CaseNoteAmendment:
    """Correct ``note`` (one ``access.amendable_notes`` allows): its text becomes ``text`` and the text it
    replaced is kept in a new amendment, which the timeline shows and the audit trail names (not the text,
    which may be sensitive)."""
    with transaction.atomic():
        amendment = CaseNoteAmendment.objects.create(case_note=note, original=note.note, recorded_by=user)
        note.note = text
        note.save(update_fields=["note"])
        # The timeline keeps what it showed; the correction is a new entry, as sensitive as the note.
        title = f"{note.get_kind_display()} of {note.happened_on:%-d %B %Y} amended by {user}"
        event = add_casework_event(
            note.family, user, "case_note", title, detail="" if note.sensitive else text
        )
        if note.sensitive:
            event.sensitive = True
            event.save(update_fields=["sensitive"])
        audit.record(
            user,
            AuditEntry.Action.CHANGE,
            request=request,
            obj=note,
            family_id=note.family_id,
            summary=f"Amended a {note.get_kind_display().lower()} note by {user} ({note.family.reference})",
            detail={"amendment": amendment.pk},
        )
    return amendment
