"""The sharing agreements register (``governance/agreements.yaml``) and what it says about a delivery.

Each partner source is shared under an agreement: its parties, the purposes, the legal basis under UK GDPR
article 6 and, for special category data (health, mental health, substance use...), an article 9
condition; when it starts, when it is due for review and when it ends, and the signed document. Ingest
asks, for each delivery, whether an agreement covering its source was in force on the delivery date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from wholefamily.governance.errors import GovernanceError, field_problems

Purpose = Literal["identification", "casework", "claims", "evaluation", "risk_model"]
#: UK GDPR article 6(1) (a) to (f).
Article6 = Literal[
    "consent", "contract", "legal_obligation", "vital_interests", "public_task", "legitimate_interests"
]
SpecialCategory = Literal[
    "racial_or_ethnic_origin",
    "political_opinions",
    "religious_or_philosophical_beliefs",
    "trade_union_membership",
    "genetic",
    "biometric",
    "health",
    "mental_health",
    "substance_use",
    "sex_life_or_sexual_orientation",
]
#: UK GDPR article 9(2) (a) to (j).
Article9 = Literal[
    "explicit_consent",
    "employment_and_social_protection",
    "vital_interests",
    "not_for_profit_body",
    "made_public",
    "legal_claims",
    "substantial_public_interest",
    "health_or_social_care",
    "public_health",
    "archiving_research_statistics",
]


class Agreement(BaseModel):
    """One information sharing agreement."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    title: str = Field(min_length=1)
    parties: list[str] = Field(min_length=2)
    sources: list[str] = Field(min_length=1)
    purposes: list[Purpose] = Field(min_length=1)
    legal_basis: Article6
    special_categories: list[SpecialCategory] = Field(default_factory=list)
    article_9_condition: Article9 | None = None
    #: Criminal offence data (police, youth justice): UK GDPR article 10, which needs a schedule 1 condition.
    criminal_offence_data: bool = False
    #: The Data Protection Act 2018 schedule 1 condition relied on with article 9(2)(b), (g), (h) or (i),
    #: or for criminal offence data.
    schedule_1_condition: str | None = None
    starts: dt.date
    review_by: dt.date
    ends: dt.date | None = None
    document: str = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Agreement:
        if self.special_categories and self.article_9_condition is None:
            raise ValueError("special_categories need an article_9_condition (UK GDPR article 9(2))")
        if not self.special_categories and self.article_9_condition is not None:
            raise ValueError("article_9_condition given but no special_categories")
        if self.criminal_offence_data and not self.schedule_1_condition:
            raise ValueError("criminal_offence_data needs a schedule_1_condition (UK GDPR article 10)")
        if self.review_by < self.starts:
            raise ValueError(f"review_by {self.review_by} is before starts {self.starts}")
        if self.ends is not None and self.ends < self.starts:
            raise ValueError(f"ends {self.ends} is before starts {self.starts}")
        return self

    def in_force(self, day: dt.date) -> bool:
        return self.starts <= day and (self.ends is None or day <= self.ends)


class Register(BaseModel):
    """The whole register, with the setting that decides what ingest does after an agreement ends."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    refuse_after_agreement_ends: bool = True
    #: Sources the council holds itself (its own casework records), not shared with it under an agreement.
    council_sources: list[str] = Field(default_factory=list)
    agreements: list[Agreement] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_ids(self) -> Register:
        seen: set[str] = set()
        for agreement in self.agreements:
            if agreement.id in seen:
                raise ValueError(f"agreement id {agreement.id!r} is used twice")
            seen.add(agreement.id)
        return self

    def covering(self, source: str) -> list[Agreement]:
        return [a for a in self.agreements if source in a.sources]


Verdict = Literal["in_force", "council", "no_agreement", "ended"]


@dataclass(frozen=True)
class DeliveryCheck:
    """What the register says about one delivery of a source; ``agreement`` is the one in force or ended."""

    verdict: Verdict
    agreement: Agreement | None = None


def check_delivery(register: Register | None, source: str, day: dt.date) -> DeliveryCheck:
    """In force, the council's own, ended (an agreement covered the source and ended before ``day``, none
    in force since), or no agreement (none yet, none started, or no register at all)."""
    if register is None:
        return DeliveryCheck("no_agreement")
    if source in register.council_sources:
        return DeliveryCheck("council")
    covering = register.covering(source)
    for agreement in covering:
        if agreement.in_force(day):
            return DeliveryCheck("in_force", agreement)
    ended = [a for a in covering if a.ends is not None and a.ends < day]
    if ended:
        return DeliveryCheck("ended", max(ended, key=lambda a: a.ends or a.starts))
    return DeliveryCheck("no_agreement")


def due_for_review(register: Register, today: dt.date, within_days: int) -> list[Agreement]:
    """Agreements not yet ended whose review date falls by ``today + within_days`` (overdue ones too)."""
    horizon = today + dt.timedelta(days=within_days)
    return sorted(
        (a for a in register.agreements if a.review_by <= horizon and (a.ends is None or a.ends >= today)),
        key=lambda a: (a.review_by, a.id),
    )


def uncovered_sources(register: Register, sources: list[str]) -> list[str]:
    """The sources no agreement covers (at any date) and that are not the council's own."""
    covered = {s for a in register.agreements for s in a.sources} | set(register.council_sources)
    return sorted(set(sources) - covered)


def load_register(path: Path) -> Register | None:
    """The register at ``path``, validated (None when there is no file); problems name the file and field."""
    if not path.is_file():
        return None
    try:
        raw = yaml.safe_load(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise GovernanceError(f"{path}: cannot read the sharing agreements register: {exc}") from exc
    if not isinstance(raw, dict):
        raise GovernanceError(
            f"{path}: invalid sharing agreements register\n  - expected a mapping at the top"
        )
    try:
        return Register.model_validate(raw)
    except ValidationError as exc:
        raise GovernanceError(f"{path}: invalid sharing agreements register\n{field_problems(exc)}") from exc
