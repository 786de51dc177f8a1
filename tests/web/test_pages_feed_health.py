"""The partner feed health banner on the coordinator's and the data manager's home page: overdue, due within a
week, a field gone empty; nothing for a feed on time, nor for other roles."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from web_world import World

from wholefamily.web.casework.models import PartnerFeed

TODAY = dt.date.today()


def _feed(source: str, *, delivered_days_ago: int, every: int = 31, gone: list[str] | None = None) -> None:
    PartnerFeed.objects.create(
        source=source,
        title=source.replace("_", " ").capitalize(),
        agency="education",
        owner_role="data manager",
        expected_every_days=every,
        last_delivery=TODAY - dt.timedelta(days=delivered_days_ago),
        rows=1200,
        previous_delivery=TODAY - dt.timedelta(days=delivered_days_ago + every),
        previous_rows=1250,
        fields_gone_empty=gone or [],
    )


def _banner(client: Client, world: World, username: str, path: str = "/") -> str:
    client.force_login(world.users[username])
    page = client.get(path).content.decode()
    start = page.find('id="feed-health"')
    return page[start : page.find("</div>\n</div>", start)] if start >= 0 else ""


@pytest.mark.parametrize("username", ["coordinator", "data_manager"])
def test_overdue_and_due_soon_feeds_are_in_the_banner(world: World, client: Client, username: str) -> None:
    _feed("school_attendance", delivered_days_ago=32)  # due yesterday
    _feed("police_incidents", delivered_days_ago=24)  # due in 7 days
    _feed("rent_arrears", delivered_days_ago=23)  # due in 8 days: fine
    banner = _banner(client, world, username)
    assert "1 partner feed is overdue, 1 due within a week" in banner
    assert "School attendance" in banner and "Police incidents" in banner and "Rent arrears" not in banner
    assert banner.index("School attendance") < banner.index("Police incidents")
    due = TODAY - dt.timedelta(days=1)
    assert f"overdue since {due.day} {due:%B %Y}" in banner
    assert "1,200 rows, -50 from the delivery before" in banner and "Owner: data manager." in banner


def test_a_field_gone_empty_is_in_the_banner_even_on_time(world: World, client: Client) -> None:
    _feed("school_contacts", delivered_days_ago=1, gone=["dob", "upn"])
    banner = _banner(client, world, "coordinator")
    assert (
        "A partner feed needs checking" in banner and "Went empty in the last delivery: dob, upn." in banner
    )


def test_feeds_on_time_show_no_banner(world: World, client: Client) -> None:
    _feed("rent_arrears", delivered_days_ago=0)
    assert _banner(client, world, "coordinator") == ""


@pytest.mark.parametrize("username", ["kw_north", "manager_north", "auditor", "front_door"])
def test_other_roles_see_no_banner(world: World, client: Client, username: str) -> None:
    _feed("school_attendance", delivered_days_ago=60)
    assert _banner(client, world, username) == ""


def test_the_coordinators_team_dashboard_carries_the_banner_and_the_managers_does_not(
    world: World, client: Client
) -> None:
    _feed("school_attendance", delivered_days_ago=40)
    assert "1 partner feed is overdue" in _banner(client, world, "coordinator", "/dashboard/")
    assert _banner(client, world, "manager_north", "/dashboard/") == ""
