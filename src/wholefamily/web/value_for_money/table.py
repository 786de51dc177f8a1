"""The unit-cost table: the council's ``value-for-money.yaml`` in the workspace, or the shipped default.

Every figure names its public source; a figure is used for one thing (``applies_to``): ``keyworker_hour``,
``headline:<id>`` (the cost avoided when a need under that headline is met), ``intervention:<id>`` (a family's
place on it, from the catalogue) or ``benchmark`` (shown beside the results, never computed with)."""

from __future__ import annotations

from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from wholefamily.web.casework.journey.work import catalogue
from wholefamily.web.casework.models import CaseNote

DEFAULT_FILE = "data/unit-costs-default.yaml"
#: Categories as the national cost-benefit model groups benefits; the last for a ratio covering all three.
CATEGORIES = {
    "fiscal": "Fiscal",
    "economic": "Economic",
    "social": "Social",
    "economic_social_fiscal": "Economic, social and fiscal",
}
#: The categories a headline's value is counted in (a ratio covering all three is a benchmark only).
VALUE_CATEGORIES = ("fiscal", "economic", "social")
CONTACT_KINDS = {k.value: k.label for k in CaseNote.Kind if k != CaseNote.Kind.NOTE}


class TableError(ValueError):
    """A unit-cost table that cannot be used, with its file and every problem."""


class Figure(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str = Field(pattern=r"^[a-z0-9_-]{1,60}$")
    figure: str = Field(min_length=1, max_length=200)
    unit: str = Field(min_length=1, max_length=60)
    value: Decimal = Field(ge=0, max_digits=14, decimal_places=4)
    price_base: str = Field(min_length=1, max_length=80)
    category: str
    applies_to: str
    source: str = Field(min_length=5, max_length=600)

    @field_validator("price_base", mode="before")
    @classmethod
    def _year_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) else value

    @field_validator("category")
    @classmethod
    def _known_category(cls, value: str) -> str:
        if value not in CATEGORIES:
            raise ValueError(f"must be one of {', '.join(CATEGORIES)}")
        return value

    @field_validator("applies_to")
    @classmethod
    def _known_use(cls, value: str) -> str:
        kind, _, name = value.partition(":")
        if value in ("keyworker_hour", "benchmark"):
            return value
        if kind == "headline" and name in catalogue.headline_labels():
            return value
        if kind == "intervention" and catalogue.find(name) is not None:
            return value
        raise ValueError(
            "must be keyworker_hour, benchmark, headline:<a headline id of the outcome framework> or "
            "intervention:<an id in the intervention catalogue>"
        )

    @model_validator(mode="after")
    def _headline_value_in_one_category(self) -> Figure:
        if self.applies_to.startswith("headline:") and self.category not in VALUE_CATEGORIES:
            raise ValueError(f"a headline's value must be {', '.join(VALUE_CATEGORIES)}")
        return self


class Table(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    is_default: bool = False
    contact_hours: dict[str, Decimal]
    figures: list[Figure] = Field(default_factory=list)

    @field_validator("contact_hours")
    @classmethod
    def _every_contact_kind(cls, hours: dict[str, Decimal]) -> dict[str, Decimal]:
        if set(hours) != set(CONTACT_KINDS):
            raise ValueError(f"give hours for exactly these contact kinds: {', '.join(CONTACT_KINDS)}")
        if any(not Decimal(0) <= h <= Decimal(24) for h in hours.values()):
            raise ValueError("hours must be between 0 and 24")
        return hours

    @model_validator(mode="after")
    def _one_figure_per_use(self) -> Table:
        keys = [f.key for f in self.figures]
        repeated = sorted({k for k in keys if keys.count(k) > 1})
        if repeated:
            raise ValueError(f"figure keys must be unique; repeated: {', '.join(repeated)}")
        costs = [
            f.applies_to for f in self.figures if not f.applies_to.startswith(("headline:", "benchmark"))
        ]
        twice = sorted({c for c in costs if costs.count(c) > 1})
        if twice:
            raise ValueError(
                f"one cost per keyworker hour and per intervention; given twice: {', '.join(twice)}"
            )
        return self

    def used_for(self, applies_to: str) -> list[Figure]:
        return [f for f in self.figures if f.applies_to == applies_to]

    @property
    def headline_values(self) -> list[Figure]:
        return [f for f in self.figures if f.applies_to.startswith("headline:")]

    @property
    def benchmarks(self) -> list[Figure]:
        return self.used_for("benchmark")


def parse(text: str, origin: str) -> Table:
    try:
        data = yaml.safe_load(text)
        return Table.model_validate(data)
    except yaml.YAMLError as error:
        raise TableError(f"{origin}: not readable as YAML ({error})") from None
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'table'}: {e['msg']}" for e in error.errors()
        )
        raise TableError(f"{origin}: {problems}") from None


def load(council_file: Path) -> tuple[Table, str]:
    """The council's table if ``council_file`` exists, else the shipped default; and where it came from."""
    if council_file.exists():
        return parse(council_file.read_text("utf-8"), str(council_file)), str(council_file)
    text = resources.files("wholefamily.web.value_for_money").joinpath(DEFAULT_FILE).read_text("utf-8")
    return parse(text, "the default table"), "the default table shipped with wholefamily"
