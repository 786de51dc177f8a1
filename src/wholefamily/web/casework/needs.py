"""The family's needs as casework reads them: the record's needs grouped by headline (as much of them as a role
may read), and the headlines the family needs help with now, which its plan answers.

The headlines to plan for are the record's counted needs as the latest assessment settled them (needs it added
in, those it ruled out out). The family plan and the rule for closing a case as "outcomes met" both read them
here, so neither imports the other.

The plan sets a goal for one identified need (``PlanGoal.need``) or for a whole headline (no need: it answers
every need under the headline). Closing as "outcomes met" is decided per need (``needs_not_achieved``): each
counted need on the record under an identified headline (and each headline the assessment added without one)
needs an *achieved* goal, one set for that need or for its whole headline; a goal set for another need of the
same headline answers nothing for it, and neither does a goal still open, or dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from django.db.models import Prefetch, QuerySet

from wholefamily.framework.model import load_framework
from wholefamily.web.casework.models import (
    SENSITIVE_HEADLINES,
    AssessedNeed,
    Assessment,
    Evidence,
    Family,
    Need,
    PlanGoal,
)


@dataclass
class HeadlineGroup:
    headline: str
    label: str
    #: Empty when the details are restricted.
    needs: list[Need] = field(default_factory=list)
    restricted: bool = False


def needs_by_headline(family: Family, *, sensitive: bool, evidence: bool) -> list[HeadlineGroup]:
    """The record's needs by headline, with their people (and ``evidence``); without ``sensitive``, a sensitive
    headline is named but its needs are left out of the query."""
    needs = family.needs.all()
    groups: dict[str, HeadlineGroup] = {}
    if not sensitive:
        restricted = needs.filter(headline__in=SENSITIVE_HEADLINES).values_list("headline", "headline_label")
        for headline, label in restricted.distinct():
            groups[headline] = HeadlineGroup(headline, label, restricted=True)
        needs = needs.exclude(headline__in=SENSITIVE_HEADLINES)
    needs = needs.prefetch_related("people")
    if evidence:
        needs = needs.prefetch_related(Prefetch("evidence", Evidence.objects.select_related("person")))
    for need in needs:
        groups.setdefault(need.headline, HeadlineGroup(need.headline, need.headline_label)).needs.append(need)
    return sorted(groups.values(), key=lambda group: group.label)


@cache
def framework_headlines() -> dict[str, str]:
    """The Supporting Families headlines, id -> label."""
    return {h.id: h.label for h in load_framework("sf-2022").headlines}


def headline_labels(family: Family) -> dict[str, str]:
    """Every headline a need can be recorded under: the framework's, and any other the record holds."""
    labels = dict(framework_headlines())
    for headline, label in family.needs.values_list("headline", "headline_label").distinct():
        labels.setdefault(headline, label)
    return labels


def latest_assessment(family: Family) -> Assessment | None:
    return family.assessments.order_by("-started_on", "-id").first()


def identified_headlines(family: Family) -> dict[str, str]:
    """Headlines with a need to plan for: the counted needs on the record and those the latest assessment
    added or confirmed, less those it ruled out. Headline id -> label."""
    labels = headline_labels(family)
    wanted = set(family.needs.filter(counted=True).values_list("headline", flat=True))
    latest = latest_assessment(family)
    if latest is not None:
        for headline, decision in latest.needs.values_list("headline", "decision"):
            if decision == AssessedNeed.Decision.RULED_OUT:
                wanted.discard(headline)
            else:
                wanted.add(headline)
    return {h: labels.get(h, h) for h in sorted(wanted, key=lambda h: labels.get(h, h))}


@dataclass(frozen=True)
class IdentifiedNeed:
    """One need the family plan answers: a counted need on the record, or a headline the assessment added."""

    headline: str
    label: str
    need_id: int | None = None
    headline_label: str = ""

    def label_for(self, *, sensitive: bool) -> str:
        """The label as a role may read it: a sensitive need by its headline alone, for roles that may not
        read sensitive details."""
        return self.label if sensitive or self.headline not in SENSITIVE_HEADLINES else self.headline_label


def identified_needs(family: Family) -> list[IdentifiedNeed]:
    """The needs under the identified headlines, one per counted need on the record (a headline the assessment
    added with no need on the record stands for itself)."""
    headlines = identified_headlines(family)
    counted = family.needs.filter(counted=True, headline__in=headlines).order_by("headline", "descriptor_id")
    by_headline: dict[str, list[IdentifiedNeed]] = {}
    for pk, headline, descriptor in counted.values_list("pk", "headline", "descriptor_label"):
        label = f"{headlines[headline]}: {descriptor}"
        by_headline.setdefault(headline, []).append(IdentifiedNeed(headline, label, pk, headlines[headline]))
    return [
        need
        for headline, label in headlines.items()
        for need in by_headline.get(headline, [IdentifiedNeed(headline, label, None, label)])
    ]


def needs_for_goals(family: Family, *, sensitive: bool) -> dict[int, IdentifiedNeed]:
    """The identified needs on the record a goal may be set for, by need id: a role that may not read
    sensitive details sets a goal for a sensitive headline as a whole (the plan form and the API both ask)."""
    return {
        need.need_id: need
        for need in identified_needs(family)
        if need.need_id is not None and need.label_for(sensitive=sensitive) == need.label
    }


def _not_answered(family: Family, goals: QuerySet[PlanGoal]) -> list[IdentifiedNeed]:
    """The identified needs none of ``goals`` answers: a goal set for a need answers that need; a goal set for
    a whole headline (no need) answers each need under it; a headline the assessment added with no need on
    the record is answered by any goal under it."""
    rows = list(goals.values_list("headline", "need_id"))
    for_need = {need_id for _, need_id in rows if need_id is not None}
    whole = {headline for headline, need_id in rows if need_id is None}
    any_goal = {headline for headline, _ in rows}
    return [
        need
        for need in identified_needs(family)
        if need.headline not in whole
        and need.need_id not in for_need
        and not (need.need_id is None and need.headline in any_goal)
    ]


def needs_without_goal(family: Family) -> list[IdentifiedNeed]:
    """The identified needs the family plan has no goal for yet."""
    return _not_answered(family, family.plan_goals.all())


def needs_not_achieved(family: Family) -> list[str]:
    """The identified needs (their labels) with no achieved goal: none set for the need, none set for its
    whole headline."""
    return [
        need.label
        for need in _not_answered(family, family.plan_goals.filter(status=PlanGoal.Status.ACHIEVED))
    ]
