"""One Insight item in the navigation leads to every figure a user may read: the dashboards, the population
indicators, the self-assessment, value for money and the evidence of impact, each listed on the Insight page only when allowed."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from web_world import World

TITLES = ("Population indicators", "Self-assessment", "Value for money", "Evidence")


def _page(world: World, username: str, path: str) -> tuple[int, str]:
    client = Client()
    client.force_login(world.users[username])
    response = client.get(path)
    return response.status_code, response.content.decode()


def _menu(html: str) -> list[str]:
    nav = re.search(r'<nav aria-label="Menu".*?</nav>', html, re.S)
    assert nav is not None
    return [re.sub(r"<[^>]+>", "", m).strip() for m in re.findall(r"<a [^>]*>(.*?)</a>", nav.group(0), re.S)]


@pytest.mark.parametrize(
    ("username", "listed"),
    [
        ("coordinator", set(TITLES)),
        ("manager_north", set(TITLES)),
        ("data_manager", {"Population indicators"}),
    ],
)
def test_the_insight_page_lists_what_the_user_may_read(world: World, username: str, listed: set[str]) -> None:
    status, html = _page(world, username, "/insight/")
    assert status == 200
    assert {t for t in TITLES if f">{t}</a>" in html} == listed
    menu = _menu(html)
    assert menu.count("Insight") == 1
    assert not set(TITLES) & set(menu)


@pytest.mark.parametrize("path", ["/indicators/", "/maturity/", "/value-for-money/", "/evidence/"])
def test_the_insight_item_is_current_on_every_insight_section(world: World, path: str) -> None:
    status, html = _page(world, "coordinator", path)
    assert status == 200
    active = re.search(r"govuk-service-navigation__item--active.*?</li>", html, re.S)
    assert active is not None and re.sub(r"<[^>]+>|\s", "", active.group(0)).endswith("Insight")


@pytest.mark.parametrize("username", ["kw_north", "school", "auditor", "admin"])
def test_roles_without_figures_have_no_insight(world: World, username: str) -> None:
    assert _page(world, username, "/insight/")[0] == 403
    _, home = _page(world, username, "/")
    assert '<nav aria-label="Menu"' not in home or "Insight" not in _menu(home)
