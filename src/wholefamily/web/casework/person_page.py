"""A person's page: who they are and the families (that the user may open) they belong or belonged to."""

from __future__ import annotations

import datetime as dt

from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from wholefamily.web.accounts import audit
from wholefamily.web.accounts.models import AuditEntry
from wholefamily.web.casework import access
from wholefamily.web.casework.family_access import acting_user
from wholefamily.web.casework.models import Membership, Person


def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    person = access.people_for(user).filter(pk=pk).first()
    if person is None:
        audit.record(
            user,
            AuditEntry.Action.DENIED,
            request=request,
            obj=Person(pk=pk),
            summary=f"Not allowed to open person {pk}",
        )
        raise Http404("No such person")
    memberships = list(
        Membership.objects.filter(person=person, family__in=access.families_for(user))
        .select_related("family")
        .order_by(F("end_date").desc(nulls_first=True), "-start_date", "pk")
    )
    # The entry is filed under the family the person is in now (the first listed), so the family's log shows it.
    audit.record(
        user,
        AuditEntry.Action.VIEW,
        request=request,
        obj=person,
        family_id=memberships[0].family_id if memberships else None,
        summary=f"Viewed person {person.pk}",
        detail={"families": [m.family_id for m in memberships]},
    )
    return render(
        request,
        "casework/person_detail.html",
        {
            "title": person.full_name,
            "person": person,
            "memberships": memberships,
            "today": dt.date.today(),
            "sees_sensitive": access.sees_sensitive(user),
        },
    )
