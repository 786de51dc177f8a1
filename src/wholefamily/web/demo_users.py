"""Demo users of every role for a synthetic workspace, and enough casework to make each role's view differ.

Passwords are generated on first run into ``<workspace>/.secrets/demo-logins.txt`` (mode 0600, never
committed) and reused on every later run, so a newcomer's sign-ins keep working after ``make demo`` again.
Only for demonstration sites over synthetic data: a real council creates its accounts in the admin site.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.db.models import Exists, OuterRef

from wholefamily.web.accounts import audit
from wholefamily.web.accounts.models import Agency, AuditEntry, Role, Team, User
from wholefamily.web.casework.journey.front_door.allocation import allocate_family
from wholefamily.web.casework.journey.front_door.triage import triage_family
from wholefamily.web.casework.models import Consent, Family, Membership, Referral, Source, TeamMember

LOGINS_FILE = Path(".secrets") / "demo-logins.txt"
TEAMS = ("North locality", "South locality")
#: Families the demo allocates: to the keyworker (as lead, in the first team), and to the second team.
ALLOCATED_TO_KEYWORKER = 3
ALLOCATED_TO_OTHER_TEAM = 2


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: Role
    job_title: str
    sees: str
    team: str = ""
    agency: str = ""


DEMO_USERS = (
    DemoUser(
        "keyworker",
        "Sam",
        "Okafor",
        Role.KEYWORKER,
        "Family keyworker",
        "the families they lead or their team holds",
        team=TEAMS[0],
    ),
    DemoUser(
        "frontdoor",
        "Priya",
        "Shah",
        Role.FRONT_DOOR,
        "Early help front door worker",
        "families not yet allocated to a team",
    ),
    DemoUser(
        "manager",
        "Jo",
        "Whitfield",
        Role.TEAM_MANAGER,
        "Early help team manager",
        "their team's families and those not yet allocated",
        team=TEAMS[0],
    ),
    DemoUser(
        "coordinator",
        "Chris",
        "Adeyemi",
        Role.COORDINATOR,
        "Supporting Families coordinator",
        "every family, and the audit log",
    ),
    DemoUser(
        "datamanager",
        "Lee",
        "Harper",
        Role.DATA_MANAGER,
        "Supporting Families data manager",
        "every family's members, needs and evidence; no sensitive details",
    ),
    DemoUser(
        "school",
        "Morgan",
        "Ellis",
        Role.PARTNER,
        "Designated safeguarding lead, primary school",
        "families whose team includes them and who consent to share with schools",
        agency=Agency.SCHOOL,
    ),
    DemoUser(
        "auditor",
        "Pat",
        "Kowalski",
        Role.AUDITOR,
        "Internal auditor",
        "families with identified needs, read-only",
    ),
    DemoUser(
        "admin",
        "Ravi",
        "Patel",
        Role.ADMINISTRATOR,
        "System administrator",
        "no families; manages accounts in the admin site",
    ),
)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str
    team_or_agency: str
    sees: str


def read_logins(path: Path) -> dict[str, str]:
    """Username -> password from a logins file; nothing when there is none yet."""
    if not path.is_file():
        return {}
    logins: dict[str, str] = {}
    for line in path.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            username, password, *_ = line.split("\t")
            logins[username] = password
    return logins


def _write_logins(path: Path, logins: list[DemoLogin]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.parent.chmod(0o700)
    lines = [
        "# Demo sign-ins for the casework site of this synthetic workspace. Generated on first run and",
        "# reused after; delete this file for new passwords on the next `wholefamily demo`.",
        "# username\tpassword\trole",
        *(f"{login.username}\t{login.password}\t{login.role}" for login in logins),
    ]
    path.touch(mode=0o600, exist_ok=True)
    path.chmod(0o600)
    path.write_text("\n".join(lines) + "\n", "utf-8")


def _user(spec: DemoUser, teams: dict[str, Team], password: str) -> User:
    user, _ = User.objects.update_or_create(
        username=spec.username,
        defaults={
            "first_name": spec.first_name,
            "last_name": spec.last_name,
            "role": spec.role,
            "job_title": spec.job_title,
            "team": teams.get(spec.team),
            "agency": spec.agency,
            "is_staff": spec.role == Role.ADMINISTRATOR,
            "is_superuser": spec.role == Role.ADMINISTRATOR,
            "is_active": True,
        },
    )
    if not user.check_password(password):
        user.set_password(password)
        user.save(update_fields=["password"])
    return user


def _allocate(family: Family, team: Team, lead: User | None, users: dict[str, User]) -> None:
    """The front door accepts the family for early help, then the manager allocates it: to ``lead`` in
    ``team``, or to ``team`` alone to wait for its manager to choose a lead practitioner."""
    needs = family.needs.filter(counted=True).count()
    triage_family(
        family,
        users["frontdoor"],
        {
            "level_of_need": 3 if needs >= 4 else 2,
            "route": Referral.Route.EARLY_HELP,
            "decision_reason": f"Identified from partner data with {needs} needs; the family agreed to support.",
            "consent_to_contact": True,
        },
    )
    if lead is not None:
        allocate_family(family, team, lead, users["manager"])
        return
    family.team = team
    family.save(update_fields=["team", "updated_at"])
    audit.record(
        users["manager"],
        AuditEntry.Action.CHANGE,
        obj=family,
        family_id=family.pk,
        summary=f"Passed to {team} by the demo set-up",
    )


def _allocate_demo_families(users: dict[str, User], teams: dict[str, Team]) -> None:
    """The highest-priority eligible families go to the keyworker and to the other team; the rest wait
    unallocated for the front door and the manager. Done once: later runs keep what people changed."""
    keyworker = users["keyworker"]
    if Family.objects.filter(team__in=teams.values()).exists():
        return
    with_child = Membership.objects.filter(
        family=OuterRef("pk"), role=Membership.Role.CHILD, end_date__isnull=True
    )
    candidates = list(
        Family.objects.filter(origin=Source.PIPELINE, eligible=True, team__isnull=True)
        .filter(Exists(with_child))
        .order_by("priority", "id")[: 2 * (ALLOCATED_TO_KEYWORKER + ALLOCATED_TO_OTHER_TEAM)]
    )
    share = len(candidates) // 2  # leave at least as many unallocated
    mine = candidates[: min(ALLOCATED_TO_KEYWORKER, share)]
    theirs = candidates[len(mine) : share][:ALLOCATED_TO_OTHER_TEAM]
    for family in mine:
        _allocate(family, teams[TEAMS[0]], keyworker, users)
    for family in theirs:
        _allocate(family, teams[TEAMS[1]], None, users)
    if mine:
        # The school belongs in the team around a family with a need about education, where there is one.
        schooling = [f for f in mine if f.needs.filter(headline="education").exists()]
        _school_in_team((schooling or mine)[0], users["school"], keyworker)


def _school_in_team(family: Family, school: User, keyworker: User) -> None:
    """The school joins the team around the family, and a parent consents to share with schools."""
    parent = (
        Membership.objects.filter(family=family, end_date__isnull=True)
        .exclude(role=Membership.Role.CHILD)
        .select_related("person")
        .order_by("role", "id")
        .first()
    )
    TeamMember.objects.create(
        family=family, practitioner=school, agency=school.agency, role_in_team="School safeguarding lead"
    )
    Consent.objects.create(
        family=family,
        given_by=parent.person if parent else None,
        purpose=Consent.Purpose.SHARE,
        agency=school.agency,
        given_on=dt.date.today() - dt.timedelta(days=14),
        how=Consent.How.WRITTEN,
        recorded_by=keyworker,
    )
    audit.record(
        keyworker,
        AuditEntry.Action.CHANGE,
        obj=family,
        family_id=family.pk,
        summary="School added to the team around the family, with consent to share (demo set-up)",
    )


def create_demo_users(workspace_root: Path) -> list[DemoLogin]:
    """Create or update the demo teams and users, allocate a few families, and return the sign-ins."""
    path = workspace_root / LOGINS_FILE
    known = read_logins(path)
    logins: list[DemoLogin] = []
    with transaction.atomic():
        teams = {name: Team.objects.get_or_create(name=name)[0] for name in TEAMS}
        users: dict[str, User] = {}
        for spec in DEMO_USERS:
            password = known.get(spec.username) or secrets.token_urlsafe(12)
            users[spec.username] = _user(spec, teams, password)
            logins.append(
                DemoLogin(
                    username=spec.username,
                    password=password,
                    role=spec.role.label,
                    team_or_agency=spec.team or (Agency(spec.agency).label if spec.agency else ""),
                    sees=spec.sees,
                )
            )
        _allocate_demo_families(users, teams)
    _write_logins(path, logins)
    return logins
