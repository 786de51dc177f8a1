"""The casework site's records about one person, for a subject access request: everything the site holds that
names them (their details, families, consents, notes, interventions, meetings, documents, their own ratings,
timeline), and the audit trail of who viewed their family's records or their own page.

The person is the casework ``Person`` whose ``warehouse_id`` is the warehouse's person id, the id the
``wholefamily governance subject-access`` pack is filed under. Free text the practitioners wrote (a case note)
may name other people: the section is for the reviewer, who redacts before sending."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q

from wholefamily.web.accounts.models import AuditEntry
from wholefamily.web.casework.models import (
    CaseNote,
    Consent,
    Document,
    FamilyRating,
    InterventionReferral,
    MemberConsidered,
    Membership,
    Person,
    TafMeeting,
    TimelineEvent,
)


def _day(value: dt.date | dt.datetime | None) -> str:
    return "" if value is None else value.isoformat()


def _by(user: Any) -> str:
    return str(user) if user is not None else ""


def casework_section(person: Person) -> dict[str, Any]:
    """The site's records about ``person`` as plain data (JSON-ready), one list per kind of record."""
    memberships = Membership.objects.filter(person=person).select_related("family")
    family_ids = [m.family_id for m in memberships]
    audit = AuditEntry.objects.filter(
        Q(family_id__in=family_ids) | Q(object_type="person", object_id=str(person.pk))
    ).order_by("at", "id")
    return {
        "person": {
            "casework_id": person.pk,
            "warehouse_id": person.warehouse_id,
            "name": person.full_name,
            "date_of_birth": _day(person.date_of_birth),
            "sex": person.sex,
            "address": person.address,
            "postcode": person.postcode,
            "nhs_number": person.nhs_number,
        },
        "families": [
            {
                "family": m.family.reference,
                "role": m.get_role_display(),
                "from": _day(m.start_date),
                "to": _day(m.end_date),
            }
            for m in memberships
        ],
        "consents": [
            {
                "purpose": c.get_purpose_display(),
                "agency": c.get_agency_display(),
                "given_on": _day(c.given_on),
                "how": c.get_how_display(),
                "withdrawn_on": _day(c.withdrawn_on),
            }
            for c in Consent.objects.filter(given_by=person)
        ],
        "assessment_notes": [
            {"assessment_started": _day(m.assessment.started_on), "notes": m.notes}
            for m in MemberConsidered.objects.filter(person=person).select_related("assessment")
        ],
        "case_notes": [
            {
                "happened_on": _day(n.happened_on),
                "kind": n.get_kind_display(),
                "note": n.note,
                "sensitive": n.sensitive,
                "by": _by(n.recorded_by),
            }
            for n in CaseNote.objects.filter(people=person).select_related("recorded_by")
        ],
        "interventions": [
            {
                "intervention": r.intervention_id,
                "referred_on": _day(r.referred_on),
                "status": r.get_status_display(),
                "note": r.note,
            }
            for r in InterventionReferral.objects.filter(person=person)
        ],
        "meetings_attended": [
            {"held_on": _day(m.held_on), "decisions": m.decisions}
            for m in TafMeeting.objects.filter(family_attendees=person)
        ],
        "documents": [
            {"title": d.title, "kind": d.get_kind_display(), "uploaded_at": _day(d.uploaded_at)}
            for d in Document.objects.filter(person=person)
        ],
        "own_wellbeing_ratings": [
            {"rated_on": _day(r.rated_on), "area": r.get_area_display(), "score": r.score}
            for r in FamilyRating.objects.filter(person=person)
        ],
        "timeline": [
            {"date": _day(e.date), "kind": e.kind, "title": e.title, "detail": e.detail, "source": e.source}
            for e in TimelineEvent.objects.filter(person=person).order_by("date", "id")
        ],
        "who_viewed_or_changed": [
            {
                "at": _day(e.at),
                "who": e.username or "(no account: the family's link, or the system)",
                "role": e.role,
                "action": e.get_action_display(),
                "what": e.summary,
            }
            for e in audit
        ],
    }
