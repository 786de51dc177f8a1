"""The codes the pipeline writes, in the words a page shows: headline ids by the framework's labels, event
codes and field names by the vocabulary's one mapping (``wholefamily.vocabulary.words``), partner sources by
their feed's title. Pages never show a code."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from wholefamily.vocabulary import words
from wholefamily.web.accounts.models import Agency
from wholefamily.web.casework.models import PartnerFeed, Source

_AGENCIES = dict(Agency.choices)
_HEADLINES = re.compile(r"(\d+) headline\(s\): (.*)")
_SERIOUS = re.compile(r"serious: (.*)")
_NEEDS = re.compile(r"(\d+) need\(s\)")


def sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _labels(ids: str, headlines: Mapping[str, str]) -> str:
    return ", ".join(headlines.get(h, words(h)) for h in ids.split(", ") if h)


def priority_reason(reason: str, headlines: Mapping[str, str]) -> str:
    """Identify's reason for a family's priority ("eligible; 7 headline(s): child_safety, ...; 9 need(s)") in
    words: "Eligible; needs under 7 headlines: Children safe from abuse, ...; 9 needs"."""
    parts = []
    for part in reason.split("; "):
        if found := _HEADLINES.fullmatch(part):
            parts.append(f"needs under {_plural(int(found[1]), 'headline')}: {_labels(found[2], headlines)}")
        elif found := _SERIOUS.fullmatch(part):
            parts.append(f"serious: {_labels(found[1], headlines)}")
        elif found := _NEEDS.fullmatch(part):
            parts.append(_plural(int(found[1]), "need"))
        else:
            parts.append(part)
    return sentence("; ".join(parts))


def event_values(values: str) -> str:
    """A partner record's values as identify wrote them ("care_status=child_in_need; sessions_missed=40") in
    words: "Care status: child in need; sessions missed: 40"."""
    parts = []
    for part in values.split("; "):
        name, equals, value = part.partition("=")
        parts.append(f"{words(name)}: {words(value)}" if equals else words(part))
    return sentence("; ".join(p for p in parts if p))


def kind_words(kind: str) -> str:
    """An event kind ("police_incident") as a heading: "Police incident"."""
    return sentence(words(kind))


def source_titles() -> dict[str, str]:
    """Each partner source's title as its feed was published (one query), the casework's own included."""
    titles = dict(PartnerFeed.objects.values_list("source", "title"))
    titles[Source.CASEWORK] = "Casework"
    return titles


def agency_words(agency: str) -> str:
    """A partner's agency as the site names agencies ("Police", "Department for Work and Pensions"), else in
    words ("Education")."""
    return str(_AGENCIES.get(agency) or sentence(words(agency)))


def source_agencies() -> dict[str, str]:
    """Each partner source's agency in words; casework's is "Casework"."""
    rows = PartnerFeed.objects.values_list("source", "agency")
    agencies = {source: agency_words(agency) for source, agency in rows if agency}
    agencies[Source.CASEWORK] = "Casework"
    return agencies


def evidence_words() -> dict[str, dict[str, str] | Callable[[str], str]]:
    """What the table of a need's evidence (``casework/_needs_and_outcomes.html``) needs to show its partner
    sources, record kinds and values in words."""
    return {"sources": source_titles(), "event_values": event_values, "kind_words": kind_words}


def source_title(source: str, titles: Mapping[str, str]) -> str:
    return titles.get(source) or sentence(words(source))
