"""The API's access matrix: every user x every family and person, with token authentication."""

from __future__ import annotations

from api_helpers import all_results, token_client
from web_world import EXPECTED, World

from wholefamily.web.accounts.models import AuditEntry
from wholefamily.web.casework.access import Section, sections_for


def test_each_user_opens_exactly_the_families_the_matrix_allows(world: World) -> None:
    for username, user in world.users.items():
        client = token_client(user)
        for name, family in world.families.items():
            response = client.get(f"/api/families/{family.pk}/")
            allowed = name in EXPECTED[username]
            assert response.status_code == (200 if allowed else 404), (username, name)
            if allowed:
                assert response.json()["reference"] == family.reference
            else:
                assert response.json() == {"detail": "Not found."}
            entry = AuditEntry.objects.filter(user=user).latest("id")
            assert (entry.action, entry.family_id, entry.channel) == (
                "view" if allowed else "denied",
                family.pk,
                "api",
            ), (username, name)


def test_family_list_is_exactly_the_visible_set(world: World) -> None:
    for username, user in world.users.items():
        listed = {f["id"] for f in all_results(token_client(user), "/api/families/", limit=2)}
        assert listed == {world.families[name].pk for name in EXPECTED[username]}, username
        search = AuditEntry.objects.filter(user=user, action="search").latest("id")
        assert search.channel == "api" and search.detail["count"] == len(EXPECTED[username])


def test_people_are_exactly_the_members_of_visible_families(world: World) -> None:
    for username, user in world.users.items():
        client = token_client(user)
        reads_members = Section.MEMBERS in sections_for(user)
        expected = {
            person.pk
            for key, person in world.people.items()
            if reads_members and key.rsplit("_", 1)[0] in EXPECTED[username]
        }
        assert {p["id"] for p in all_results(client, "/api/people/")} == expected, username
        for key, person in world.people.items():
            response = client.get(f"/api/people/{person.pk}/")
            assert response.status_code == (200 if person.pk in expected else 404), (username, key)
            if person.pk in expected:
                family = world.families[key.rsplit("_", 1)[0]]
                assert [m["family"] for m in response.json()["families"]] == [family.pk]


def test_a_person_shows_only_memberships_of_families_the_user_may_open(world: World) -> None:
    from wholefamily.web.casework.models import Membership, Source

    person = world.people["north_child"]
    Membership.objects.create(
        family=world.families["south"], person=person, role="child", source=Source.CASEWORK
    )
    north_only = token_client(world.users["kw_north"]).get(f"/api/people/{person.pk}/").json()
    assert [m["reference"] for m in north_only["families"]] == [world.families["north"].reference]
    both = token_client(world.users["coordinator"]).get(f"/api/people/{person.pk}/").json()
    assert len(both["families"]) == 2
    viewed = AuditEntry.objects.filter(user=world.users["kw_north"], action="view").latest("id")
    assert viewed.object_type == "person" and viewed.detail == {"families": [world.families["north"].pk]}


def test_family_list_filters(world: World) -> None:
    client = token_client(world.users["coordinator"])

    def names(**params: str) -> set[str]:
        ids = {f["id"] for f in all_results(client, "/api/families/", **params)}
        return {name for name, family in world.families.items() if family.pk in ids}

    assert names(status="open") == {"north", "south", "withdrawn"}
    assert names(eligible="false") == {"not_eligible"}
    assert names(eligible="true", status="identified") == {"unallocated"}
    assert names(postcode="wx11aa") == set(world.families)
    assert names(postcode="WX1") == set(world.families)
    assert names(postcode="WX2") == set()
    north = world.families["north"]
    assert names(q=north.reference) == names(q=f"wf{north.pk}") == names(q=str(north.pk)) == {"north"}
    assert names(q="Smith") == set()
    # filters never widen access: the south family's reference finds nothing for the north keyworker
    south = world.families["south"].reference
    assert all_results(token_client(world.users["kw_north"]), "/api/families/", q=south) == []


def test_people_search(world: World) -> None:
    client = token_client(world.users["kw_north"])

    def found(**params: str) -> set[str]:
        return {p["full_name"] for p in all_results(client, "/api/people/", **params)}

    assert found(name="childnorth") == {"ChildNorth Testperson"}
    assert found(name="testperson parent") == {"ParentNorth Testperson", "ParentWithdrawn Testperson"}
    assert found(date_of_birth="2015-06-07") == {"ChildNorth Testperson", "ChildWithdrawn Testperson"}
    assert found(postcode="WX1 1AA", name="south") == set()
