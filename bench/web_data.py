"""Fill a casework database with a county's worth of synthetic families for the web benchmark.

Everyone is invented here: names from small lists, dates from a seeded generator. Rows go in with the ORM's
``bulk_create`` in batches, so the loader follows the models as they change.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass

from wholefamily.web.accounts.models import Role, Team, User
from wholefamily.web.casework.models import (
    Evidence,
    Family,
    Membership,
    Need,
    Person,
    Source,
    TimelineEvent,
)

FIRST = [
    "Amelia",
    "Oliver",
    "Isla",
    "Noah",
    "Ava",
    "Leo",
    "Mia",
    "Arthur",
    "Ivy",
    "Freddie",
    "Grace",
    "Alfie",
]
SURNAMES = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel", "Khan"]
STREETS = ["Ash Way", "Birch Avenue", "Bridge Mews", "Holly View", "Mill Lane", "Church Road", "Park Street"]
HEADLINES = [
    ("education", "Getting a good education", "persistent_absence", "Persistent absence from school"),
    (
        "crime",
        "Crime prevention and tackling crime",
        "adult_offending",
        "An adult in the family has offended",
    ),
    ("financial_stability", "Improved financial stability", "out_of_work", "An adult is out of work"),
    ("domestic_abuse", "Safe from domestic abuse", "domestic_abuse_incident", "A domestic abuse incident"),
    ("housing", "Secure housing", "homelessness_risk", "At risk of homelessness"),
]
BATCH = 5_000


@dataclass(frozen=True)
class LoadedCounty:
    families: int
    keyworkers: list[str]
    coordinator: str


def _batches(rows: list[Person]) -> Iterator[list[Person]]:
    for start in range(0, len(rows), BATCH):
        yield rows[start : start + BATCH]


def load_county(families: int, *, keyworkers: int = 2_000, seed: int = 1) -> LoadedCounty:
    """Teams, keyworkers (each the lead for a caseload), a coordinator, and ``families`` families with four
    members, three needs with two evidence rows each, and ten timeline events."""
    rng = random.Random(seed)
    # Teams of about ten keyworkers, as in a locality early help team.
    teams = Team.objects.bulk_create([Team(name=f"Team {i:03d}") for i in range(max(1, keyworkers // 10))])
    workers = User.objects.bulk_create(
        [
            User(username=f"kw{i:04d}", role=Role.KEYWORKER, team=teams[i % len(teams)], password="!")
            for i in range(keyworkers)
        ]
    )
    User.objects.create(username="coordinator", role=Role.COORDINATOR, password="!")
    created = 0
    while created < families:
        chunk = min(BATCH // 4, families - created)
        _load_chunk(rng, chunk, created, teams, workers)
        created += chunk
    return LoadedCounty(families, [w.username for w in workers], "coordinator")


def _load_chunk(rng: random.Random, n: int, offset: int, teams: list[Team], workers: list[User]) -> None:
    family_rows = []
    for i in range(n):
        allocated = rng.random() < 0.8
        worker = workers[rng.randrange(len(workers))] if allocated else None
        family_rows.append(
            Family(
                warehouse_id=f"FB{offset + i:08d}",
                origin=Source.PIPELINE,
                status=Family.Status.OPEN if allocated else Family.Status.IDENTIFIED,
                address=f"{rng.randint(1, 200)} {rng.choice(STREETS)}",
                postcode=f"WX{rng.randint(1, 9)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJ')}{rng.choice('LNPQRSTU')}",
                eligible=True,
                priority=offset + i + 1,
                team=worker.team if worker else None,
                lead_practitioner=worker,
            )
        )
    saved = Family.objects.bulk_create(family_rows)
    people: list[Person] = []
    roles: list[tuple[Family, str]] = []
    for family in saved:
        surname = rng.choice(SURNAMES)
        for role, born_year in (("parent", 1985), ("partner", 1983), ("child", 2012), ("child", 2016)):
            people.append(
                Person(
                    warehouse_id=f"PB{family.warehouse_id}{len(people) % 4}",
                    origin=Source.PIPELINE,
                    first_name=rng.choice(FIRST),
                    surname=surname,
                    date_of_birth=dt.date(
                        born_year + rng.randint(-3, 3), rng.randint(1, 12), rng.randint(1, 28)
                    ),
                    postcode=family.postcode,
                )
            )
            roles.append((family, role))
    for batch in _batches(people):
        Person.objects.bulk_create(batch)
    Membership.objects.bulk_create(
        [
            Membership(
                family=family,
                person=person,
                role=role,
                start_date=dt.date(2023, 1, 1),
                source=Source.PIPELINE,
            )
            for person, (family, role) in zip(people, roles, strict=True)
        ],
        batch_size=BATCH,
    )
    needs = []
    for family in saved:
        for headline, label, descriptor, descriptor_label in rng.sample(HEADLINES, 3):
            needs.append(
                Need(
                    family=family,
                    headline=headline,
                    headline_label=label,
                    descriptor_id=descriptor,
                    descriptor_label=descriptor_label,
                    source=Source.PIPELINE,
                )
            )
    Need.objects.bulk_create(needs, batch_size=BATCH)
    members = {family.pk: people[k * 4 : k * 4 + 4] for k, family in enumerate(saved)}
    through = Need.people.through
    through.objects.bulk_create(
        [through(need_id=need.pk, person_id=members[need.family_id][0].pk) for need in needs],
        batch_size=BATCH,
    )
    Evidence.objects.bulk_create(
        [
            Evidence(
                need=need,
                person=members[need.family_id][j],
                source="bench_source",
                record_key=f"R{need.pk}-{j}",
                kind="service_contact",
                event_date=dt.date(2026, rng.randint(1, 10), rng.randint(1, 28)),
                values="contact_reason=bench",
                event_key=f"{need.pk}:{j}",
            )
            for need in needs
            for j in range(2)
        ],
        batch_size=BATCH,
    )
    TimelineEvent.objects.bulk_create(
        [
            TimelineEvent(
                family=family,
                person=members[family.pk][j % 4],
                date=dt.date(2026, rng.randint(1, 10), rng.randint(1, 28)),
                kind="service_contact",
                title="Service contact",
                source="bench_source",
                sensitive=j == 0,
                event_key=f"{family.pk}:{j}",
            )
            for family in saved
            for j in range(10)
        ],
        batch_size=BATCH,
    )
