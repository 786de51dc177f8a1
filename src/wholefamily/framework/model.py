"""Outcome frameworks as data: pydantic models of a framework file, loaded and checked on load.

A framework has headlines (stable ids; labels are data and may change on a date), descriptors of family
need (each a rule over canonical events: kinds, look-back window, WHERE and HAVING fragments, who it
applies to, the evidence columns kept), each with the outcome measure that says whether the need was met
after the case closed, and the eligibility settings. Every descriptor and measure shipped is a *default* a
council can change (``default: true``), never national text. A framework runs only for dates inside
``valid_from``..``valid_to``.
"""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from wholefamily.errors import WholefamilyError

FRAMEWORKS = ("sf-2022", "tf-2015")
ID_PATTERN = r"^[a-z][a-z0-9_]*$"


class FrameworkError(WholefamilyError):
    """A framework or local plan is wrong; the message lists every problem found."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(
            "the rules are not valid, so nothing was run:\n" + "\n".join(f"- {p}" for p in problems)
        )


class FrameworkDateError(WholefamilyError):
    """The as-of date is outside the framework's dates."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Headline(Strict):
    id: str = Field(pattern=ID_PATTERN)
    label: str
    #: later labels by the date they took effect (e.g. the October 2022 renames)
    labels_from: dict[dt.date, str] = Field(default_factory=dict)

    def label_on(self, day: dt.date) -> str:
        dated = [(d, label) for d, label in self.labels_from.items() if d <= day]
        return max(dated)[1] if dated else self.label


class PersonCondition(Strict):
    """A condition on one person's events (no aggregate): used for eligibility flags."""

    kinds: list[str] = Field(min_length=1)
    lookback_days: int = Field(ge=0)
    where: str | None = None


class OutcomeMeasure(Strict):
    """Whether a need was met after closure: the events read in the window after the closure date, and
    which of them break the outcome. Every fragment is a WHERE condition over the rule columns."""

    id: str = Field(pattern=ID_PATTERN)
    label: str
    #: true: a council-changeable default written by this project, not the programme's own text
    default: bool = False
    kinds: list[str] = Field(min_length=1)
    #: whose events count: the people who had the need, or everyone in the family
    applies_to: Literal["need_persons", "family"] = "need_persons"
    #: the events the measure reads (all events of its kinds when left out)
    where: str | None = None
    #: an event that breaks the outcome (a new incident, a term under 90%, an out-of-work spell)
    breaks: str
    #: true: met only when a record in the window shows it (a term's attendance, a spell in work);
    #: false: met when nothing breaks it (no incident)
    needs_records: bool = False
    evidence: list[str] = Field(default_factory=list)


class Descriptor(Strict):
    id: str = Field(pattern=ID_PATTERN)
    headline: str
    label: str
    #: true: a council-changeable default written by this project, not the programme's own text
    default: bool = False
    enabled: bool = True
    kinds: list[str] = Field(min_length=1)
    applies_to: Literal["child", "adult", "any"] = "any"
    #: events in the window: started by the as-of date and not ended more than this many days before it
    lookback_days: int = Field(ge=0)
    where: str | None = None
    having: str | None = None
    evidence: list[str] = Field(default_factory=list)
    outcome: OutcomeMeasure | None = None


class DependentChild(Strict):
    max_age: int = Field(ge=0, le=25)
    education_max_age: int = Field(ge=0, le=25)
    in_education: PersonCondition | None = None


class Eligibility(Strict):
    min_needs: int = Field(ge=1)
    min_headlines: int = Field(ge=1)
    non_resident_parent_max_needs: int | None = Field(default=1, ge=0)
    dependent_child: DependentChild
    expectant_parent: PersonCondition | None = None


class Priority(Strict):
    serious_headlines: list[str] = Field(default_factory=list)
    explanation: str


class Framework(Strict):
    id: str
    title: str
    status: str
    valid_from: dt.date
    #: the last date the framework applies to (none: still in force)
    valid_to: dt.date | None = None
    eligibility: Eligibility
    priority: Priority
    headlines: list[Headline] = Field(min_length=1)
    descriptors: list[Descriptor] = Field(min_length=1)

    @model_validator(mode="after")
    def _references(self) -> Framework:
        problems = reference_problems(self)
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @property
    def headline_ids(self) -> list[str]:
        return [h.id for h in self.headlines]

    def active_descriptors(self) -> list[Descriptor]:
        return [d for d in self.descriptors if d.enabled]

    def check_date(self, as_of: dt.date) -> None:
        """Refuse a date the framework does not cover: its rules are not the programme's on that date."""
        if as_of < self.valid_from or (self.valid_to is not None and as_of > self.valid_to):
            until = self.valid_to.isoformat() if self.valid_to else "(still in force)"
            raise FrameworkDateError(
                f"framework {self.id} ({self.title}) applies from {self.valid_from.isoformat()} to {until}, "
                f"not on {as_of.isoformat()}: choose another --framework or --as-of"
            )


def reference_problems(fw: Framework) -> list[str]:
    """Duplicate ids and references to headlines that do not exist."""
    problems: list[str] = []
    heads = [h.id for h in fw.headlines]
    for kind, ids in (
        ("headline", heads),
        ("descriptor", [d.id for d in fw.descriptors]),
        ("outcome measure", [d.outcome.id for d in fw.descriptors if d.outcome]),
    ):
        problems += [f"{kind} id {i!r} is used twice" for i in sorted({i for i in ids if ids.count(i) > 1})]
    for item in fw.descriptors:
        if item.headline not in heads:
            problems.append(f"{item.id}: unknown headline {item.headline!r} (headlines: {', '.join(heads)})")
    problems += [f"priority: unknown headline {h!r}" for h in fw.priority.serious_headlines if h not in heads]
    if fw.valid_to is not None and fw.valid_to < fw.valid_from:
        problems.append(f"valid_to {fw.valid_to} is before valid_from {fw.valid_from}")
    return problems


def pydantic_problems(exc: ValidationError, where: str) -> list[str]:
    out = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"])
        out.append(f"{where}: {loc + ': ' if loc else ''}{err['msg']}")
    return out


def load_yaml(path: Path | str, text: str) -> dict[str, object]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise FrameworkError([f"{path}: not valid YAML ({exc})"]) from exc
    if not isinstance(data, dict):
        raise FrameworkError([f"{path}: expected a mapping at the top level"])
    return data


def load_framework(name: str) -> Framework:
    """A framework shipped in the package, by id (``sf-2022``, ``tf-2015``)."""
    if name not in FRAMEWORKS:
        raise FrameworkError([f"unknown framework {name!r} (known: {', '.join(FRAMEWORKS)})"])
    text = resources.files("wholefamily.framework").joinpath(f"data/{name}.yaml").read_text("utf-8")
    return framework_from_dict(load_yaml(f"{name}.yaml", text), f"{name}.yaml")


def framework_from_dict(data: dict[str, object], where: str) -> Framework:
    try:
        return Framework.model_validate(data)
    except ValidationError as exc:
        raise FrameworkError(pydantic_problems(exc, where)) from exc
