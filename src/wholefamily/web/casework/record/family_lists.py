"""The lists of families on the home page: which lists each role sees, and what each row shows."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, F, Q, QuerySet

from wholefamily.web.accounts.models import Role, User
from wholefamily.web.casework.access import families_for
from wholefamily.web.casework.models import Family, Need


def lists_for(user: User) -> list[tuple[str, QuerySet[Family], str]]:
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


def rows(families: QuerySet[Family]) -> QuerySet[Family]:
    """A list's families with what a row shows (lead practitioner, team, current members), in priority order."""
    return (
        families.select_related("lead_practitioner", "team")
        .annotate(members=Count("memberships", filter=Q(memberships__end_date__isnull=True)))
        .order_by(F("priority").asc(nulls_last=True), "pk")
    )


def headlines_of(family_ids: list[int]) -> dict[int, list[str]]:
    """The headline labels of each family's needs, by family id."""
    headlines: dict[int, list[str]] = defaultdict(list)
    labels = (
        Need.objects.filter(family_id__in=family_ids)
        .values_list("family_id", "headline_label")
        .distinct()
        .order_by("family_id", "headline_label")
    )
    for family_id, label in labels:
        headlines[family_id].append(label)
    return dict(headlines)
