"""The record's pages: the families list (home), search, a family, a person, a family's audit log, and the
changes to the team around the family and to consent (ending a place and withdrawing consent ask for
confirmation on GET and act on POST).

Every view is audited: what it showed, or what it refused."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import F, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from wholefamily.web.accounts import audit
from wholefamily.web.accounts.models import AuditEntry, Role, User
from wholefamily.web.casework import access, legal_basis, plain_words
from wholefamily.web.casework.access import Section
from wholefamily.web.casework.family_gate import acting_user, open_family, viewed
from wholefamily.web.casework.feeds import feed_warnings
from wholefamily.web.casework.journey.assessment import own_ratings
from wholefamily.web.casework.journey.front_door.caseload import workers_for
from wholefamily.web.casework.models import Family, Membership, Person
from wholefamily.web.casework.needs import framework_headlines
from wholefamily.web.casework.offline import copies
from wholefamily.web.casework.record import (
    audit_log,
    document_pages,
    family_lists,
    family_summary,
    journey_tasks,
    my_work,
    search,
    timeline_view,
)
from wholefamily.web.casework.record.family_record import load_sections
from wholefamily.web.casework.record.forms import (
    ConsentForm,
    FamilyFilterForm,
    SearchForm,
    TeamMemberForm,
    WorkerFilterForm,
)
from wholefamily.web.casework.record.search_query import SearchQuery
from wholefamily.web.casework.record.team_and_consent import (
    add_team_member,
    described,
    end_team_member,
    record_consent,
    withdraw_consent,
)
from wholefamily.web.evidence_pages import family_factors
from wholefamily.web.pagination import Paged, paginate

# --- The families list and search --------------------------------------------------------------------------


@dataclass
class Listing:
    heading: str
    empty: str
    paged: Paged[Family]
    #: Headline labels of each listed family's needs, by family id.
    headlines: dict[int, list[str]] = field(default_factory=dict)
    #: The listed families the user may record a contact for (the row's "Record a contact" link).
    contacts: set[int] = field(default_factory=set)


def _listing(
    request: HttpRequest,
    user: User,
    heading: str,
    families: QuerySet[Family],
    *,
    empty: str,
    param: str,
    needs: bool,
) -> Listing:
    paged = paginate(request, family_lists.rows(families), param=param)
    ids = [family.pk for family in paged.items]
    headlines = family_lists.headlines_of(ids) if needs and ids else {}
    return Listing(heading, empty, paged, headlines, access.contact_families(user, paged.items))


def home(request: HttpRequest) -> HttpResponse:
    """The families the user may open, in the lists that fit their role."""
    user = acting_user(request)
    if user.role == Role.ADMINISTRATOR or not access.sections_for(user):
        return render(request, "casework/home_no_families.html", {"title": "Supporting Families casework"})
    lists = family_lists.lists_for(user)
    context: dict[str, object] = {"title": "Families"}
    if access.sees_feed_health(user):
        context["feed_warnings"] = feed_warnings(dt.date.today())
    if user.role in (
        Role.KEYWORKER,
        Role.TEAM_MANAGER,
    ):  # the reminder in the site of their (team's) work due
        context["work_due"] = my_work.my_work(user, dt.date.today())
    if user.role in (Role.COORDINATOR, Role.DATA_MANAGER):
        form = FamilyFilterForm(request.GET)
        heading, families, empty = lists[0]
        lists = [(heading, form.apply(families), empty)]
        context["form"] = form
    needs = Section.NEEDS in access.sections_for(user)
    context["listings"] = [
        _listing(
            request,
            user,
            heading,
            families,
            empty=empty,
            param="page" if i == 0 else f"page{i + 1}",
            needs=needs,
        )
        for i, (heading, families, empty) in enumerate(lists)
    ]
    return render(request, "casework/home.html", context)


def my_work_page(request: HttpRequest) -> HttpResponse:
    """What is due in the families the user leads (a manager: their team's, by worker), audited with the
    families it covered."""
    user = acting_user(request)
    if not access.may_see_my_work(user):
        audit.record(user, AuditEntry.Action.DENIED, request=request, summary="Not allowed to see my work")
        raise PermissionDenied("Your role does not allow you to see a worker's work.")
    form = WorkerFilterForm(workers_for(user), request.GET) if my_work.may_see_team_work(user) else None
    worker = form.chosen() if form is not None else None
    work = my_work.my_work(user, dt.date.today(), worker)
    audit.record(
        user,
        AuditEntry.Action.VIEW,
        request=request,
        summary=f"My work of {worker.username}" if worker else "My work",
        detail={"families": work.families},
    )
    context: dict[str, object] = {"title": "My work", "work": work}
    if form is not None:  # the layout shows a form's error summary
        context["form"] = form
    return render(request, "casework/my_work.html", context)


def search_page(request: HttpRequest) -> HttpResponse:
    """Search among the people and families the user may open; every search is audited with its query."""
    user = acting_user(request)
    form = SearchForm(request.GET if "q" in request.GET else None)
    results: search.Results | None = None
    if form.is_bound:
        raw = request.GET.get("q", "")[:100]
        if form.is_valid():
            query: SearchQuery = form.cleaned_data["q"]
            results = search.find(user, query)
            detail = {
                "query": raw,
                "kind": str(query.kind),
                "people": len(results.people),
                "families": len(results.families),
            }
        else:
            detail = {"query": raw, "error": " ".join(str(e) for e in form.errors.get("q") or [])}
        audit.record(
            user, AuditEntry.Action.SEARCH, request=request, summary=f"Searched for {raw!r}", detail=detail
        )
    return render(
        request,
        "casework/search.html",
        {"title": "Search results" if results is not None else "Search", "form": form, "results": results},
    )


# --- A family, a person, the audit log ---------------------------------------------------------------------


def family_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The family record page: only the sections the user's role may read are loaded."""
    user, family = open_family(request, pk)
    sections = access.sections_for(user)
    today = dt.date.today()
    loaded = load_sections(family, sections, sensitive=access.sees_sensitive(user))
    context: dict[str, Any] = {
        "title": f"Family {family.reference}",
        "family": family,
        "sections": {str(section) for section in sections},
        "today": today,
        "referred_on": timezone.localdate(family.created_at),
        "may_allocate": access.may_allocate(user, family),
        "may_edit": access.may_edit_team_and_consent(user, family),
        "may_read_audit": access.may_read_audit(user),
        "may_record_contact": access.may_record_contact(user, family),
        "may_keep_offline": access.may_keep_offline(user, family),
        "offline_copy": copies.live_copy(user, family),
        **loaded,
        "summary": family_summary.summary(
            user, family, sections, loaded.get("needs"), loaded.get("team_members")
        ),
        "priority_reason": plain_words.priority_reason(family.priority_reason, framework_headlines()),
        **plain_words.evidence_words(),
        "risk": family_factors.for_family(user, family),
    }
    if "timeline" in loaded:
        context.update(_timeline(request, family, loaded, context["sources"]))
    if Section.JOURNEY in sections:
        links = journey_tasks.links(
            family,
            triage=user.role in access.TRIAGES,
            allocate=context["may_allocate"],
            consent=context["may_edit"],
        )
        context["journey"] = journey_tasks.tasks(family, today, links)
        context["views_over_time"] = own_ratings.views_over_time(family)
        context["closure_feedback"] = family.closure_feedback.first()
    audit.record(
        user,
        AuditEntry.Action.VIEW,
        request=request,
        obj=family,
        family_id=family.pk,
        summary=f"Viewed family {family.reference}",
        detail={"sections": sorted(context["sections"]), "risk_factors": context["risk"] is not None},
    )
    return render(request, "casework/family_detail.html", context)


def _timeline(
    request: HttpRequest, family: Family, loaded: dict[str, Any], titles: dict[str, str]
) -> dict[str, Any]:
    """The timeline's entries, one per event, as the filters chosen leave them, and the filters' form."""
    found = timeline_view.entries(loaded["timeline"], titles, plain_words.source_agencies())
    memberships = loaded.get("memberships") or []  # people to filter by only for roles that read the members
    form = timeline_view.TimelineFilterForm(
        memberships, {e.agency for e in found}, request.GET if request.GET else None
    )
    paged = paginate(request, form.apply(found), param="events", per_page=timeline_view.PER_PAGE)
    pagination = paged.pagination
    if pagination is not None:  # each page opens at the timeline
        for link in [*pagination["items"], pagination.get("previous"), pagination.get("next")]:
            if link and "href" in link:
                link["href"] += "#timeline"
    shown = {"timeline": paged.items, "timeline_total": paged.total, "timeline_pages": pagination}
    shown["timeline_form"] = form
    if form.is_bound:  # the layout shows the filters' error summary
        shown["form"] = form
    return shown


def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A person: who they are and the families (that the user may open) they belong or belonged to."""
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
            "documents": document_pages.about_person(user, person),
        },
    )


def family_audit(request: HttpRequest, pk: int) -> HttpResponse:
    """The family's audit log, for the roles that read it."""
    user, family = open_family(
        request, pk, change=(lambda user, family: access.may_read_audit(user), "read the audit log of")
    )
    viewed(request, user, family, "the audit log")
    paged = paginate(request, audit_log.family_log(family))
    return render(
        request,
        "casework/family_audit.html",
        {"title": f"Audit log of family {family.reference}", "family": family, "paged": paged},
    )


# --- The team around the family and consent ----------------------------------------------------------------


def _editable_family(request: HttpRequest, pk: int, action: str) -> tuple[User, Family]:
    return open_family(request, pk, change=(access.may_edit_team_and_consent, action))


def team_member_add(request: HttpRequest, pk: int) -> HttpResponse:
    user, family = _editable_family(request, pk, "change the team around")
    form = TeamMemberForm(request.POST if request.method == "POST" else None, family=family)
    if request.method == "POST" and form.is_valid():
        member = add_team_member(family, user, form.cleaned_data, request)
        messages.success(request, f"{member.practitioner} added to the team around the family")
        return redirect("casework:family_detail", family.pk)
    return render(
        request,
        "casework/team_member_add.html",
        {"title": f"Add to the team around family {family.reference}", "family": family, "form": form},
    )


def team_member_end(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    user, family = _editable_family(request, pk, "change the team around")
    member = (
        family.team_members.filter(pk=member_pk, end_date__isnull=True).select_related("practitioner").first()
    )
    if member is None:
        raise Http404("No such place in the team")
    if request.method == "POST":
        end_team_member(member, user, request)
        messages.success(request, f"{member.practitioner} is no longer in the team around the family")
        return redirect("casework:family_detail", family.pk)
    return render(
        request,
        "casework/confirm.html",
        {
            "title": f"Remove {member.practitioner} from the team",
            "family": family,
            "text": f"{member.practitioner} will leave the team around family {family.reference} today.",
            "button": "Remove from the team",
        },
    )


def consent_add(request: HttpRequest, pk: int) -> HttpResponse:
    user, family = _editable_family(request, pk, "record consent for")
    bases = legal_basis.in_use()
    asked = legal_basis.asked_purposes(bases)
    form = ConsentForm(request.POST if request.method == "POST" else None, family=family, asked=asked)
    if request.method == "POST" and asked and form.is_valid():
        record_consent(family, user, form.cleaned_data, request)
        messages.success(request, "Consent recorded")
        return redirect("casework:family_detail", family.pk)
    return render(
        request,
        "casework/consent_add.html",
        {
            "title": f"Record consent for family {family.reference}",
            "family": family,
            "form": form,
            "asked": asked,
            "uses": bases.bases.uses,
        },
    )


def consent_withdraw(request: HttpRequest, pk: int, consent_pk: int) -> HttpResponse:
    user, family = _editable_family(request, pk, "record consent for")
    consent = family.consents.filter(pk=consent_pk, withdrawn_on__isnull=True).first()
    if consent is None:
        raise Http404("No such consent")
    words = described(consent)
    if request.method == "POST":
        withdraw_consent(consent, user, request)
        messages.success(request, "Consent withdrawn")
        return redirect("casework:family_detail", family.pk)
    return render(
        request,
        "casework/confirm.html",
        {
            "title": "Withdraw consent",
            "family": family,
            "text": f"Consent {words} will be recorded as withdrawn today.",
            "button": "Withdraw consent",
        },
    )
