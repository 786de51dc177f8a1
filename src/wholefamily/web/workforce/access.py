"""Who may see and record supervision, case audits and training.

| role | supervision | case audits | training |
|---|---|---|---|
| keyworker, front door worker | their own sessions (read) | of families they lead (read) | their own (read, record) |
| team manager | record and read their team's workers' | record and read their team's families' | their team's (read, record) |
| coordinator | all | all | all |
| partner, data manager, auditor, administrator | none | none | none |

A manager's team is the workers of their team (and the manager); a family's team is the team it is allocated
to. Every page asks here, and reads records only through the ``*_for`` queries."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from wholefamily.web.accounts.models import Role, User
from wholefamily.web.casework import access as casework_access
from wholefamily.web.casework.models import Family
from wholefamily.web.workforce.models import CaseAudit, Supervision, TrainingRecord

WORKERS = frozenset({Role.KEYWORKER, Role.FRONT_DOOR})
MANAGES = frozenset({Role.TEAM_MANAGER, Role.COORDINATOR})
WORKFORCE = WORKERS | MANAGES


def _active(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active)


def _manager_without_team(user: User) -> bool:
    return user.role == Role.TEAM_MANAGER and not user.team_id


def may_use(user: User) -> bool:
    """The workforce pages at all: workers read their own records, managers and the coordinator their team's."""
    return _active(user) and user.role in WORKFORCE


def may_manage(user: User) -> bool:
    """Record supervision and case audits: team managers (of a team) and the coordinator."""
    return _active(user) and user.role in MANAGES and not _manager_without_team(user)


def team_of(user: User) -> QuerySet[User]:
    """The workers whose records ``user`` manages: a manager's team (the manager included), or everyone in the
    workforce for the coordinator; nobody for anyone else."""
    workforce = User.objects.filter(role__in=WORKFORCE, is_active=True)
    if not may_manage(user):
        return User.objects.none()
    if user.role == Role.TEAM_MANAGER:
        workforce = workforce.filter(team=user.team)
    return workforce.order_by("first_name", "last_name", "username")


def supervisees_for(user: User) -> QuerySet[User]:
    """Whom ``user`` may record a supervision session with: the keyworkers and front door workers they manage."""
    return team_of(user).filter(role__in=WORKERS)


def _readable(user: User, own: Q, team: Q) -> Q | None:
    """The filter of records ``user`` may read: all (coordinator), the team's (manager), their ``own``
    (worker); None for no record at all."""
    if not may_use(user):
        return None
    if user.role == Role.COORDINATOR:
        return Q()
    if user.role == Role.TEAM_MANAGER:
        return team if user.team_id else None
    return own


def supervisions_for(user: User) -> QuerySet[Supervision]:
    rule = _readable(user, Q(worker=user), Q(worker__team=user.team_id) | Q(worker=user))
    return Supervision.objects.none() if rule is None else Supervision.objects.filter(rule)


def audits_for(user: User) -> QuerySet[CaseAudit]:
    rule = _readable(user, Q(family__lead_practitioner=user), Q(family__team=user.team_id))
    return CaseAudit.objects.none() if rule is None else CaseAudit.objects.filter(rule)


def training_for(user: User) -> QuerySet[TrainingRecord]:
    rule = _readable(user, Q(worker=user), Q(worker__team=user.team_id) | Q(worker=user))
    return TrainingRecord.objects.none() if rule is None else TrainingRecord.objects.filter(rule)


def families_to_audit(user: User) -> QuerySet[Family]:
    """The families ``user`` may audit: the allocated families they may open, of their team for a manager."""
    if not may_manage(user):
        return Family.objects.none()
    families = casework_access.families_for(user).filter(team__isnull=False)
    return families.filter(team=user.team) if user.role == Role.TEAM_MANAGER else families


def families_of(worker: User) -> QuerySet[Family]:
    """The families a supervision of ``worker`` may discuss: those the worker leads, and only those."""
    return Family.objects.filter(lead_practitioner=worker).order_by("id")


def trainees_for(user: User) -> QuerySet[User]:
    """Whose training ``user`` may record: their own (a worker), their team's (a manager), anyone's (the
    coordinator)."""
    if not may_use(user):
        return User.objects.none()
    return team_of(user) if may_manage(user) else User.objects.filter(pk=user.pk)
