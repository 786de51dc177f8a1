"""axe-core finds no WCAG 2.2 AA violation on any page of the administration site the administrator can reach:
the index, and for each registered model its list, add, change, history and delete confirmation pages (those
the administrator is allowed; the others answer 403 and are not pages of theirs)."""

from __future__ import annotations

from collections.abc import Callable

from browser_helpers import axe_violations
from django.contrib import admin
from django.test import Client
from playwright.sync_api import Page
from web_world import World

from wholefamily.web.accounts.models import User

SignIn = Callable[[Page, User], None]


def _admin_pages(world: World) -> list[str]:
    """Every admin page the administrator gets a 200 for, with a row of each model to change."""
    client = Client()
    client.force_login(world.users["admin"])
    urls = ["/admin/", "/admin/password_change/", "/admin/accounts/"]
    for model in admin.site._registry:
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        urls += [base, base + "add/", base + "?q=north"]
        row = model._default_manager.order_by("pk").first()
        if row is not None:
            urls += [f"{base}{row.pk}/change/", f"{base}{row.pk}/history/", f"{base}{row.pk}/delete/"]
    urls.append(f"/admin/accounts/user/{world.users['kw_north'].pk}/password/")
    return [url for url in urls if client.get(url).status_code == 200]


def test_the_administrator_reaches_the_pages_for_users_and_teams(world: World) -> None:
    pages = _admin_pages(world)
    user = world.users["kw_north"].pk
    for url in [
        "/admin/",
        "/admin/accounts/user/",
        "/admin/accounts/user/add/",
        f"/admin/accounts/user/{user}/change/",
        f"/admin/accounts/user/{user}/delete/",
        "/admin/accounts/team/",
        "/admin/accounts/team/add/",
    ]:
        assert url in pages
    assert not any(url.startswith("/admin/accounts/auditentry/") for url in pages)


def test_admin_pages_have_no_accessibility_violations(axe_page: Page, world: World, sign_in: SignIn) -> None:
    sign_in(axe_page, world.users["admin"])
    found = {}
    for url in _admin_pages(world):
        response = axe_page.goto(url)
        assert response is not None and response.status == 200, url
        violations = axe_violations(axe_page)
        if violations:
            found[url] = violations
    assert found == {}, "\n".join(f"{url}: {v}" for url, vs in found.items() for v in vs)
