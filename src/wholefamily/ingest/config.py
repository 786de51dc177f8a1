"""Source configs: one YAML file per partner extract, validated on load.

A config says where the partner's files are, how to read them (format and options), which people each
record names (on the row, in a nested array, or several in one cell) and which canonical events the
record holds. Onboarding a new partner file means writing one of these, never code. The data manager's
guide (``docs/source-configs.md``) documents every key.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal, Self, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from wholefamily.errors import WholefamilyError
from wholefamily.ingest.normalise import check_date_format
from wholefamily.vocabulary import load_vocabulary

PersonField = Literal[
    "full_name",  # one field holding the whole name; see name_order
    "first_name",
    "middle_names",
    "surname",
    "title",
    "dob",
    "age",  # age in years when the date of birth is not given
    "sex",
    "ethnicity",
    "address",
    "postcode",
    "nhs_number",
    "upn",
    "ni_number",
    "local_id",  # the partner's own person id (pupil id, client id)
    "role",  # the person's role in the record (tenant, occupant, victim, child, ...)
]
PERSON_FIELDS: tuple[str, ...] = get_args(PersonField)
SEX_CODES = ("male", "female", "other", "unknown")
ETHNICITY_CODES = ("white", "mixed", "asian", "black", "other", "not_stated")
DEFAULT_NULLS = ("", "NULL", "null", "N/A", "n/a", "NA", "-", "Not known", "UNKNOWN", "Unknown")

_IDENT = re.compile(r"^[a-z][a-z0-9_]*$")


class ConfigError(WholefamilyError):
    """A source config (or a local file it names) that cannot be used; the message names the file."""

    def __init__(self, path: Path | str, problems: list[str]) -> None:
        self.path = str(path)
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{self.path}: invalid source config\n{lines}")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CsvFormat(_Strict):
    type: Literal["csv"]
    delimiter: str = ","
    encoding: str = "utf-8"
    quotechar: str = '"'
    header_row: int = Field(1, ge=1, description="1-based line of the header; lines above it are titles")

    @field_validator("encoding")
    @classmethod
    def _known_encoding(cls, value: str) -> str:
        import codecs

        try:
            codecs.lookup(value)
        except LookupError as exc:
            raise ValueError(f"unknown encoding {value!r}") from exc
        return value

    @field_validator("delimiter", "quotechar")
    @classmethod
    def _one_char(cls, value: str) -> str:
        if len(value) != 1:
            raise ValueError('must be exactly one character (write a tab as "\\t")')
        return value


class ExcelFormat(_Strict):
    type: Literal["excel"]
    sheets: list[str] = Field(min_length=1, description="sheet names read in order and stacked")
    header_row: int = Field(1, ge=1, description="1-based row of the header; rows above it are titles")


class JsonFormat(_Strict):
    type: Literal["json"]
    records_path: str = Field("", description="dotted path to the array of records; empty: the top level")
    encoding: str = "utf-8"


FileFormat = Annotated[CsvFormat | ExcelFormat | JsonFormat, Field(discriminator="type")]


class Value(_Strict):
    """Where one value comes from and how to read it.

    Exactly one of ``column`` (a column of the row, or a key of the nested person or a named group of a
    cell pattern; dotted for nested JSON objects), ``value`` (a constant) or ``person_field`` (for event
    values: the canonical field of the person the event row belongs to, e.g. ``role``).
    """

    column: str | None = None
    value: str | None = None
    person_field: PersonField | None = None
    required: bool = False
    on_invalid: Literal["quarantine", "blank"] | None = Field(
        None, description="bad value: quarantine the row/person, or blank the field with a warning"
    )
    map: dict[str, str] | None = Field(None, description="raw value (trimmed, case-insensitive) -> code")
    date_formats: list[str] | None = Field(None, description="strptime formats, 'excel_serial' or 'iso'")
    name_order: Literal["forename_first", "surname_first"] | None = Field(
        None, description="for full_name: 'Forename Surname' or 'SURNAME, Forename'"
    )
    null_values: list[str] | None = None

    @model_validator(mode="after")
    def _one_source(self) -> Self:
        given = [k for k in ("column", "value", "person_field") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(f"give exactly one of column, value or person_field (got {given or 'none'})")
        for fmt in self.date_formats or []:
            check_date_format(fmt)
        return self

    def nulls(self) -> tuple[str, ...]:
        return tuple(self.null_values) if self.null_values is not None else DEFAULT_NULLS


class CellSplit(_Strict):
    """Several people in one cell, e.g. ``Jane SMITH (03/04/2011); Tom SMITH (12/01/2014)``."""

    column: str
    separator: str = Field(min_length=1)
    pattern: str = Field(description="regex with named groups; group names are the people's columns")

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            compiled = re.compile(value)
        except re.error as exc:
            raise ValueError(f"pattern does not compile: {exc}") from exc
        if not compiled.groupindex:
            raise ValueError("pattern needs named groups, e.g. (?P<full_name>[^(]+)")
        return value


class People(_Strict):
    """One group of people a record names. ``from`` says where they are."""

    name: str = Field(description="short name, part of each person's mention key (e.g. pupil, occupant)")
    from_: Literal["row", "nested", "cell"] = Field("row", alias="from")
    path: str | None = Field(None, description="nested: key of the array of people inside the record")
    cell: CellSplit | None = None
    fields: dict[PersonField, Value]

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _shape(self) -> Self:
        if not _IDENT.match(self.name):
            raise ValueError(f"people name {self.name!r} must be lower_snake_case")
        if (self.from_ == "nested") != (self.path is not None):
            raise ValueError("'path' is required with from: nested and allowed only there")
        if (self.from_ == "cell") != (self.cell is not None):
            raise ValueError("'cell' is required with from: cell and allowed only there")
        names = {"full_name", "first_name", "surname"} & set(self.fields)
        if not names:
            raise ValueError("people need a name: full_name, or first_name and surname")
        if "full_name" in self.fields and self.fields["full_name"].name_order is None:
            raise ValueError("fields.full_name needs name_order: forename_first or surname_first")
        if self.from_ == "cell" and self.cell is not None:
            groups = set(re.compile(self.cell.pattern).groupindex)
            for field, spec in self.fields.items():
                if spec.column is not None and spec.column not in groups:
                    raise ValueError(f"fields.{field}: column {spec.column!r} is not a group of cell.pattern")
        for field, spec in self.fields.items():
            if spec.person_field is not None:
                raise ValueError(f"fields.{field}: person_field is for event values only")
            if field == "dob" and spec.column is not None and not spec.date_formats:
                raise ValueError("fields.dob needs date_formats")
            if field == "sex" and spec.map is not None:
                _check_codes(f"fields.{field}", spec.map, SEX_CODES)
            if field == "ethnicity" and spec.map is not None:
                _check_codes(f"fields.{field}", spec.map, ETHNICITY_CODES)
        return self


class Event(_Strict):
    """One canonical event a record holds, given to each person of the named groups."""

    kind: str
    people: list[str] | None = Field(None, description="people groups the event belongs to; default all")
    roles: list[str] | None = Field(None, description="only people whose role is one of these")
    date: Value
    end_date: Value | None = None
    values: dict[str, Value] = Field(default_factory=dict)
    when_present: str | None = Field(None, description="emit the event only when this column is not blank")

    @model_validator(mode="after")
    def _against_vocabulary(self) -> Self:
        vocab = load_vocabulary()
        kind = vocab.kinds.get(self.kind)
        if kind is None:
            raise ValueError(f"unknown event kind {self.kind!r}; known: {', '.join(sorted(vocab.kinds))}")
        for spec in [self.date, *([self.end_date] if self.end_date else [])]:
            if spec.column is not None and not spec.date_formats:
                raise ValueError("event dates read from a column need date_formats")
        for name, spec in self.values.items():
            field = kind.fields.get(name)
            if field is None:
                raise ValueError(
                    f"values.{name}: not a field of {self.kind} (fields: {', '.join(kind.fields)})"
                )
            if field.type == "code":
                if spec.map is not None:
                    _check_codes(f"values.{name}", spec.map, field.codes)
                elif spec.value is not None and spec.value not in field.codes:
                    raise ValueError(f"values.{name}: {spec.value!r} is not one of {', '.join(field.codes)}")
            if field.type == "date" and spec.column is not None and not spec.date_formats:
                raise ValueError(f"values.{name}: a date field needs date_formats")
        return self


class SourceConfig(_Strict):
    """A partner extract: where its files are, how to read them, the people and events in each record."""

    source: str = Field(description="stable id of the source, lower_snake_case")
    title: str
    agency: str = Field(description="the partner agency (school, police, health, housing, ...)")
    files: str = Field(description="glob of the delivered files, relative to the workspace")
    delivery_date_pattern: str = Field(
        r"(\d{4}-\d{2}-\d{2})",
        description="regex whose first group, found in the file path, dates the delivery",
    )
    format: FileFormat
    record_key: list[str] | None = Field(
        None, description="columns that identify a record across deliveries; default: a hash of the record"
    )
    people: list[People] = Field(min_length=1)
    events: list[Event] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if not _IDENT.match(self.source):
            raise ValueError(f"source {self.source!r} must be lower_snake_case")
        try:
            if re.compile(self.delivery_date_pattern).groups < 1:
                raise ValueError("delivery_date_pattern needs one group")
        except re.error as exc:
            raise ValueError(f"delivery_date_pattern does not compile: {exc}") from exc
        names = [p.name for p in self.people]
        if len(set(names)) != len(names):
            raise ValueError(f"people names must be unique, got {names}")
        for i, event in enumerate(self.events):
            for group in event.people or []:
                if group not in names:
                    raise ValueError(f"events[{i}].people: {group!r} is not a people group ({names})")
        return self


def _check_codes(where: str, mapping: dict[str, str], codes: tuple[str, ...]) -> None:
    bad = sorted({v for v in mapping.values() if v not in codes})
    if bad:
        raise ValueError(f"{where}: map gives {bad}, allowed codes are {', '.join(codes)}")


def load_source_config(path: Path) -> SourceConfig:
    """Read and validate one source config; any problem raises ConfigError naming the file and key."""
    try:
        raw = yaml.safe_load(path.read_text("utf-8"))
    except OSError as exc:
        raise ConfigError(path, [f"cannot read: {exc.strerror}"]) from exc
    except yaml.YAMLError as exc:
        raise ConfigError(path, [f"not valid YAML: {exc}"]) from exc
    if not isinstance(raw, dict):
        raise ConfigError(path, ["expected a mapping of keys at the top level"])
    try:
        return SourceConfig.model_validate(raw)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err["loc"]) or "(top level)"
            problems.append(f"{where}: {err['msg']}")
        raise ConfigError(path, problems) from exc


def load_source_configs(directory: Path) -> list[SourceConfig]:
    """All configs in a workspace's ``sources/`` folder, each validated; ids must be unique."""
    paths = sorted(directory.glob("*.yaml")) + sorted(directory.glob("*.yml"))
    if not paths:
        raise ConfigError(directory, ["no source configs (*.yaml) found"])
    configs = [load_source_config(p) for p in paths]
    seen: dict[str, Path] = {}
    for path, cfg in zip(paths, configs, strict=True):
        if cfg.source in seen:
            raise ConfigError(path, [f"source id {cfg.source!r} is also used by {seen[cfg.source].name}"])
        seen[cfg.source] = path
    return configs
