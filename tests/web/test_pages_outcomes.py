"""Each need's outcome over time on the family page: a row per need with its status at 6, 12 and 24 months
(and why one is not yet measurable), for the roles with the outcomes section; sensitive needs only for the
roles that see sensitive details."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from web_world import World

from wholefamily.web.casework.models import Need, NeedOutcome


def _outcomes(world: World) -> None:
    family = world.families["north"]
    school = Need.objects.get(family=family, headline="education")
    abuse = Need.objects.get(family=family, headline="domestic_abuse")
    judged = [
        (school, 183, "met", "", 3),
        (school, 365, "relapsed", "", 5),
        (school, 730, "not_yet_measurable", "121 days still to run", 5),
        (abuse, 183, "met", "", 0),
    ]
    for need, days, status, reason, records in judged:
        NeedOutcome.objects.create(
            need=need,
            horizon_days=days,
            status=status,
            reason=reason,
            records=records,
            window_end=dt.date(2026, 1, 1) + dt.timedelta(days=days),
            outcomes_run="out-1",
        )


def _section(client: Client, world: World, username: str) -> str:
    client.force_login(world.users[username])
    page = client.get(f"/families/{world.families['north'].pk}/").content.decode()
    start = page.find('id="outcomes"')
    return page[start : page.find("<h2", start)] if start >= 0 else ""


@pytest.mark.parametrize("username", ["kw_north", "auditor", "coordinator"])
def test_each_need_shows_its_status_at_each_horizon(world: World, client: Client, username: str) -> None:
    _outcomes(world)
    section = _section(client, world, username)
    for heading in ("At 6 months", "At 12 months", "At 24 months", "Records"):
        assert heading in section
    assert "Persistent absence from school" in section and "A domestic abuse incident" in section
    assert "Relapsed" in section and "Not yet measurable" in section and "121 days still to run" in section
    assert "outcomes run out-1" in section
    school_row = section[section.find("Persistent absence") :]
    assert school_row.index("Met") < school_row.index("Relapsed") < school_row.index("Not yet measurable")


def test_the_data_manager_sees_no_sensitive_need_outcome(world: World, client: Client) -> None:
    _outcomes(world)
    section = _section(client, world, "data_manager")
    assert "Persistent absence from school" in section
    assert "A domestic abuse incident" not in section and "Domestic abuse: details restricted" in section


def test_partners_have_no_outcomes_section(world: World, client: Client) -> None:
    _outcomes(world)
    assert _section(client, world, "school") == ""


def test_a_family_without_outcomes_says_so(world: World, client: Client) -> None:
    assert "No outcomes yet" in _section(client, world, "kw_north")
