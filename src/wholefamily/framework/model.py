"""Outcome frameworks as data: pydantic models of a framework file, loaded and checked on load.

A framework has headlines (stable ids; labels are data and may change on a date), descriptors of family
need (each a rule over canonical events: kinds, look-back window, WHERE and HAVING fragments, who it
applies to, the evidence columns kept), outcome measures per headline and the eligibility settings.
Every descriptor shipped is a *default* a council can change (``default: true``), never national text.
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


class OutcomeMeasure(Strict):
    id: str = Field(pattern=ID_PATTERN)
    headline: str
    label: str
    default: bool = False


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
    eligibility: Eligibility
    priority: Priority
    headlines: list[Headline] = Field(min_length=1)
    descriptors: list[Descriptor] = Field(min_length=1)
    outcome_measures: list[OutcomeMeasure] = Field(default_factory=list)

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


def reference_problems(fw: Framework) -> list[str]:
    """Duplicate ids and references to headlines that do not exist."""
    problems: list[str] = []
    heads = [h.id for h in fw.headlines]
    for kind, ids in (
        ("headline", heads),
        ("descriptor", [d.id for d in fw.descriptors]),
        ("outcome measure", [m.id for m in fw.outcome_measures]),
    ):
        problems += [f"{kind} id {i!r} is used twice" for i in sorted({i for i in ids if ids.count(i) > 1})]
    items: list[Descriptor | OutcomeMeasure] = [*fw.descriptors, *fw.outcome_measures]
    for item in items:
        if item.headline not in heads:
            problems.append(f"{item.id}: unknown headline {item.headline!r} (headlines: {', '.join(heads)})")
    problems += [f"priority: unknown headline {h!r}" for h in fw.priority.serious_headlines if h not in heads]
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
