"""The printable family plan: a PDF in plain English, from the plan page, under the plan page's rules (another
team's family not found, sensitive goals left out for a partner), each print audited."""

from __future__ import annotations

import datetime as dt
import re
import zlib

from django.test import Client
from web_world import World

from wholefamily.web.accounts.models import AuditEntry
from wholefamily.web.casework.models import PlanAction, PlanGoal

DUE = dt.date(2027, 3, 5)


def _pdf_text(data: bytes) -> str:
    """The text the PDF draws: its page streams inflated, the strings of their text operators joined."""
    text = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            content = zlib.decompress(stream)
        except zlib.error:
            content = stream
        text += [s.decode("latin-1") for s in re.findall(rb"\(((?:\\.|[^\\)])*)\)\s*Tj", content)]
    return " ".join(text).replace("\\(", "(").replace("\\)", ")")


def _plan(world: World) -> None:
    family, keyworker = world.families["north"], world.users["kw_north"]
    school = PlanGoal.objects.create(
        family=family,
        headline="education",
        goal="Ben goes to school every day",
        family_words="Mornings without shouting",
        child_view="Ben wants to walk with his friend",
        recorded_by=keyworker,
    )
    PlanAction.objects.create(goal=school, action="Walk to school together", owner="Mum", due_on=DUE)
    abuse = PlanGoal.objects.create(
        family=family, headline="domestic_abuse", goal="A safety plan with the refuge", recorded_by=keyworker
    )
    PlanAction.objects.create(goal=abuse, action="Call the refuge", owner="Kw North", due_on=DUE)


def _print(
    client: Client, world: World, username: str, family: str = "north"
) -> tuple[int, bytes, dict[str, str]]:
    client.force_login(world.users[username])
    response = client.get(f"/families/{world.families[family].pk}/plan/print/")
    return response.status_code, response.content, dict(response.headers)


def test_the_keyworker_prints_the_plan_in_plain_english(world: World, client: Client) -> None:
    _plan(world)
    client.force_login(world.users["kw_north"])
    page = client.get(f"/families/{world.families['north'].pk}/plan/").content.decode()
    assert f'href="/families/{world.families["north"].pk}/plan/print/"' in page

    status, data, headers = _print(client, world, "kw_north")
    reference = world.families["north"].reference
    assert status == 200 and data.startswith(b"%PDF")
    assert headers["Content-Type"] == "application/pdf"
    assert headers["Content-Disposition"] == f'attachment; filename="family-plan-{reference}.pdf"'
    assert headers["X-Content-Type-Options"] == "nosniff"
    text = _pdf_text(data)
    for words in (
        "Our family plan",
        "Your lead practitioner is Kw North",
        "What we want to change: Getting a good education",
        "Our goal: Ben goes to school every day",
        "In our words: Mornings without shouting",
        "What the children say: Ben wants to walk with his friend",
        "What will happen: Walk to school together",
        "Who will do it: Mum. By when: 5 March 2027.",
        "A safety plan with the refuge",
    ):
        assert words in text, words
    assert "education" not in text.replace("Getting a good education", "")  # no code shows
    entry = AuditEntry.objects.get(action=AuditEntry.Action.EXPORT, username="kw_north")
    assert entry.family_id == world.families["north"].pk and "Printed the family plan" in entry.summary


def test_a_partner_gets_the_plan_without_its_sensitive_goal(world: World, client: Client) -> None:
    _plan(world)
    status, data, _ = _print(client, world, "school")
    text = _pdf_text(data)
    assert status == 200 and "Ben goes to school every day" in text
    assert (
        "refuge" not in text
        and "Safe from domestic abuse: this part of the plan is not shown to you." in text
    )


def test_another_team_and_roles_without_the_plan_are_refused_and_audited(
    world: World, client: Client
) -> None:
    _plan(world)
    for username in ("kw_south", "police", "data_manager", "admin"):
        status, data, _ = _print(client, world, username)
        assert status in (403, 404), username
        assert b"Ben goes" not in data and b"%PDF" not in data[:4]
    assert AuditEntry.objects.filter(action=AuditEntry.Action.DENIED, username="kw_south").exists()
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).exists()
