"""Demo users: one of every role, passwords generated once into an untracked file, families to look at."""

from __future__ import annotations

import datetime as dt
import stat
from pathlib import Path

import pytest

from wholefamily.web.accounts.models import Role, User
from wholefamily.web.casework.access import families_for
from wholefamily.web.casework.models import Family, Membership, Need, Person, Source
from wholefamily.web.demo_users import DEMO_USERS, LOGINS_FILE, create_demo_users, read_logins

pytestmark = pytest.mark.django_db


def _published(count: int) -> list[Family]:
    """Eligible pipeline families with a parent and a child; the third has a need about education."""
    families = []
    for n in range(count):
        family = Family.objects.create(
            warehouse_id=f"F{n}", origin=Source.PIPELINE, eligible=True, priority=n + 1, postcode="WX1 1AA"
        )
        for first, role, born in (
            ("Ada", Membership.Role.PARENT, 1990),
            ("Ben", Membership.Role.CHILD, 2015),
        ):
            person = Person.objects.create(
                warehouse_id=f"P{n}{first}",
                origin=Source.PIPELINE,
                first_name=first,
                surname=f"Demo{n}",
                date_of_birth=dt.date(born, 1, 1),
            )
            Membership.objects.create(family=family, person=person, role=role, source=Source.PIPELINE)
        if n == 2:
            Need.objects.create(
                family=family,
                headline="education",
                headline_label="Getting a good education",
                descriptor_id="persistent_absence",
                descriptor_label="Persistent absence",
                source=Source.PIPELINE,
            )
        families.append(family)
    Family.objects.create(warehouse_id="F-not-eligible", origin=Source.PIPELINE, eligible=False)
    return families


def test_every_role_signs_in_with_the_password_in_the_untracked_file(tmp_path: Path) -> None:
    logins = create_demo_users(tmp_path)
    path = tmp_path / LOGINS_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert {login.username: login.password for login in logins} == read_logins(path)
    assert {User.objects.get(username=login.username).role for login in logins} == set(Role)
    for login in logins:
        assert len(login.password) >= 16
        assert User.objects.get(username=login.username).check_password(login.password)
    assert User.objects.get(username="admin").is_superuser
    assert not User.objects.get(username="keyworker").is_staff


def test_a_second_run_reuses_the_passwords_and_the_allocation(tmp_path: Path) -> None:
    _published(10)
    first = create_demo_users(tmp_path)
    allocated = set(Family.objects.filter(team__isnull=False).values_list("pk", "team", "lead_practitioner"))
    assert create_demo_users(tmp_path) == first
    assert set(Family.objects.filter(team__isnull=False).values_list("pk", "team", "lead_practitioner")) == (
        allocated
    )


def test_new_passwords_when_the_file_is_removed(tmp_path: Path) -> None:
    first = {login.username: login.password for login in create_demo_users(tmp_path)}
    (tmp_path / LOGINS_FILE).unlink()
    second = {login.username: login.password for login in create_demo_users(tmp_path)}
    assert all(first[name] != second[name] for name in first)
    assert User.objects.get(username="coordinator").check_password(second["coordinator"])


def test_each_role_has_families_to_look_at(tmp_path: Path) -> None:
    families = _published(10)
    create_demo_users(tmp_path)
    users = {spec.username: User.objects.get(username=spec.username) for spec in DEMO_USERS}
    visible = {name: set(families_for(user)) for name, user in users.items()}
    keyworkers = set(Family.objects.filter(lead_practitioner=users["keyworker"]))
    assert len(keyworkers) == 3 and keyworkers == visible["keyworker"]
    assert all(f.status == Family.Status.OPEN for f in keyworkers)
    other_team = set(Family.objects.filter(team__isnull=False, lead_practitioner__isnull=True))
    assert len(other_team) == 2 and not other_team & visible["manager"]
    unallocated = set(Family.objects.filter(team__isnull=True))
    assert len(unallocated) == 6 and visible["frontdoor"] == unallocated
    assert visible["manager"] == keyworkers | unallocated
    # The school is in the team around the family with a need about education, with consent to share.
    assert visible["school"] == {families[2]}
    assert visible["coordinator"] == set(Family.objects.all())
    assert visible["admin"] == set()


def test_a_small_authority_keeps_half_its_families_unallocated(tmp_path: Path) -> None:
    _published(3)
    create_demo_users(tmp_path)
    assert Family.objects.filter(team__isnull=False).count() == 1
