"""Who may see and change which family records, enforced in the queries every page and API call uses.

Templates never decide access: views take families from ``families_for`` and people from ``people_for``,
and ask ``sections_for`` which parts of a family record to load at all.

| role | families | sections of the record |
|---|---|---|
| keyworker | allocated to them, or to their team | all but the audit log; sensitive details |
| front door worker | not yet allocated to a team | all but the audit log; sensitive details |
| team manager | their team's, and those not yet allocated | all but the audit log; sensitive details |
| coordinator | all | all, including the audit log; sensitive details |
| data manager | all | members, needs, evidence and outcomes; no sensitive details |
| partner practitioner | in the team around the family **and** with active consent to share with their agency | members, needs, timeline, team, casework, plan and closure; no sensitive details |
| auditor | families with identified needs | members, needs, evidence, plan, closure and outcomes (read-only); sensitive details |
| administrator | none (manages accounts) | none |

Insight (``web/insight/``): dashboards for team managers, the coordinator and the data manager
(``may_see_insight``), counting only the families ``families_for`` gives them.

Results claims (``casework/claims/``): only the coordinator reviews a period's claims and signs them off
(``may_sign_off_claims``); only the auditor draws a sample of signed-off claims and records the spot checks
(``may_audit_claims``); both read a claim's evidence pack (``may_read_evidence_packs``). Every other role is
refused (403). A sampled claim's spot check shows the auditor its family's needs, evidence and outcomes even
when the family is not one they may open (an override of a family not eligible): the sample, not
``families_for``, grants that one view.

The casework (journey) section holds every step of the work; the plan and the closure are also sections of
their own, so that a role may read them without the rest of the casework (the auditor checks a claim against
the plan, the closure and the needs' outcomes without reading case notes).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from enum import StrEnum
from functools import cache, reduce
from importlib import resources
from operator import or_
from typing import TypeVar

import yaml
from django.db.models import Exists, Model, OuterRef, Q, QuerySet

from wholefamily.framework.model import load_framework
from wholefamily.web.accounts.models import Role, User
from wholefamily.web.casework.models import (
    SENSITIVE_HEADLINES,
    AssessedNeed,
    CaseNote,
    Consent,
    Document,
    Family,
    InterventionReferral,
    Membership,
    Person,
    PlanAction,
    PlanGoal,
    Source,
    TeamMember,
    TimelineEvent,
)


class Section(StrEnum):
    MEMBERS = "members"
    NEEDS = "needs"
    EVIDENCE = "evidence"
    TIMELINE = "timeline"
    TEAM = "team"
    CONSENT = "consent"
    JOURNEY = "journey"  # referrals, assessment, plan, meetings, reviews, interventions, notes, closure
    PLAN = "plan"  # the family plan's goals and actions (read-only without the journey section)
    CLOSURE = "closure"  # closures (with the reason a need's goal was not achieved) and steps up and down
    OUTCOMES = "outcomes"  # each need's outcome after closure, published from the warehouse
    AUDIT = "audit"


_ALL = frozenset(Section)
SECTIONS: dict[str, frozenset[Section]] = {
    Role.KEYWORKER: _ALL - {Section.AUDIT},
    Role.FRONT_DOOR: _ALL - {Section.AUDIT},
    Role.TEAM_MANAGER: _ALL - {Section.AUDIT},
    Role.COORDINATOR: _ALL,
    Role.DATA_MANAGER: frozenset({Section.MEMBERS, Section.NEEDS, Section.EVIDENCE, Section.OUTCOMES}),
    Role.PARTNER: frozenset(
        {
            Section.MEMBERS,
            Section.NEEDS,
            Section.TIMELINE,
            Section.TEAM,
            Section.JOURNEY,
            Section.PLAN,
            Section.CLOSURE,
        }
    ),
    Role.AUDITOR: frozenset(
        {
            Section.MEMBERS,
            Section.NEEDS,
            Section.EVIDENCE,
            Section.PLAN,
            Section.CLOSURE,
            Section.OUTCOMES,
        }
    ),
    Role.ADMINISTRATOR: frozenset(),
}
SEES_SENSITIVE = frozenset(
    {Role.KEYWORKER, Role.FRONT_DOOR, Role.TEAM_MANAGER, Role.COORDINATOR, Role.AUDITOR}
)
CREATES_FAMILIES = frozenset({Role.KEYWORKER, Role.FRONT_DOOR, Role.TEAM_MANAGER, Role.COORDINATOR})
ALLOCATES = frozenset({Role.TEAM_MANAGER, Role.COORDINATOR})
EDITS_TEAM_AND_CONSENT = frozenset({Role.KEYWORKER, Role.TEAM_MANAGER, Role.COORDINATOR})
TRIAGES = frozenset({Role.FRONT_DOOR, Role.TEAM_MANAGER, Role.COORDINATOR})
WORKS_ON_CASES = frozenset({Role.KEYWORKER, Role.TEAM_MANAGER, Role.COORDINATOR})
DECIDES_STEPS_AND_CLOSURE = frozenset({Role.KEYWORKER, Role.TEAM_MANAGER, Role.COORDINATOR})
SEES_FEED_HEALTH = frozenset({Role.COORDINATOR, Role.DATA_MANAGER})
SIGNS_OFF_CLAIMS = frozenset({Role.COORDINATOR})
AUDITS_CLAIMS = frozenset({Role.AUDITOR})
READS_EVIDENCE_PACKS = SIGNS_OFF_CLAIMS | AUDITS_CLAIMS
SEES_INSIGHT = frozenset({Role.TEAM_MANAGER, Role.COORDINATOR, Role.DATA_MANAGER})

#: A rule about what a user may do to a family they may open (``may_allocate``, ``may_work_on``, ...).
Permission = Callable[[User, Family], bool]


def _active(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active)


def families_for(user: User) -> QuerySet[Family]:
    """The families this user may open. Every family page, search and API call starts here."""
    families = Family.objects.all()
    if not _active(user):
        return families.none()
    role = user.role
    if role in (Role.COORDINATOR, Role.DATA_MANAGER):
        return families
    if role == Role.KEYWORKER:
        mine = Q(lead_practitioner=user)
        return families.filter(mine | Q(team=user.team)) if user.team_id else families.filter(mine)
    if role == Role.TEAM_MANAGER:
        unallocated = Q(team__isnull=True)
        return (
            families.filter(unallocated | Q(team=user.team)) if user.team_id else families.filter(unallocated)
        )
    if role == Role.FRONT_DOOR:
        return families.filter(team__isnull=True, lead_practitioner__isnull=True)
    if role == Role.AUDITOR:
        return families.filter(eligible=True)
    if role == Role.PARTNER and user.agency:
        today = dt.date.today()
        in_team = TeamMember.objects.filter(
            Q(end_date__isnull=True) | Q(end_date__gte=today), family=OuterRef("pk"), practitioner=user
        )
        consented = Consent.objects.filter(
            family=OuterRef("pk"),
            purpose=Consent.Purpose.SHARE,
            agency=user.agency,
            withdrawn_on__isnull=True,
            given_on__lte=today,
        )
        return families.filter(Exists(in_team), Exists(consented))
    return families.none()


def people_for(user: User) -> QuerySet[Person]:
    """People who are (or were) members of a family this user may open."""
    if Section.MEMBERS not in sections_for(user):
        return Person.objects.none()
    visible = Membership.objects.filter(person=OuterRef("pk"), family__in=families_for(user))
    return Person.objects.filter(Exists(visible))


def sections_for(user: User) -> frozenset[Section]:
    return SECTIONS.get(user.role, frozenset()) if _active(user) else frozenset()


def sees_sensitive(user: User) -> bool:
    return _active(user) and user.role in SEES_SENSITIVE


def may_create_family(user: User) -> bool:
    return _active(user) and user.role in CREATES_FAMILIES


def may_allocate(user: User, family: Family) -> bool:
    return _active(user) and user.role in ALLOCATES and families_for(user).filter(pk=family.pk).exists()


def may_edit_team_and_consent(user: User, family: Family) -> bool:
    return (
        _active(user)
        and user.role in EDITS_TEAM_AND_CONSENT
        and families_for(user).filter(pk=family.pk).exists()
    )


def may_read_audit(user: User) -> bool:
    return Section.AUDIT in sections_for(user)


def sees_feed_health(user: User) -> bool:
    """The partner feeds' health (overdue, due soon, fields gone empty): the coordinator and the data manager."""
    return _active(user) and user.role in SEES_FEED_HEALTH


def may_sign_off_claims(user: User) -> bool:
    """Review a period's claim candidates and sign them off (or override): the coordinator."""
    return _active(user) and user.role in SIGNS_OFF_CLAIMS


def may_audit_claims(user: User) -> bool:
    """Draw a sample of signed-off claims and record the spot checks: the auditor."""
    return _active(user) and user.role in AUDITS_CLAIMS


def may_read_evidence_packs(user: User) -> bool:
    """A claim's evidence pack: the coordinator who signs it off and the auditor who checks it."""
    return _active(user) and user.role in READS_EVIDENCE_PACKS


def may_see_insight(user: User) -> bool:
    """The Insight dashboards (figures over the families ``families_for`` gives): managers, the coordinator and
    the data manager. Of them, caseloads and wellbeing need ``may_view_caseloads``, feed health and data quality
    ``sees_feed_health``."""
    return _active(user) and user.role in SEES_INSIGHT


def may_view_caseloads(user: User) -> bool:
    """Caseloads and the team dashboard: the roles that allocate."""
    return _active(user) and user.role in ALLOCATES


def may_see_my_work(user: User) -> bool:
    """ "My work" (what is due in the families one leads): the roles that work on cases; a manager's shows the
    team's (``may_view_caseloads``)."""
    return _active(user) and user.role in WORKS_ON_CASES


def _visible(user: User, family: Family) -> bool:
    return families_for(user).filter(pk=family.pk).exists()


def may_triage(user: User, family: Family) -> bool:
    """The front door (and managers, coordinators) decide the level of need and the route."""
    return _active(user) and user.role in TRIAGES and _visible(user, family)


def _works_on(user: User, family: Family) -> bool:
    return user.role in WORKS_ON_CASES or family.lead_practitioner_id == user.pk


def _adds_notes(user: User, family: Family) -> bool:
    return _works_on(user, family) or user.role == Role.PARTNER


def may_work_on(user: User, family: Family) -> bool:
    """Record the casework (assessment, plan, meetings, reviews, interventions): the lead practitioner and
    the keyworkers of the family's team, the team manager, the coordinator. A partner practitioner who is the
    lead practitioner works on the case too."""
    return _active(user) and _works_on(user, family) and _visible(user, family)


def may_add_case_note(user: User, family: Family) -> bool:
    """Contacts and notes: everyone who works on the case, and partner practitioners in the team around it."""
    return _active(user) and _adds_notes(user, family) and _visible(user, family)


def contact_families(user: User, families: Iterable[Family]) -> set[int]:
    """Which of ``families`` get the "Record a contact" shortcut (the caseload's rows, the family page): those
    whose contact form would let the user in (the casework section and ``may_add_case_note``), so a link never
    leads to a refusal. One query for a whole page of rows."""
    if not _active(user) or Section.JOURNEY not in sections_for(user):
        return set()
    ids = [family.pk for family in families if _adds_notes(user, family)]
    return set(families_for(user).filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()


def may_record_contact(user: User, family: Family) -> bool:
    return family.pk in contact_families(user, [family])


def may_keep_offline(user: User, family: Family) -> bool:
    """Keep an offline copy of ``family`` for visits with poor signal: those who record contacts with it (the
    copy holds its contact form), reading what the family page and plan show them, no more."""
    return may_record_contact(user, family) and Section.PLAN in sections_for(user)


def amendable_notes(user: User, family: Family, notes: Iterable[CaseNote]) -> set[int]:
    """Which of ``family``'s ``notes`` (ones the user may read) the user may amend: their own, or any in the team
    they manage, while they may add notes to the family. Notes are corrected by amendment, never deleted."""
    if not may_add_case_note(user, family):
        return set()
    manages = user.role == Role.TEAM_MANAGER and user.team_id is not None and user.team_id == family.team_id
    return {note.pk for note in notes if manages or note.recorded_by_id == user.pk}


def practitioners_around(family: Family) -> QuerySet[User]:
    """The practitioners working with ``family`` now: the lead practitioner and the team around the family.
    They attend its meetings and may own actions of its plan."""
    today = dt.date.today()
    in_team = Q(
        pk__in=family.team_members.filter(Q(end_date__isnull=True) | Q(end_date__gte=today)).values(
            "practitioner"
        )
    )
    lead = Q(pk=family.lead_practitioner_id) if family.lead_practitioner_id else Q(pk__in=[])
    return User.objects.filter(in_team | lead).order_by("first_name", "last_name", "username")


def may_update_action(user: User, action: PlanAction) -> bool:
    """Change a plan action's progress and add a progress note: whoever works on the case, and the practitioner
    who owns the action (a partner in the team around the family updates their own actions, nothing else of
    the plan), while they may open the family and read the action (``without_sensitive``)."""
    family = action.goal.family
    if not _active(user) or Section.PLAN not in sections_for(user):
        return False
    if may_work_on(user, family):
        return True
    readable = without_sensitive(user, PlanAction.objects.filter(pk=action.pk)).exists()
    return action.owner_user_id == user.pk and readable and _visible(user, family)


def may_decide_steps_and_closure(user: User, family: Family) -> bool:
    """Step up, step down and closure: the lead practitioner's team and manager, or the coordinator."""
    return _active(user) and user.role in DECIDES_STEPS_AND_CLOSURE and _visible(user, family)


def refused(
    user: User,
    family: Family,
    *,
    journey: bool = False,
    section: Section = Section.JOURNEY,
    change: tuple[Permission, str] | None = None,
) -> str | None:
    """What ``user`` may not do to ``family`` (one they may open), in the words of the refusal: "read the
    casework of" without ``section`` (the journey section, or the plan or closure) when ``journey``; the
    action of ``change`` (a permission and, in words, what it allows) when the permission does not hold. None
    when nothing is refused. The page-side gate (``family_gate.py``) and the API's (``api/family_gate.py``)
    both ask here."""
    if journey and section not in sections_for(user):
        return "read the casework of"
    if change is not None and not change[0](user, family):
        return change[1]
    return None


# --- Sensitive needs reach every record linked to them --------------------------------------------------------

_R = TypeVar("_R", bound=Model)


@cache
def sensitive_interventions() -> dict[str, str]:
    """Interventions in the catalogue that work on a sensitive headline (id -> name): a referral to one tells
    of the need as plainly as the need itself."""
    text = resources.files("wholefamily.web.casework").joinpath("data/interventions.yaml").read_text("utf-8")
    return {
        item["id"]: item["name"]
        for item in yaml.safe_load(text)
        if SENSITIVE_HEADLINES & set(item.get("headlines") or ())
    }


@cache
def _sensitive_words() -> tuple[str, ...]:
    """What a casework timeline entry names when it is about a sensitive need: the headline's label ("Plan:
    goal added for Safe from domestic abuse") or an intervention working on it ("Referred to ...")."""
    labels = {h.label for h in load_framework("sf-2022").headlines if h.id in SENSITIVE_HEADLINES}
    return tuple(sorted(labels | set(sensitive_interventions().values())))


def sensitive_records(model: type[Model]) -> Q:
    """The one rule: which rows of ``model`` are sensitive, because they are marked so or because they are
    linked to a sensitive need (its headline, or an intervention working on it)."""
    if model is InterventionReferral:
        return Q(intervention_id__in=sensitive_interventions())
    if model in (CaseNote, Document):
        return Q(sensitive=True)
    if model is TimelineEvent:
        named = reduce(or_, (Q(title__icontains=word) for word in _sensitive_words()))
        return Q(sensitive=True) | (Q(source=Source.CASEWORK) & named)
    if model in (PlanGoal, AssessedNeed):
        return Q(headline__in=SENSITIVE_HEADLINES)
    if model is PlanAction:
        return Q(goal__headline__in=SENSITIVE_HEADLINES)
    raise TypeError(f"No rule for sensitive {model.__name__} rows")


def without_sensitive(user: User, records: QuerySet[_R]) -> QuerySet[_R]:
    """``records`` as ``user`` may read them: all for roles that see sensitive details, else without the
    sensitive ones (``sensitive_records``). Pages and the API read referrals, notes and timelines through it."""
    return records if sees_sensitive(user) else records.exclude(sensitive_records(records.model))
