"""Reminders by email: each active keyworker with an email address gets their overdue and this week's work
(``my_work``), one message each, sent with Django's mail settings. Nothing is sent to a worker with nothing due.

The message names the family references, what is due and when; never a plan action's words (they may tell of a
need), so a message read on a phone in public says no more than the references do."""

from __future__ import annotations

import datetime as dt

from django.core.mail import send_mail

from wholefamily.web.accounts.models import Role, User
from wholefamily.web.casework.record.my_work import OVERDUE, THIS_WEEK, Item, MyWork, my_work

SUBJECT = "Your casework due this week"


def _line(item: Item) -> str:
    about = f"family {item.family_reference}" if item.family_id is not None else item.family_reference
    return f"- {item.due_on.day} {item.due_on:%B %Y}: {item.kind}, {about}"


def message(worker: User, work: MyWork) -> str:
    """The body of ``worker``'s reminder."""
    lines = [f"Dear {worker.first_name or worker.username},", ""]
    for group in (OVERDUE, THIS_WEEK):
        items = work.groups[group]
        if items:
            lines += [f"{group} ({len(items)}):", *(_line(item) for item in items), ""]
    lines += ["Sign in to the casework site and open My work for the details.", ""]
    return "\n".join(lines)


def send_reminders(today: dt.date) -> list[str]:
    """Email each keyworker their overdue and this week's work; the addresses written to, in order."""
    sent = []
    keyworkers = User.objects.filter(role=Role.KEYWORKER, is_active=True).exclude(email="").order_by("pk")
    for worker in keyworkers:
        work = my_work(worker, today)
        if work.count(OVERDUE) + work.count(THIS_WEEK) == 0:
            continue
        send_mail(SUBJECT, message(worker, work), None, [worker.email])
        sent.append(worker.email)
    return sent
