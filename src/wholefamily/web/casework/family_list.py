"""The home page: the families the user may open, in the lists that fit their role."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from wholefamily.web.accounts.models import Role, User
from wholefamily.web.casework.access import Section, families_for, sections_for
from wholefamily.web.casework.family_access import acting_user
from wholefamily.web.casework.forms import FamilyFilterForm
from wholefamily.web.casework.models import Family, Need
from wholefamily.web.casework.pagination import Paged, paginate


@dataclass
class Listing:
    heading: str
    empty: str
    paged: Paged[Family]
    #: Headline labels of each listed family's needs, by family id.
    headlines: dict[int, list[str]] = field(default_factory=dict)


def _rows(families: QuerySet[Family]) -> QuerySet[Family]:
    return (
        families.select_related("lead_practitioner", "team")
        .annotate(members=Count("memberships", filter=Q(memberships__end_date__isnull=True)))
        .order_by(F("priority").asc(nulls_last=True), "pk")
    )


def _listing(
    request: HttpRequest, heading: str, families: QuerySet[Family], *, empty: str, param: str, needs: bool
) -> Listing:
    paged = paginate(request, _rows(families), param=param)
    headlines: dict[int, list[str]] = defaultdict(list)
    ids = [family.pk for family in paged.items]
    if needs and ids:
        labels = (
            Need.objects.filter(family_id__in=ids)
            .values_list("family_id", "headline_label")
            .distinct()
            .order_by("family_id", "headline_label")
        )
        for family_id, label in labels:
            headlines[family_id].append(label)
    return Listing(heading, empty, paged, dict(headlines))


def _lists_for(user: User) -> list[tuple[str, QuerySet[Family], str]]:
    """(heading, families, text when there are none) for each list the user's role sees."""
    families = families_for(user)
    role = user.role
    if role == Role.KEYWORKER:
        lists = [
            ("Your families", families.filter(lead_practitioner=user), "You do not lead any family yet.")
        ]
        if user.team_id:
            team = families.filter(team=user.team).exclude(lead_practitioner=user)
            lists.append(("Your team's families", team, "Your team has no other families."))
        return lists
    if role == Role.TEAM_MANAGER:
        lists = []
        if user.team_id:
            lists.append(
                ("Your team's families", families.filter(team=user.team), "Your team has no families.")
            )
        lists.append(("Not yet allocated", families.filter(team__isnull=True), "Every family is allocated."))
        return lists
    if role == Role.FRONT_DOOR:
        return [
            ("Referrals", families.filter(status=Family.Status.REFERRED), "There are no referrals waiting."),
            (
                "Identified families not yet allocated",
                families.exclude(status=Family.Status.REFERRED),
                "There are no identified families waiting.",
            ),
        ]
    if role == Role.AUDITOR:
        return [("Families with identified needs", families, "No family has identified needs.")]
    if role == Role.PARTNER:
        return [("Families you work with", families, "You are not in the team around any family.")]
    return [("All families", families, "No families match.")]


def home(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if user.role == Role.ADMINISTRATOR or not sections_for(user):
        return render(request, "casework/home_no_families.html", {"title": "Supporting Families casework"})
    lists = _lists_for(user)
    context: dict[str, object] = {"title": "Families"}
    if user.role in (Role.COORDINATOR, Role.DATA_MANAGER):
        form = FamilyFilterForm(request.GET)
        heading, families, empty = lists[0]
        lists = [(heading, form.apply(families), empty)]
        context["form"] = form
    needs = Section.NEEDS in sections_for(user)
    context["listings"] = [
        _listing(
            request, heading, families, empty=empty, param="page" if i == 0 else f"page{i + 1}", needs=needs
        )
        for i, (heading, families, empty) in enumerate(lists)
    ]
    return render(request, "casework/home.html", context)
