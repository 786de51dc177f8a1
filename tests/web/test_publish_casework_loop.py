"""Casework back into linkage and out again: a family and people recorded by hand go to the pipeline with
``export-casework``, and ``publish`` then matches the warehouse family and people to them instead of creating
them a second time."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import duckdb
import pytest
from test_export_casework import DAY, _invoke, _refer, generated  # noqa: F401 - generated is a fixture
from web_world import World

from wholefamily.publish.extract import read_extract
from wholefamily.publish.records import Extract, FamilyRecord, MemberRecord, PersonRecord
from wholefamily.web.accounts.models import User
from wholefamily.web.casework.models import Family, Person, Source, Suggestion
from wholefamily.web.warehouse_sync.casework_extract import export_casework
from wholefamily.web.warehouse_sync.publish import publish_extract
from wholefamily.workspace import Workspace


def _resident_in_need(workspace: Workspace) -> dict[str, Any]:
    """A parent of the synthetic truth named in two partner sources, from the household with the most open
    needs (so that identify finds needs and publish takes the family)."""
    truth = workspace.truth
    with duckdb.connect() as con:
        row = con.execute(
            f"""
        WITH named AS (
            SELECT person_id FROM '{truth / "mentions.parquet"}' GROUP BY person_id
            HAVING count(DISTINCT source) >= 2
        ), needs AS (
            SELECT family_id, count(DISTINCT headline) AS headlines FROM '{truth / "needs.parquet"}'
            WHERE end_date IS NULL GROUP BY family_id
        ), home AS (
            SELECT m.person_id, m.family_id, a.line1, a.postcode
            FROM '{truth / "memberships.parquet"}' m JOIN '{truth / "addresses.parquet"}' a USING (address_id)
            WHERE m.end_date IS NULL AND m.role IN ('mother', 'father', 'parent', 'lone_parent')
        )
        SELECT p.person_id, p.first_name, p.surname, p.dob, h.line1, h.postcode
        FROM '{truth / "people.parquet"}' p JOIN named USING (person_id) JOIN home h USING (person_id)
        JOIN needs n USING (family_id)
        WHERE p.dob IS NOT NULL ORDER BY n.headlines DESC, p.person_id LIMIT 1
        """
        ).fetchone()
    assert row is not None, "the generated authority has no parent in need named by two sources"
    return dict(zip(("truth_id", "first_name", "surname", "dob", "address", "postcode"), row, strict=True))


def _typed(family: Family) -> dict[int, tuple[str, str, dt.date | None]]:
    return {
        m.person.pk: (m.person.first_name, m.person.surname, m.person.date_of_birth)
        for m in family.memberships.select_related("person")
    }


@pytest.mark.slow
def test_publish_matches_the_family_and_people_recorded_by_hand(
    world: World,
    generated: Workspace,  # noqa: F811 - the fixture imported above
    tmp_path: Path,
) -> None:
    workspace = Workspace(tmp_path / "ws")
    shutil.copytree(generated.root, workspace.root)
    resident = _resident_in_need(workspace)
    family = _refer(
        world.users["kw_north"],
        resident["postcode"],
        resident["address"],
        (resident["first_name"], resident["surname"], resident["dob"], "parent"),
        ("Newborn", resident["surname"], dt.date(2026, 10, 20), "child"),
        ("Jordan", "Elsewhere", dt.date(1985, 7, 8), "non_resident_parent"),
    )
    typed, address = _typed(family), (family.address, family.postcode)
    export_casework(workspace, DAY)
    _invoke("ingest", "--workspace", str(workspace.root))
    _invoke("link", "--workspace", str(workspace.root))
    _invoke("identify", "--workspace", str(workspace.root), "--as-of", DAY.isoformat())
    extract = read_extract(workspace, "sf-2022", "with-needs")
    claims = [f for f in extract.families if family.reference in f.casework_families]
    assert len(claims) == 1, "the referral's household should be one family with needs"
    household = claims[0]
    by_casework_id = {i: p.warehouse_id for p in extract.people for i in p.casework_ids}
    assert set(by_casework_id) == {str(pk) for pk in typed}

    result = publish_extract(extract)

    family.refresh_from_db()
    assert family.warehouse_id == household.warehouse_id
    assert (family.origin, family.status, family.address, family.postcode) == (
        Source.CASEWORK,
        Family.Status.REFERRED,
        *address,
    )  # what the keyworker recorded stays; what the pipeline knows is added
    assert (family.priority, family.identify_run) == (household.priority, extract.identify_run)
    assert Family.objects.count() == len(extract.families) + len(world.families)
    people = Person.objects.in_bulk(list(typed))
    assert {pk: str(p.warehouse_id) for pk, p in people.items()} == {
        pk: by_casework_id[str(pk)] for pk in typed
    }
    assert {pk: (p.first_name, p.surname, p.date_of_birth) for pk, p in people.items()} == typed
    assert not Person.objects.filter(
        first_name__iexact=resident["first_name"], surname__iexact=resident["surname"], origin=Source.PIPELINE
    ).exists(), "the resident must not be created a second time"
    history = Person.history.filter(id__in=list(typed), warehouse_id__isnull=False)  # type: ignore[attr-defined]
    assert history.count() == len(typed)
    members = {m.person.warehouse_id: m for m in family.memberships.select_related("person")}
    household_members = {m.person_id for m in extract.members if m.family_id == household.warehouse_id}
    assert set(members) == household_members
    assert all(m.end_date is None for m in members.values())
    assert {m.person_id for m in members.values() if m.source == Source.CASEWORK} == set(typed)
    assert family.needs.filter(source=Source.PIPELINE).exists()
    assert (result.counts["families_matched_to_casework"], result.counts["people_matched_to_casework"]) == (
        1,
        len(typed),
    )

    again = publish_extract(extract)
    assert not again.changed, again.counts


# the load on its own, with extracts made by hand --------------------------------------------------------------


def _family(warehouse_id: str, **casework: int) -> FamilyRecord:
    return FamilyRecord(
        warehouse_id=warehouse_id,
        address="99 Partner Data Road",
        postcode="WX9 9PD",
        eligible=True,
        priority=1,
        priority_reason="two headlines",
        flags=[{"flag": "test", "detail": "from formation"}],
        casework_families=casework,
    )


def _person(warehouse_id: str, first_name: str, *casework_ids: int) -> PersonRecord:
    return PersonRecord(
        warehouse_id=warehouse_id,
        first_name=first_name,
        surname="Partner-Data",
        date_of_birth=dt.date(1980, 1, 1),
        sex="female",
        ethnicity="",
        nhs_number="",
        address="99 Partner Data Road",
        postcode="WX9 9PD",
        casework_ids=[str(pk) for pk in casework_ids],
    )


def _extract(families: list[FamilyRecord], people: list[PersonRecord], members: dict[str, str]) -> Extract:
    """``members``: warehouse person id -> warehouse family id."""
    return Extract(
        identify_run="01TESTIDENTIFY",
        framework="sf-2022",
        as_of=DAY,
        link_run="01TESTLINK",
        scope="eligible",
        families=families,
        standing=[],
        people=people,
        members=[MemberRecord(f, p, "parent", True, DAY, ["stated"]) for p, f in members.items()],
        needs=[],
        evidence=[],
        timeline=[],
    )


def _referral(user: User, *names: str) -> tuple[Family, list[Person]]:
    family = _refer(user, "WX2 3BD", "12 Example Street", *((n, "Typed", None, "parent") for n in names))
    return family, [family.memberships.get(person__first_name=n).person for n in names]


def test_the_family_most_of_its_members_name_takes_an_allocated_casework_family(world: World) -> None:
    keyworker = world.users["kw_north"]
    family, (ann, bob, cy) = _referral(keyworker, "Ann", "Bob", "Cy")
    Family.objects.filter(pk=family.pk).update(lead_practitioner=keyworker)
    extract = _extract(
        [_family("W1", **{family.reference: 2}), _family("W2", **{family.reference: 1})],
        [
            _person("P-ann", "Anne", ann.pk),
            _person("P-bob", "Robert", bob.pk),
            _person("P-cy", "Cyril", cy.pk),
            _person("P-new", "Dee"),
        ],
        {"P-ann": "W1", "P-bob": "W1", "P-new": "W1", "P-cy": "W2"},
    )

    result = publish_extract(extract)

    family.refresh_from_db()
    assert (family.warehouse_id, family.address, family.postcode) == ("W1", "12 Example Street", "WX2 3BD")
    assert (family.eligible, family.priority, family.flags) == (True, 1, extract.families[0].flags)
    other = Family.objects.get(warehouse_id="W2")
    assert other.origin == Source.PIPELINE and other.address == "99 Partner Data Road"
    assert {p.pk: (p.warehouse_id, p.first_name) for p in Person.objects.filter(origin=Source.CASEWORK)} == {
        ann.pk: ("P-ann", "Ann"),
        bob.pk: ("P-bob", "Bob"),
        cy.pk: ("P-cy", "Cy"),
    }
    # allocated: the member partner data adds is a suggestion; Cy, elsewhere in partner data, stays a member
    assert set(family.memberships.filter(end_date__isnull=True).values_list("person_id", "source")) == {
        (ann.pk, Source.CASEWORK),
        (bob.pk, Source.CASEWORK),
        (cy.pk, Source.CASEWORK),
    }
    assert list(Suggestion.objects.filter(family=family).values_list("kind", "key")) == [
        (Suggestion.Kind.NEW_MEMBER, "P-new")
    ]
    assert other.memberships.get().person == cy
    assert (result.counts["families_matched_to_casework"], result.counts["families_created"]) == (1, 1)
    assert (result.counts["people_matched_to_casework"], result.counts["people_created"]) == (3, 1)
    assert not publish_extract(extract).changed


def test_only_casework_people_without_a_warehouse_id_are_matched_and_only_once(world: World) -> None:
    family, (ann, bob) = _referral(world.users["kw_north"], "Ann", "Bob")
    Person.objects.filter(pk=bob.pk).update(warehouse_id="P-bob-before")
    pipeline_person = world.people[next(iter(world.people))]
    extract = _extract(
        [_family("W1")],
        [
            _person("P-a1", "Anne", ann.pk),
            _person("P-a2", "Ann", ann.pk),
            _person("P-b", "Robert", bob.pk),
            _person("P-x", "Ex", pipeline_person.pk, 999_999),
        ],
        {"P-a1": "W1", "P-a2": "W1", "P-b": "W1", "P-x": "W1"},
    )

    result = publish_extract(extract)

    assert Person.objects.get(pk=ann.pk).warehouse_id == "P-a1"  # the first of the two who claim her
    assert Person.objects.get(pk=bob.pk).warehouse_id == "P-bob-before"
    assert set(
        Person.objects.filter(warehouse_id__in=["P-a2", "P-b", "P-x"]).values_list("origin", flat=True)
    ) == {Source.PIPELINE}
    assert Family.objects.get(warehouse_id="W1").origin == Source.PIPELINE  # W1 named no casework family
    assert family.memberships.count() == 2 and Family.objects.get(pk=family.pk).warehouse_id is None
    assert (result.counts["people_matched_to_casework"], result.counts["people_created"]) == (1, 3)
