"""The canonical event vocabulary (``data/event_vocabulary.yaml``), loaded once and typed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

import yaml

#: Codes whose words are not just the code with spaces.
CODE_WORDS = {
    "asb": "anti-social behaviour",
    "neet": "not in education, employment or training",
    "involved_child": "child involved",
    "universal_credit": "Universal Credit",
    "jobseekers_allowance": "Jobseeker's Allowance",
    "employment_support_allowance": "Employment and Support Allowance",
    "income_support": "Income Support",
    "personal_independence_payment": "Personal Independence Payment",
    "carers_allowance": "Carer's Allowance",
    "section_21": "section 21 notice",
    "main_duty": "main housing duty",
    "advice_only": "advice only",
    "six_to_eight_week": "6 to 8 week",
    "child_in_need": "child in need",
    "child_protection": "child protection plan",
    "looked_after": "looked after",
    "early_help": "early help",
    "other_drugs": "other drugs",
}


def words(code: object) -> str:
    """A code in words: ``domestic_abuse`` -> "domestic abuse". Every page and title that shows a code asks here."""
    text = str(code)
    return CODE_WORDS.get(text, text.replace("_", " "))


FieldType = Literal["int", "decimal", "text", "date", "bool", "code"]


@dataclass(frozen=True)
class EventField:
    name: str
    type: FieldType
    codes: tuple[str, ...] = ()
    unit: str | None = None
    description: str = ""


@dataclass(frozen=True)
class EventKind:
    name: str
    description: str
    period: bool
    fields: dict[str, EventField]


@dataclass(frozen=True)
class Vocabulary:
    version: int
    kinds: dict[str, EventKind]
    terms: dict[str, tuple[str, str]]
    sessions_per_term: dict[str, int]

    def value_columns(self) -> dict[str, FieldType]:
        """Every value field across all kinds: the value columns of the wide events table."""
        columns: dict[str, FieldType] = {}
        for kind in self.kinds.values():
            for field in kind.fields.values():
                columns.setdefault(field.name, field.type)
        return columns

    def term_dates(self, term: str) -> tuple[dt.date, dt.date]:
        """First and last day of a term labelled like ``2024-autumn`` (the academic year starts in autumn)."""
        year_text, _, name = term.partition("-")
        if name not in self.terms or not year_text.isdigit():
            raise ValueError(f"unknown school term {term!r}: expected YEAR-{'|'.join(self.terms)}")
        start, end = self.terms[name]
        year = int(year_text)
        return (dt.date.fromisoformat(f"{year:04d}-{start}"), dt.date.fromisoformat(f"{year:04d}-{end}"))


@cache
def load_vocabulary() -> Vocabulary:
    text = resources.files("wholefamily.data").joinpath("event_vocabulary.yaml").read_text("utf-8")
    raw = yaml.safe_load(text)
    kinds: dict[str, EventKind] = {}
    seen_types: dict[str, FieldType] = {}
    for kind_name, spec in raw["kinds"].items():
        fields: dict[str, EventField] = {}
        for field_name, fspec in spec["fields"].items():
            field = EventField(
                name=field_name,
                type=fspec["type"],
                codes=tuple(fspec.get("codes", ())),
                unit=fspec.get("unit"),
                description=fspec.get("description", ""),
            )
            if seen_types.setdefault(field_name, field.type) != field.type:
                raise ValueError(f"event vocabulary: field {field_name!r} has two types")
            fields[field_name] = field
        kinds[kind_name] = EventKind(kind_name, spec["description"], bool(spec.get("period")), fields)
    terms = {name: (t["start"], t["end"]) for name, t in raw["school_terms"]["terms"].items()}
    return Vocabulary(raw["version"], kinds, terms, dict(raw["school_terms"]["sessions_per_term"]))
