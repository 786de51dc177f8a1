"""A small council for access tests: two teams, a user of every role, and families in every access situation.

``EXPECTED`` is the access matrix: which user may open which family. Page tests and API tests both check
every cell of it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from wholefamily.web.accounts.models import Agency, Role, Team, User
from wholefamily.web.casework.models import (
    Consent,
    Evidence,
    Family,
    Membership,
    Need,
    Person,
    Source,
    TeamMember,
    TimelineEvent,
)

PASSWORD = "correct-horse-battery-staple"
TODAY = dt.date.today()

USERS: dict[str, dict[str, str]] = {
    "kw_north": {"role": Role.KEYWORKER, "team": "North"},
    "kw_south": {"role": Role.KEYWORKER, "team": "South"},
    "front_door": {"role": Role.FRONT_DOOR},
    "manager_north": {"role": Role.TEAM_MANAGER, "team": "North"},
    "coordinator": {"role": Role.COORDINATOR},
    "data_manager": {"role": Role.DATA_MANAGER},
    "school": {"role": Role.PARTNER, "agency": Agency.SCHOOL},
    "police": {"role": Role.PARTNER, "agency": Agency.POLICE},
    "auditor": {"role": Role.AUDITOR},
    "admin": {"role": Role.ADMINISTRATOR},
}

#: Families: north (allocated to kw_north; school in the team with consent, police in the team without),
#: south (allocated to kw_south's team), unallocated (identified, eligible), not_eligible (identified, no
#: team), withdrawn (north team; school in the team but consent withdrawn).
FAMILIES = ("north", "south", "unallocated", "not_eligible", "withdrawn")

EXPECTED: dict[str, set[str]] = {
    "kw_north": {"north", "withdrawn"},
    "kw_south": {"south"},
    "front_door": {"unallocated", "not_eligible"},
    "manager_north": {"north", "withdrawn", "unallocated", "not_eligible"},
    "coordinator": set(FAMILIES),
    "data_manager": set(FAMILIES),
    "school": {"north"},
    "police": set(),
    "auditor": {"north", "south", "unallocated", "withdrawn"},
    "admin": set(),
}


@dataclass
class World:
    users: dict[str, User]
    families: dict[str, Family]
    people: dict[str, Person]

    def may_open(self, username: str) -> set[str]:
        return EXPECTED[username]


def _family(name: str, *, team: Team | None, lead: User | None, eligible: bool, status: str) -> Family:
    return Family.objects.create(
        warehouse_id=f"F-{name}",
        origin=Source.PIPELINE,
        status=status,
        address=f"1 {name.title()} Road",
        postcode="WX1 1AA",
        eligible=eligible,
        priority=1 if eligible else None,
        team=team,
        lead_practitioner=lead,
    )


def _member(family: Family, first: str, surname: str, born: dt.date, role: str) -> Person:
    person = Person.objects.create(
        warehouse_id=f"P-{family.warehouse_id}-{first}",
        origin=Source.PIPELINE,
        first_name=first,
        surname=surname,
        date_of_birth=born,
        postcode=family.postcode,
    )
    Membership.objects.create(
        family=family, person=person, role=role, start_date=dt.date(2022, 1, 1), source=Source.PIPELINE
    )
    return person


def _needs(family: Family, parent: Person, child: Person) -> None:
    abuse = Need.objects.create(
        family=family,
        headline="domestic_abuse",
        headline_label="Domestic abuse",
        descriptor_id="domestic_abuse_incident",
        descriptor_label="A domestic abuse incident in the household",
        source=Source.PIPELINE,
    )
    abuse.people.add(parent)
    Evidence.objects.create(
        need=abuse,
        person=parent,
        source="police_incidents",
        record_key="INC-1",
        kind="police_incident",
        event_date=dt.date(2026, 5, 1),
        values="incident_type=domestic_abuse; incident_role=victim",
        event_key=f"{family.warehouse_id}:INC-1",
    )
    school = Need.objects.create(
        family=family,
        headline="education",
        headline_label="Getting a good education",
        descriptor_id="persistent_absence",
        descriptor_label="Persistent absence from school",
        source=Source.PIPELINE,
    )
    school.people.add(child)
    Evidence.objects.create(
        need=school,
        person=child,
        source="school_attendance",
        record_key="ATT-1",
        kind="school_attendance",
        event_date=dt.date(2026, 7, 20),
        values="sessions_possible=180; sessions_missed=40",
        event_key=f"{family.warehouse_id}:ATT-1",
    )
    TimelineEvent.objects.create(
        family=family,
        person=parent,
        date=dt.date(2026, 5, 1),
        kind="police_incident",
        title="Police incident: domestic abuse",
        source="police_incidents",
        sensitive=True,
        event_key=f"{family.warehouse_id}:INC-1",
    )
    TimelineEvent.objects.create(
        family=family,
        person=child,
        date=dt.date(2026, 7, 20),
        kind="school_attendance",
        title="Summer term attendance: 40 of 180 sessions missed",
        source="school_attendance",
        event_key=f"{family.warehouse_id}:ATT-1",
    )


def build_world() -> World:
    teams = {name: Team.objects.create(name=name) for name in ("North", "South")}
    users: dict[str, User] = {}
    for username, spec in USERS.items():
        users[username] = User.objects.create_user(
            username,
            password=PASSWORD,
            first_name=username.replace("_", " ").title(),
            role=spec["role"],
            team=teams.get(spec.get("team", "")),
            agency=spec.get("agency", ""),
            is_staff=spec["role"] == Role.ADMINISTRATOR,
            is_superuser=spec["role"] == Role.ADMINISTRATOR,
        )
    open_ = Family.Status.OPEN
    identified = Family.Status.IDENTIFIED
    families = {
        "north": _family("north", team=teams["North"], lead=users["kw_north"], eligible=True, status=open_),
        "south": _family("south", team=teams["South"], lead=users["kw_south"], eligible=True, status=open_),
        "unallocated": _family("unallocated", team=None, lead=None, eligible=True, status=identified),
        "not_eligible": _family("not_eligible", team=None, lead=None, eligible=False, status=identified),
        "withdrawn": _family("withdrawn", team=teams["North"], lead=None, eligible=True, status=open_),
    }
    people: dict[str, Person] = {}
    for name, family in families.items():
        parent = _member(
            family, f"Parent{name.title()}", "Testperson", dt.date(1990, 3, 4), Membership.Role.PARENT
        )
        child = _member(
            family, f"Child{name.title()}", "Testperson", dt.date(2015, 6, 7), Membership.Role.CHILD
        )
        people[f"{name}_parent"], people[f"{name}_child"] = parent, child
        _needs(family, parent, child)
    for name, partner, consent in (
        ("north", "school", True),
        ("north", "police", False),
        ("withdrawn", "school", True),
    ):
        family = families[name]
        user = users[partner]
        TeamMember.objects.create(
            family=family, practitioner=user, agency=user.agency, role_in_team="Partner"
        )
        if consent:
            Consent.objects.create(
                family=family,
                given_by=people[f"{name}_parent"],
                purpose=Consent.Purpose.SHARE,
                agency=user.agency,
                given_on=TODAY - dt.timedelta(days=30),
                how=Consent.How.WRITTEN,
                withdrawn_on=TODAY - dt.timedelta(days=1) if name == "withdrawn" else None,
            )
    return World(users=users, families=families, people=people)
