"""Every user of every role against every family and person page: 200 or 404 as the access matrix says, and
one audit entry ("view" or "denied") for each request."""

from __future__ import annotations

from django.test import Client
from web_world import EXPECTED, USERS, World

from wholefamily.web.accounts.models import AuditEntry


def test_family_pages_follow_the_access_matrix_and_are_audited(world: World, client: Client) -> None:
    for username in USERS:
        user = world.users[username]
        client.force_login(user)
        for name, family in world.families.items():
            response = client.get(f"/families/{family.pk}/")
            allowed = name in EXPECTED[username]
            assert response.status_code == (200 if allowed else 404), (username, name)
            entries = AuditEntry.objects.filter(user=user, family_id=family.pk)
            assert [e.action for e in entries] == ["view" if allowed else "denied"], (username, name)
            assert entries[0].object_type == "family" and entries[0].channel == "web"
            if allowed:
                assert family.reference in response.content.decode()
            else:
                assert (
                    b"Page not found" in response.content
                    and family.reference.encode() not in response.content
                )


def test_person_pages_follow_the_access_matrix_and_are_audited(world: World, client: Client) -> None:
    for username in ("kw_north", "front_door", "school", "police", "auditor", "admin"):
        user = world.users[username]
        client.force_login(user)
        for key, person in world.people.items():
            family_name = key.rsplit("_", 1)[0]
            allowed = family_name in EXPECTED[username]
            response = client.get(f"/people/{person.pk}/")
            assert response.status_code == (200 if allowed else 404), (username, key)
            entry = AuditEntry.objects.filter(user=user, object_type="person", object_id=str(person.pk)).get()
            assert entry.action == ("view" if allowed else "denied")
            if allowed:
                assert entry.family_id == world.families[family_name].pk
                assert person.full_name in response.content.decode()


def test_a_person_page_lists_only_families_the_user_may_open(world: World, client: Client) -> None:
    person = world.people["north_parent"]
    world.families["south"].memberships.create(person=person, role="parent", source="casework")
    client.force_login(world.users["kw_north"])
    page = client.get(f"/people/{person.pk}/").content.decode()
    assert world.families["north"].reference in page
    assert world.families["south"].reference not in page
    client.force_login(world.users["coordinator"])
    page = client.get(f"/people/{person.pk}/").content.decode()
    assert world.families["north"].reference in page and world.families["south"].reference in page


def test_nhs_number_shows_only_to_roles_that_see_sensitive_details(world: World, client: Client) -> None:
    person = world.people["north_parent"]
    person.nhs_number = "9434765919"
    person.save()
    client.force_login(world.users["kw_north"])
    assert "943 476 5919" in client.get(f"/people/{person.pk}/").content.decode()
    client.force_login(world.users["data_manager"])
    page = client.get(f"/people/{person.pk}/").content.decode()
    assert "NHS number" not in page and "5919" not in page


def test_signed_out_visitors_are_sent_to_sign_in(world: World, client: Client) -> None:
    response = client.get(f"/families/{world.families['north'].pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/sign-in/")
    assert not AuditEntry.objects.filter(action="view").exists()


def test_unknown_family_is_a_govuk_404_and_is_audited(world: World, client: Client) -> None:
    client.force_login(world.users["coordinator"])
    response = client.get("/families/999999/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "<title>Page not found – Supporting Families casework</title>" in page
    assert 'class="govuk-heading-l">Page not found</h1>' in page
    assert AuditEntry.objects.filter(action="denied", family_id=999999).exists()
