"""Reminders by email: each keyworker gets their overdue and this week's work through Django's mail settings
(the locmem backend in tests), naming references and dates, never a plan action's words."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from web_world import World

from wholefamily.web.casework.models import PlanAction, PlanGoal
from wholefamily.web.casework.record import reminders
from wholefamily.workspace import Workspace

TODAY = dt.date.today()


@pytest.fixture(autouse=True)
def _locmem(settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def _action(world: World, family: str, text: str, days: int) -> None:
    goal = PlanGoal.objects.create(family=world.families[family], headline="school", goal="Goes to school")
    PlanAction.objects.create(goal=goal, action=text, owner="Mum", due_on=TODAY + dt.timedelta(days=days))


def _emails(world: World) -> None:
    for username in ("kw_north", "kw_south", "manager_north"):
        user = world.users[username]
        user.email = f"{username}@council.example"
        user.save()


def test_each_keyworker_gets_their_own_overdue_and_this_weeks_work(world: World) -> None:
    _emails(world)
    _action(world, "north", "Talk about the domestic abuse", -1)
    _action(world, "north", "Much later", 30)
    _action(world, "south", "South's action", 3)
    sent = reminders.send_reminders(TODAY)
    assert sorted(sent) == ["kw_north@council.example", "kw_south@council.example"]  # no manager
    by_to = {m.to[0]: m for m in mail.outbox}
    north = by_to["kw_north@council.example"]
    assert north.subject == reminders.SUBJECT
    assert "Overdue (" in north.body and world.families["north"].reference in north.body
    assert world.families["south"].reference not in north.body
    assert "domestic abuse" not in north.body and "Much later" not in north.body
    assert world.families["north"].reference not in by_to["kw_south@council.example"].body


def test_no_email_when_nothing_is_due_or_no_address(world: World) -> None:
    _action(world, "north", "Soon", 2)  # due, but kw_north has no address yet
    assert reminders.send_reminders(TODAY) == [] and mail.outbox == []
    PlanAction.objects.all().delete()
    _emails(world)
    _action(world, "north", "Later", 20)  # an address, but nothing due within 7 days
    assert reminders.send_reminders(TODAY) == [] and mail.outbox == []


def test_the_remind_command_sends_through_the_mail_settings(world: World, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from wholefamily.web import remind_command

    workspace = Workspace(tmp_path / "ws")
    workspace.create("remind test")
    _emails(world)
    _action(world, "north", "Soon", 0)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(remind_command, "django_setup", lambda workspace: None)
        result = CliRunner().invoke(remind_command.remind, ["--workspace", str(workspace.root)])
    assert result.exit_code == 0, result.output
    assert "Sent 1 reminder." in result.output and [m.to for m in mail.outbox] == [
        ["kw_north@council.example"]
    ]
