"""Partner events in plain English for the casework timeline, and which of them are sensitive.

A title is made from the event's kind and its values ("School attendance, autumn 2025: 14 of 150 sessions
missed", "Police incident (domestic abuse): victim"); the detail says when and which partner record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from wholefamily.vocabulary import words

#: Headlines whose details only some roles may read. The casework app has the same set
#: (``casework.models.SENSITIVE_HEADLINES``); the pipeline keeps its own copy as it never imports Django.
SENSITIVE_HEADLINES = frozenset({"domestic_abuse"})

#: Event values that make an event sensitive wherever it appears: a domestic abuse incident, and the
#: recorded category of abuse behind a child protection plan.
SENSITIVE_VALUES: dict[str, frozenset[str]] = {
    "incident_type": frozenset({"domestic_abuse"}),
    "abuse_category": frozenset({"neglect", "emotional", "physical", "sexual", "multiple"}),
}

Values = Mapping[str, Any]


def _number(value: object) -> str:
    if isinstance(value, Decimal | float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{value:,}" if isinstance(value, int) else str(value)


def _term(term: object) -> str:
    year, _, name = str(term).partition("-")
    return f"{name} {year}" if name else str(term)


def _attendance(v: Values) -> str:
    head = f"School attendance, {_term(v['term'])}" if v.get("term") else "School attendance"
    missed, possible = v.get("sessions_missed"), v.get("sessions_possible")
    if missed is None or not possible:
        return head
    return f"{head}: {_number(missed)} of {_number(possible)} sessions missed"


def _suspension(v: Values) -> str:
    if v.get("exclusion_type") == "permanent_exclusion":
        return "Permanent exclusion from school"
    days = v.get("days")
    return "Suspension from school" + (f": {_number(days)} days" if days is not None else "")


def _police(v: Values) -> str:
    kind = f" ({words(v['incident_type'])})" if v.get("incident_type") else ""
    role = f": {words(v['incident_role'])}" if v.get("incident_role") else ""
    return f"Police incident{kind}{role}"


def _offence(v: Values) -> str:
    kind = f" ({words(v['offence_category'])})" if v.get("offence_category") else ""
    disposal = f": {words(v['disposal'])}" if v.get("disposal") else ""
    return f"Youth offence{kind}{disposal}"


def _benefit(v: Values) -> str:
    if v.get("benefit") == "employment":
        return "In work"
    name = words(v["benefit"]) if v.get("benefit") else "Benefit"
    return f"{name}{' (out of work)' if v.get('out_of_work') else ''}"


def _arrears(v: Values) -> str:
    amount = f": £{v['amount_gbp']:,.2f}" if v.get("amount_gbp") is not None else ""
    tenure = f" ({words(v['tenure'])} tenancy)" if v.get("tenure") else ""
    return f"Rent arrears{amount}{tenure}"


def _notice(v: Values) -> str:
    notice = f": {words(v['notice_type'])}" if v.get("notice_type") else ""
    tenure = f" ({words(v['tenure'])} tenancy)" if v.get("tenure") else ""
    return f"Housing notice{notice}{tenure}"


def _tenancy(v: Values) -> str:
    return f"Tenancy ({words(v['tenure'])})" if v.get("tenure") else "Tenancy"


def _homeless(v: Values) -> str:
    duty = f": {words(v['duty'])}" if v.get("duty") else ""
    ta = ", in temporary accommodation" if v.get("temporary_accommodation") else ""
    return f"Homelessness approach{duty}{ta}"


_SERVICES = {
    "adult_mental_health": "adult mental health services",
    "substance_misuse": "the substance misuse service",
    "camhs": "child and adolescent mental health services",
    "health_visiting": "health visiting",
    "midwifery": "midwifery",
    "school_nursing": "school nursing",
    "gp_wellbeing": "the GP wellbeing service",
}


def _service(v: Values) -> str:
    code = v.get("service")
    service = _SERVICES.get(str(code), words(code)) if code else "a support service"
    substance = v.get("substance")
    extra = f" ({words(substance)})" if substance and substance != "none" else ""
    return f"Contact with {service}{extra}"


def _review(v: Values) -> str:
    kind = v.get("review_type")
    if kind == "antenatal":
        due = v.get("expected_delivery_date")
        return "Antenatal contact" + (f": baby due {due:%-d %B %Y}" if isinstance(due, dt.date) else "")
    head = f"Health visiting review ({words(kind)})" if kind else "Health visiting review"
    return head + (": development concern" if v.get("development_concern") else "")


def _care(v: Values) -> str:
    status = f": {words(v['care_status'])}" if v.get("care_status") else ""
    category = v.get("abuse_category")
    extra = f" ({words(category)})" if category and category != "not_recorded" else ""
    return f"Children's social care{status}{extra}"


def _early_help(v: Values) -> str:
    """A past early help episode from a case system: why it began, how it ended, and which system says so."""
    reason = f": {v['episode_reason']}" if v.get("episode_reason") else ""
    ended = f"; ended: {v['episode_end_reason']}" if v.get("episode_end_reason") else ""
    system = f" ({v['source_system']})" if v.get("source_system") else ""
    return f"Early help episode{reason}{ended}{system}"


def _education(v: Values) -> str:
    return "Education status" + (f": {words(v['status'])}" if v.get("status") else "")


_TITLES: dict[str, Callable[[Values], str]] = {
    "school_attendance": _attendance,
    "school_suspension": _suspension,
    "education_status": _education,
    "police_incident": _police,
    "youth_offence": _offence,
    "benefit_spell": _benefit,
    "rent_arrears": _arrears,
    "housing_notice": _notice,
    "tenancy": _tenancy,
    "homelessness_approach": _homeless,
    "service_contact": _service,
    "health_visiting_review": _review,
    "care_status": _care,
    "early_help_episode": _early_help,
}


def event_title(kind: str, values: Values) -> str:
    """The event in a few words; a kind without its own wording lists its values."""
    make = _TITLES.get(kind)
    if make is not None:
        return make(values)[:200]
    listed = ", ".join(f"{words(k)} {words(v)}" for k, v in values.items() if v is not None)
    return (words(kind).capitalize() + (f": {listed}" if listed else ""))[:200]


def event_detail(record_key: str, start: dt.date, end: dt.date | None, *, period: bool) -> str:
    """When (for a spell, from and to) and which partner record (the page names the partner, by its title, from
    the event's source)."""
    if period:
        when = f"{start:%-d %b %Y} to {end:%-d %b %Y}" if end else f"From {start:%-d %b %Y}, still open"
    else:
        when = f"{start:%-d %b %Y}"
    return f"{when}. Partner record {record_key}."[:500]


def sensitive_values(values: Values) -> bool:
    """True when the event's own values make it sensitive (domestic abuse, a category of abuse)."""
    return any(values.get(name) in codes for name, codes in SENSITIVE_VALUES.items())
