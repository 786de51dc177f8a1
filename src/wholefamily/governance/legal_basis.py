"""The legal basis of each use of data (identification, casework, claims, evaluation, the risk model).

The package ships a default set (``data/legal_basis.yaml``); a council writes its own to
``governance/legal_basis.yaml`` in the workspace, which replaces the default whole. Each use names its UK GDPR
article 6 basis and, for special category data, its article 9 condition; where the basis is consent it names
the consents the casework site asks for (and the site asks for no other)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from wholefamily.governance.agreements import Article6, Article9, Purpose
from wholefamily.governance.errors import GovernanceError, field_problems

DEFAULT = Path(__file__).parent / "data" / "legal_basis.yaml"
#: The consents the casework site records (its ``Consent.Purpose``), by name.
ConsentAsked = Literal["take_part", "assess_children", "share", "contact"]
_NEEDS_SCHEDULE_1 = {
    "employment_and_social_protection",
    "substantial_public_interest",
    "health_or_social_care",
    "public_health",
    "archiving_research_statistics",
}


#: Each basis in words, with its article.
BASIS_WORDS: dict[str, str] = {
    "consent": "Consent (UK GDPR article 6(1)(a))",
    "contract": "Contract (article 6(1)(b))",
    "legal_obligation": "Legal obligation (article 6(1)(c))",
    "vital_interests": "Vital interests (article 6(1)(d))",
    "public_task": "Public task (article 6(1)(e))",
    "legitimate_interests": "Legitimate interests (article 6(1)(f))",
}
PURPOSE_WORDS: dict[str, str] = {
    "identification": "Identification",
    "casework": "Casework",
    "claims": "Claims",
    "evaluation": "Evaluation",
    "risk_model": "The risk model",
}


class Use(BaseModel):
    """One use of the data, with its basis."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    purpose: Purpose
    title: str = Field(min_length=1)
    basis: Article6
    why: str = Field(min_length=1)
    article_9_condition: Article9 | None = None
    schedule_1_condition: str | None = None
    consent_asked_for: list[ConsentAsked] = Field(default_factory=list)

    @property
    def basis_words(self) -> str:
        return BASIS_WORDS[self.basis]

    @property
    def purpose_words(self) -> str:
        return PURPOSE_WORDS[self.purpose]

    @model_validator(mode="after")
    def _consistent(self) -> Use:
        if self.basis == "consent" and not self.consent_asked_for:
            raise ValueError("a use whose basis is consent names the consents asked for (consent_asked_for)")
        if self.basis != "consent" and self.consent_asked_for:
            raise ValueError("consent is asked for only where consent is the basis: remove consent_asked_for")
        if self.article_9_condition in _NEEDS_SCHEDULE_1 and not self.schedule_1_condition:
            raise ValueError(
                f"article 9 condition {self.article_9_condition} needs a schedule_1_condition "
                "(Data Protection Act 2018 schedule 1)"
            )
        return self


class LegalBases(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    uses: list[Use]

    @model_validator(mode="after")
    def _every_use_once(self) -> LegalBases:
        named = [use.purpose for use in self.uses]
        missing = [p for p in get_args(Purpose) if p not in named]
        twice = sorted({p for p in named if named.count(p) > 1})
        if missing or twice:
            raise ValueError(
                "every use is named once: "
                + "; ".join([*(f"{p} is missing" for p in missing), *(f"{p} is named twice" for p in twice)])
            )
        return self

    def consent_asked_for(self) -> dict[str, Use]:
        """Each consent the site asks for, with the use whose basis it is."""
        return {asked: use for use in self.uses for asked in use.consent_asked_for}


@dataclass(frozen=True)
class BasesInUse:
    """The set in use, where it came from, and whether it is the shipped default."""

    bases: LegalBases
    path: Path
    default: bool


def load_legal_bases(governance_folder: Path) -> BasesInUse:
    """The council's set (``legal_basis.yaml`` in ``governance_folder``) if there is one, else the default."""
    council = governance_folder / "legal_basis.yaml"
    path = council if council.is_file() else DEFAULT
    try:
        raw = yaml.safe_load(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise GovernanceError(f"{path}: cannot read the legal bases: {exc}") from exc
    try:
        bases = LegalBases.model_validate(raw)
    except ValidationError as exc:
        raise GovernanceError(f"{path}: invalid legal bases\n{field_problems(exc)}") from exc
    return BasesInUse(bases, path, default=path == DEFAULT)
