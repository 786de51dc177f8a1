"""A council's service: no Crown, royal arms or "© Crown copyright" in the footer of any page."""

from __future__ import annotations

from django.test import Client
from web_world import World

CROWN = (
    "govuk-footer__crown",
    "govuk-footer__copyright-logo",
    "Crown copyright",
    "crown-copyright",
    "govuk-logo",
)


def test_no_crown_in_the_footer(world: World, client: Client) -> None:
    pages = [client.get("/accounts/sign-in/"), client.get("/api/")]
    client.force_login(world.users["kw_north"])
    pages += [client.get("/"), client.get("/families/999999/")]
    assert [page.status_code for page in pages] == [200, 200, 200, 404]
    for page in pages:
        html = page.content.decode()
        assert 'class="govuk-footer"' in html and "Only synthetic people appear" in html
        assert 'href="/api/"' in html
        for mark in CROWN:
            assert mark not in html, (page.request["PATH_INFO"], mark)
