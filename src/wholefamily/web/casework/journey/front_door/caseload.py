"""Caseloads: each family weighs by its level of need (and size), each worker has a limit in points.

The levels' labels, the weights and the limits come from ``casework/data/caseload.yaml`` (or the file named by
the ``CASELOAD_FILE`` setting). Limits are guidance: passing one gives a warning, never a refusal.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery

from wholefamily.web.accounts.models import Role, User
from wholefamily.web.casework.models import Family, Membership, Referral

#: Families on a worker's caseload: open ones, and those stepped up that they still lead.
HELD = (Family.Status.OPEN, Family.Status.STEPPED_UP)


@dataclass(frozen=True)
class Level:
    number: int
    label: str
    weight: float


@dataclass(frozen=True)
class CaseloadConfig:
    levels: dict[int, Level]
    unknown_level_weight: float
    large_family_children: int
    large_family_extra: float
    role_limits: dict[str, float]
    people_limits: dict[str, float]
    near_limit: float
    review_interval_days: int
    long_case_days: int

    def level_choices(self) -> list[tuple[int, str]]:
        return [(level.number, level.label) for level in self.levels.values()]

    def level_label(self, number: int | None) -> str:
        level = self.levels.get(number) if number is not None else None
        return level.label if level else "Not recorded"

    def weight(self, level: int | None, children: int) -> float:
        known = self.levels.get(level) if level is not None else None
        base = known.weight if known else self.unknown_level_weight
        return base + (self.large_family_extra if children >= self.large_family_children else 0.0)

    def limit_for(self, user: User) -> float | None:
        if user.username in self.people_limits:
            return self.people_limits[user.username]
        return self.role_limits.get(user.role)


def _number(data: dict[str, Any], key: str, where: str) -> float:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ImproperlyConfigured(f"{where}: '{key}' must be a number of zero or more, not {value!r}")
    return float(value)


def parse_config(data: Any, where: str) -> CaseloadConfig:
    """Check a caseload file's contents and build the configuration; a mistake names the file and the key."""
    if not isinstance(data, dict):
        raise ImproperlyConfigured(f"{where}: expected a mapping of settings")
    raw_levels = data.get("levels")
    if not isinstance(raw_levels, dict) or sorted(raw_levels) != [1, 2, 3, 4]:
        raise ImproperlyConfigured(f"{where}: 'levels' must give levels 1, 2, 3 and 4")
    levels: dict[int, Level] = {}
    for number, spec in sorted(raw_levels.items()):
        if not isinstance(spec, dict) or not str(spec.get("label", "")).strip():
            raise ImproperlyConfigured(f"{where}: level {number} needs a label and a weight")
        levels[number] = Level(
            number, str(spec["label"]), _number(spec, "weight", f"{where}, level {number}")
        )
    large = data.get("large_family") or {}
    limits = data.get("limits") or {}
    people = data.get("people") or {}
    if not isinstance(large, dict) or not isinstance(limits, dict) or not isinstance(people, dict):
        raise ImproperlyConfigured(f"{where}: 'large_family', 'limits' and 'people' must be mappings")
    unknown_roles = set(limits) - set(Role.values)
    if unknown_roles:
        raise ImproperlyConfigured(
            f"{where}: 'limits' names roles that do not exist: {sorted(unknown_roles)}"
        )
    return CaseloadConfig(
        levels=levels,
        unknown_level_weight=_number(data, "unknown_level_weight", where),
        large_family_children=int(_number(large, "children", f"{where}, large_family")),
        large_family_extra=_number(large, "extra_weight", f"{where}, large_family"),
        role_limits={role: _number(limits, role, f"{where}, limits") for role in limits},
        people_limits={str(name): _number(people, name, f"{where}, people") for name in people},
        near_limit=_number(data, "near_limit", where),
        review_interval_days=int(_number(data, "review_interval_days", where)),
        long_case_days=int(_number(data, "long_case_days", where)),
    )


@functools.cache
def _load(path: str | None) -> CaseloadConfig:
    if path is None:
        text = resources.files("wholefamily.web.casework").joinpath("data/caseload.yaml").read_text("utf-8")
        return parse_config(yaml.safe_load(text), "caseload.yaml")
    return parse_config(yaml.safe_load(Path(path).read_text("utf-8")), path)


def config() -> CaseloadConfig:
    path = getattr(settings, "CASELOAD_FILE", None)
    return _load(str(path) if path else None)


def with_level(families: QuerySet[Family]) -> QuerySet[Family]:
    """Annotate ``level_of_need`` (from the latest triage) and ``children`` (living at home)."""
    latest_triage = Referral.objects.filter(family=OuterRef("pk"), triaged_at__isnull=False).order_by(
        "-triaged_at", "-id"
    )
    return families.annotate(
        level_of_need=Subquery(latest_triage.values("level_of_need")[:1], output_field=IntegerField()),
        children=Count(
            "memberships",
            filter=Q(
                memberships__role=Membership.Role.CHILD,
                memberships__end_date__isnull=True,
                memberships__resident=True,
            ),
        ),
    )


def family_weight(family: Family) -> float:
    """The weight of one family annotated by ``with_level``."""
    return config().weight(family.level_of_need, family.children)  # type: ignore[attr-defined]


@dataclass
class Caseload:
    worker: User
    families: int
    points: float
    limit: float | None
    by_level: dict[str, int]

    @property
    def state(self) -> str:
        """ "over", "near" or "ok" (and "ok" when the worker has no limit)."""
        if self.limit is None:
            return "ok"
        if self.points > self.limit:
            return "over"
        return "near" if self.points >= self.limit * config().near_limit else "ok"

    @property
    def state_label(self) -> str:
        return {"over": "Over the limit", "near": "Near the limit", "ok": "Within the limit"}[self.state]

    def as_dict(self) -> dict[str, Any]:
        worker = self.worker
        return {
            "worker_id": worker.pk,
            "username": worker.username,
            "name": str(worker),
            "role": worker.role,
            "team": worker.team.name if worker.team else None,
            "families": self.families,
            "points": self.points,
            "limit": self.limit,
            "state": self.state,
            "by_level": self.by_level,
        }


def caseloads(workers: QuerySet[User]) -> list[Caseload]:
    """The caseload of each worker (every family they lead that is open or stepped up), heaviest first."""
    cfg = config()
    workers = workers.select_related("team")
    loads = {w.pk: Caseload(w, 0, 0.0, cfg.limit_for(w), {}) for w in workers}
    held = with_level(Family.objects.filter(status__in=HELD, lead_practitioner__in=list(loads)))
    for family in held.only("pk", "lead_practitioner_id"):
        load = loads[family.lead_practitioner_id]  # type: ignore[index]
        load.families += 1
        load.points += family_weight(family)
        label = cfg.level_label(family.level_of_need)  # type: ignore[attr-defined]
        load.by_level[label] = load.by_level.get(label, 0) + 1
    return sorted(loads.values(), key=lambda c: (-c.points, str(c.worker)))


def workers_for(user: User) -> QuerySet[User]:
    """Whose caseloads a manager sees: the keyworkers of their team and anyone leading one of the team's
    families (partner practitioners). A coordinator sees every keyworker and every lead practitioner."""
    leads = Family.objects.filter(status__in=HELD, lead_practitioner__isnull=False)
    keyworkers = Q(role=Role.KEYWORKER, is_active=True)
    if user.role == Role.TEAM_MANAGER:
        if not user.team_id:
            return User.objects.none()
        leads = leads.filter(team=user.team)
        keyworkers &= Q(team=user.team)
    lead_ids = leads.values("lead_practitioner_id")
    return User.objects.filter(keyworkers | Q(pk__in=lead_ids)).order_by(
        "first_name", "last_name", "username"
    )


def caseload_of(worker: User) -> Caseload:
    return caseloads(User.objects.filter(pk=worker.pk))[0]
