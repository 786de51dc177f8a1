"""The administrator manages accounts and teams and sees no families: not with a token, not in the pages, not
in the admin site, where neither API tokens nor the audit trail are listed (the audit trail is the
coordinator's)."""

from __future__ import annotations

from api_helpers import token_client
from django.contrib.auth.models import Permission
from django.test import Client
from web_world import World

from wholefamily.web.accounts.models import AuditEntry


def test_the_administrators_own_token_reads_no_family_and_is_audited_as_theirs(world: World) -> None:
    client = token_client(world.users["admin"])
    family = world.families["north"]
    for url in (
        f"/api/families/{family.pk}/",
        f"/api/families/{family.pk}/case-notes/",
        f"/api/families/{family.pk}/intervention-referrals/",
    ):
        assert client.get(url).status_code == 404, url
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.DENIED).latest("id")
    assert (entry.username, entry.role, entry.channel) == ("admin", "administrator", "api")
    assert entry.user == world.users["admin"]


def test_the_administrator_opens_no_family_page(world: World, client: Client) -> None:
    client.force_login(world.users["admin"])
    for family in world.families.values():
        assert client.get(f"/families/{family.pk}/").status_code == 404
    assert AuditEntry.objects.filter(username="admin", action=AuditEntry.Action.DENIED).exists()


def test_the_administrator_cannot_search_the_audit_trail_in_the_admin_site(
    world: World, client: Client
) -> None:
    client.force_login(world.users["admin"])
    index = client.get("/admin/").content.decode()
    assert "Users" in index
    assert "Audit entries" not in index and "auditentry" not in index
    assert "Tokens" not in index and "authtoken" not in index
    assert client.get("/admin/accounts/auditentry/?q=kw_north").status_code == 403
    entry = AuditEntry.objects.create(username="kw_north", action=AuditEntry.Action.VIEW)
    assert client.get(f"/admin/accounts/auditentry/{entry.pk}/change/").status_code == 403


def test_a_coordinator_given_the_admin_site_reads_the_audit_trail(world: World, client: Client) -> None:
    coordinator = world.users["coordinator"]
    coordinator.is_staff = True
    coordinator.save()
    coordinator.user_permissions.add(*Permission.objects.filter(codename="view_auditentry"))
    client.force_login(coordinator)
    assert client.get("/admin/accounts/auditentry/?q=kw_north").status_code == 200


def test_the_administrator_cannot_raise_their_own_role(world: World, client: Client) -> None:
    admin = world.users["admin"]
    client.force_login(admin)
    own = client.get(f"/admin/accounts/user/{admin.pk}/change/").content.decode()
    assert 'name="role"' not in own and 'name="is_superuser"' not in own
    other = client.get(f"/admin/accounts/user/{world.users['kw_north'].pk}/change/").content.decode()
    assert 'name="role"' in other
