"""The Standard Safeguarding Dataset tables wholefamily reads and writes, from one list kept as package data.

``data/ssd/ssd-data-model.yaml`` names the published model's columns (names, order, types) with the
repository and commit they were taken from; the generator, the shipped source configs' tests and
``wholefamily ssd export`` all follow it, so none can drift from the others.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

#: The tables in the order an extract is written (people before the tables that refer to them).
PERSON, FAMILY, EPISODES = "ssd_person", "ssd_family", "ssd_early_help_episodes"
_SIZE = re.compile(r"\((\d+)\)$")


@dataclass(frozen=True)
class SsdField:
    name: str
    type: str  # as the model writes it: nvarchar(48), nchar(1), datetime, nvarchar(max)
    item_ref: str
    description: str
    required: bool = False

    @property
    def is_datetime(self) -> bool:
        return self.type == "datetime"

    @property
    def max_length(self) -> int | None:
        """The longest value the column holds, in characters (None: unbounded or a date)."""
        size = _SIZE.search(self.type)
        return int(size.group(1)) if size else None


@dataclass(frozen=True)
class SsdTable:
    name: str
    key: str
    fields: tuple[SsdField, ...]

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]

    @property
    def file_name(self) -> str:
        return f"{self.name}.csv"


@dataclass(frozen=True)
class SsdModel:
    repository: str
    commit: str
    release: str
    datetime_format: str
    tables: dict[str, SsdTable]

    def format_date(self, day: dt.date | None) -> str:
        """A date as an SSD extract writes a DATETIME ("2024-12-10 00:00:00.000"); blank when there is none."""
        return "" if day is None else day.strftime(self.datetime_format)


@cache
def ssd_model() -> SsdModel:
    text = resources.files("wholefamily.data").joinpath("ssd", "ssd-data-model.yaml").read_text("utf-8")
    raw: dict[str, Any] = yaml.safe_load(text)
    tables = {
        name: SsdTable(name, str(spec["key"]), tuple(SsdField(**field) for field in spec["fields"]))
        for name, spec in raw["tables"].items()
    }
    source = raw["source"]
    return SsdModel(
        str(source["repository"]),
        str(source["commit"]),
        str(source["release"]),
        raw["datetime_format"],
        tables,
    )
