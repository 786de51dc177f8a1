"""The family page's timeline: one entry per event with the people it concerns listed once, filtered by person,
agency and date.

Partner data stores an event once per person (a police incident with three people in it is three rows, one
``event_key`` each); they share the date, the source and the partner record, which the detail names, so
those rows make one entry. Casework entries stand alone. The rows come already filtered for sensitive
details (``family_record.load_sections``), so grouping never brings back a row the role may not read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django import forms

from wholefamily.web.casework.models import Membership, Person, Source, TimelineEvent
from wholefamily.web.casework.plain_words import source_title
from wholefamily.web.forms import GovukDateField

#: Entries on one page of the timeline (the family page stays short; the filters narrow it further).
PER_PAGE = 20


@dataclass
class EventEntry:
    date: dt.date
    title: str
    source: str
    source_title: str
    agency: str
    detail: str
    recorded_by: str
    people: list[Person] = field(default_factory=list)
    #: Each person's part when the rows' titles differ after the shared head ("Ann Smith: victim").
    parts: list[str] = field(default_factory=list)

    @property
    def from_partner(self) -> bool:
        return self.source != Source.CASEWORK


def _key(event: TimelineEvent) -> tuple[Any, ...]:
    if event.source == Source.CASEWORK or event.recorded_by_id is not None:
        return ("casework", event.pk)
    return ("partner", event.date, event.source, event.kind, event.detail)


def _entry(rows: list[TimelineEvent], titles: Mapping[str, str], agencies: Mapping[str, str]) -> EventEntry:
    first = rows[0]
    people: list[Person] = []
    for row in rows:
        if row.person is not None and row.person not in people:
            people.append(row.person)
    entry = EventEntry(
        date=first.date,
        title=first.title,
        source=first.source,
        source_title=source_title(first.source, titles),
        agency=agencies.get(first.source, source_title(first.source, titles)),
        detail=first.detail,
        recorded_by=str(first.recorded_by) if first.recorded_by else "",
        people=people,
    )
    if len({row.title for row in rows}) > 1:
        heads = {row.title.partition(": ")[0] for row in rows}
        shared = len(heads) == 1
        entry.title = heads.pop() if shared else first.title
        for row in rows:
            who = row.person.full_name if row.person else "Someone"
            part = row.title.partition(": ")[2] if shared else row.title
            if part and f"{who}: {part}" not in entry.parts:
                entry.parts.append(f"{who}: {part}")
    return entry


def entries(
    events: Iterable[TimelineEvent], titles: Mapping[str, str], agencies: Mapping[str, str]
) -> list[EventEntry]:
    """``events`` (newest first) as entries, one per event, in the same order."""
    grouped: dict[tuple[Any, ...], list[TimelineEvent]] = {}
    for event in events:
        grouped.setdefault(_key(event), []).append(event)
    return [_entry(rows, titles, agencies) for rows in grouped.values()]


class TimelineFilterForm(forms.Form):
    """The timeline's filters (sent with GET): a member of the family, an agency, and dates from and to."""

    person = forms.ChoiceField(required=False, label="Person")
    agency = forms.ChoiceField(required=False, label="Agency")
    since = GovukDateField(required=False, label="From")
    until = GovukDateField(required=False, label="To")

    def __init__(self, memberships: list[Membership], agencies: Iterable[str], *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        people = {str(m.person_id): m.person.full_name for m in memberships}
        self.fields["person"].choices = [("", "Everyone"), *people.items()]  # type: ignore[attr-defined]
        self.fields["agency"].choices = [  # type: ignore[attr-defined]
            ("", "Every agency"),
            *((a, a) for a in sorted(set(agencies))),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", "To must be the same as or after From")
        return data

    @property
    def filtering(self) -> bool:
        return self.is_valid() and any(self.cleaned_data.values())

    def apply(self, found: list[EventEntry]) -> list[EventEntry]:
        """The entries that pass every filter chosen; all of them when the filters are not valid."""
        if not self.is_valid():
            return found
        data = self.cleaned_data
        person, agency, since, until = data["person"], data["agency"], data["since"], data["until"]
        return [
            e
            for e in found
            if (not person or any(str(p.pk) == person for p in e.people))
            and (not agency or e.agency == agency)
            and (since is None or e.date >= since)
            and (until is None or e.date <= until)
        ]
