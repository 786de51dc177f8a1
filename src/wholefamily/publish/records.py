"""The records publish hands from the warehouse to casework: plain data, keyed by warehouse ids."""

from __future__ import annotations

import datetime as dt
from collections.abc import Set
from dataclasses import dataclass, field, replace
from typing import Literal

from wholefamily.ingest.feed_health import FeedHealth

Scope = Literal["eligible", "with-needs"]

#: The partner source ``wholefamily export-casework`` writes: families and people recorded by hand in casework,
#: a family's reference as the record key and the casework person id as the partner's own person id.
CASEWORK_SOURCE = "casework_referrals"
SCOPES: tuple[Scope, ...] = ("eligible", "with-needs")

#: Family formation's roles (``family_members.role``) as casework membership roles. Formation calls a
#: parent's partner or step-parent a ``carer`` (its "parent" already covers parents and carers), and a
#: grandparent living in the home is another adult of the household.
ROLES: dict[str, str] = {
    "parent": "parent",
    "carer": "partner",
    "child": "child",
    "grandparent": "other_adult",
    "other_adult": "other_adult",
    "non_resident_parent": "non_resident_parent",
}


def casework_role(role: str, resident: bool) -> str:
    """The casework role of a warehouse member (an adult who is neither parent nor resident is "other")."""
    mapped = ROLES.get(role, "other")
    return "other" if mapped == "other_adult" and not resident else mapped


@dataclass(frozen=True)
class FamilyRecord:
    warehouse_id: str
    address: str
    postcode: str
    eligible: bool
    priority: int | None
    priority_reason: str
    #: ``{"flag": ..., "detail": ...}`` from ``family_flags``, sorted.
    flags: list[dict[str, str]] = field(default_factory=list)
    #: Earlier ids of this family (merged into it by family formation).
    aliases: list[str] = field(default_factory=list)
    #: Casework family references (``WF000123``) its members' casework records name, with how many members
    #: name each (from the latest ``casework_referrals`` delivery).
    casework_families: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Standing:
    """Where the identify run left a family: for families that drop out of the scope published."""

    warehouse_id: str
    eligible: bool
    priority: int | None
    priority_reason: str


@dataclass(frozen=True)
class PersonRecord:
    warehouse_id: str
    first_name: str
    surname: str
    date_of_birth: dt.date | None
    sex: str
    ethnicity: str
    nhs_number: str
    address: str
    postcode: str
    #: Casework person ids of the person's ``casework_referrals`` mentions, sorted.
    casework_ids: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class MemberRecord:
    family_id: str
    person_id: str
    role: str  # a casework Membership.Role value
    resident: bool
    start_date: dt.date | None
    evidence: list[str]


@dataclass(frozen=True)
class NeedRecord:
    family_id: str
    headline: str
    headline_label: str
    descriptor_id: str
    descriptor_label: str
    counted: bool
    people: list[str]
    note: str


@dataclass(frozen=True)
class EvidenceRecord:
    family_id: str
    descriptor_id: str
    person_id: str
    source: str
    record_key: str
    kind: str
    event_date: dt.date
    end_date: dt.date | None
    delivery_date: dt.date | None
    values: str
    event_key: str


@dataclass(frozen=True)
class TimelineRecord:
    family_id: str
    person_id: str
    date: dt.date
    kind: str
    title: str
    detail: str
    source: str
    sensitive: bool
    event_key: str


@dataclass(frozen=True)
class NeedOutcomeRecord:
    """One need's outcome at one horizon after closure (``need_outcomes`` of the latest outcomes run)."""

    family_id: str
    descriptor_id: str
    horizon_days: int
    status: str  # met, not_met, relapsed, not_yet_measurable
    reason: str
    records: int
    window_end: dt.date | None


@dataclass(frozen=True)
class Outcomes:
    """The latest outcomes run's need outcomes when it read the identify run published; else none, and why
    (``skipped``)."""

    run_id: str | None = None
    needs: list[NeedOutcomeRecord] = field(default_factory=list)
    skipped: str = ""


@dataclass(frozen=True)
class ClaimReasonRecord:
    """One rule a family fails for the period (``claim_reasons``)."""

    rule_id: str
    headline: str
    reason: str


@dataclass(frozen=True)
class ClaimRecord:
    """One family's claim candidate for the period (``claim_candidates`` of the latest claims run)."""

    family_id: str
    status: str  # claimable, not_claimable, submitted
    needs: int
    headlines: int
    reasons: tuple[ClaimReasonRecord, ...]


@dataclass(frozen=True)
class Claims:
    """The latest claims run's candidates and reasons (the families in scope); else none, and why
    (``skipped``)."""

    run_id: str | None = None
    period: str = ""
    candidates: list[ClaimRecord] = field(default_factory=list)
    skipped: str = ""


@dataclass(frozen=True)
class Extract:
    """Everything one publish copies: one identify run, the families in scope and what casework shows."""

    identify_run: str
    framework: str
    as_of: dt.date
    link_run: str
    scope: Scope
    families: list[FamilyRecord]
    standing: list[Standing]
    people: list[PersonRecord]
    members: list[MemberRecord]
    needs: list[NeedRecord]
    evidence: list[EvidenceRecord]
    timeline: list[TimelineRecord]
    outcomes: Outcomes = field(default_factory=Outcomes)
    #: Every partner source's feed health (not only the families in scope: the whole warehouse).
    feeds: list[FeedHealth] = field(default_factory=list)
    claims: Claims = field(default_factory=Claims)


def leave_out(extract: Extract, families: Set[str], people: Set[str]) -> Extract:
    """The extract less the records of families and people (warehouse ids): those whose processing is
    restricted, and those casework keeps only as a tombstone (so that a publish never brings back what
    erasure removed, under a new id too when family formation merged it into another)."""
    if not families and not people:
        return extract
    # a family merged into another keeps being left out under its new id
    families = {*families, *(f.warehouse_id for f in extract.families if families & set(f.aliases))}
    return replace(
        extract,
        families=[f for f in extract.families if f.warehouse_id not in families],
        standing=[s for s in extract.standing if s.warehouse_id not in families],
        people=[p for p in extract.people if p.warehouse_id not in people],
        members=[m for m in extract.members if m.family_id not in families and m.person_id not in people],
        needs=[
            replace(n, people=[p for p in n.people if p not in people])
            for n in extract.needs
            if n.family_id not in families
        ],
        evidence=[e for e in extract.evidence if e.family_id not in families and e.person_id not in people],
        timeline=[t for t in extract.timeline if t.family_id not in families and t.person_id not in people],
        outcomes=replace(
            extract.outcomes, needs=[o for o in extract.outcomes.needs if o.family_id not in families]
        ),
        claims=replace(
            extract.claims, candidates=[c for c in extract.claims.candidates if c.family_id not in families]
        ),
    )
