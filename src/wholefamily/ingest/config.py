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
from wholefamily.ingest.expressions import ExpressionError, condition, parse_config_expression
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

    Exactly one source: ``column`` (a column of the row, or a key of the nested person or a named group of
    a cell pattern; dotted for nested JSON objects), ``value`` (a constant), ``person_field`` (for event
    values: the canonical field of the person the event row belongs to, e.g. ``role``), ``record_column``
    (for people in a nested or cell group: a column of the record they are in), ``delivery_date`` (for
    event dates: the date of the delivery), ``sheet`` (the name of the workbook sheet the row is on) or
    ``expression`` (a value derived from columns, checked by
    :mod:`wholefamily.ingest.expressions`). In a nested or cell group ``column`` and ``record_column``
    may be given together: the person's own value, else the record's.
    """

    column: str | None = None
    value: str | None = None
    person_field: PersonField | None = None
    record_column: str | None = Field(None, description="nested/cell people: a column of the record")
    delivery_date: bool = Field(False, description="event dates: the delivery's date")
    sheet: bool = Field(False, description="the name of the workbook sheet the row is on")
    expression: str | None = Field(None, description="a value derived from columns, e.g. number(Pence) / 100")
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
    max_length: int | None = Field(None, ge=1, description="longest value accepted, in characters")
    country: Literal["uk", "any"] | None = Field(
        None, description="for postcode: 'uk' (the default) blanks anything not UK-shaped; 'any' keeps it"
    )

    @model_validator(mode="after")
    def _one_source(self) -> Self:
        given = [k for k in VALUE_SOURCES if getattr(self, k) not in (None, False)]
        if len(given) != 1 and given != ["column", "record_column"]:
            raise ValueError(f"give exactly one of {', '.join(VALUE_SOURCES)} (got {given or 'none'})")
        for fmt in self.date_formats or []:
            check_date_format(fmt)
        if self.expression is not None:
            try:
                parse_config_expression(self.expression)
            except ExpressionError as exc:
                raise ValueError(f"expression {self.expression!r}: {exc}") from exc
        return self

    def nulls(self) -> tuple[str, ...]:
        return tuple(self.null_values) if self.null_values is not None else DEFAULT_NULLS

    def columns(self) -> list[str]:
        """The columns the value reads in its own context (the row, the nested person, the cell part)."""
        own = [self.column] if self.column is not None else []
        return own + (list(parse_config_expression(self.expression).columns) if self.expression else [])

    def reads_a_column(self) -> bool:
        """Whether the value is read from a column (so null values apply), not given or derived."""
        return self.column is not None or self.record_column is not None


VALUE_SOURCES = ("column", "value", "person_field", "record_column", "delivery_date", "sheet", "expression")


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
    identifiers: dict[str, Value] = Field(
        default_factory=dict, description="named identifier types shared across sources: type -> value"
    )

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
        for kind in self.identifiers:
            if not _IDENT.match(kind) or kind in PERSON_FIELDS:
                problem = (
                    "is a person field: put it under fields"
                    if kind in PERSON_FIELDS
                    else "must be lower_snake_case"
                )
                raise ValueError(f"identifiers.{kind}: the identifier type {problem}")
        for where, spec in self.values():
            self._check_source(where, spec)
        for field, spec in self.fields.items():
            if field == "dob" and spec.column is not None and not spec.date_formats:
                raise ValueError("fields.dob needs date_formats")
            if field == "sex" and spec.map is not None:
                _check_codes(f"fields.{field}", spec.map, SEX_CODES)
            if field == "ethnicity" and spec.map is not None:
                _check_codes(f"fields.{field}", spec.map, ETHNICITY_CODES)
            if spec.country is not None and field != "postcode":
                raise ValueError(f"fields.{field}: country is for the postcode only")
        return self

    def values(self) -> list[tuple[str, Value]]:
        """Every value the group reads, named as in the config (``fields.dob``, ``identifiers.council_id``)."""
        return [(f"fields.{f}", s) for f, s in self.fields.items()] + [
            (f"identifiers.{k}", s) for k, s in self.identifiers.items()
        ]

    def _check_source(self, where: str, spec: Value) -> None:
        if spec.person_field is not None:
            raise ValueError(f"{where}: person_field is for event values only")
        if spec.delivery_date:
            raise ValueError(f"{where}: delivery_date is for event dates only")
        if spec.record_column is not None and self.from_ == "row":
            raise ValueError(f"{where}: record_column is for nested and cell groups; on the row write column")
        if self.from_ == "cell" and self.cell is not None:
            groups = set(re.compile(self.cell.pattern).groupindex)
            for column in spec.columns():
                if column not in groups:
                    raise ValueError(f"{where}: column {column!r} is not a group of cell.pattern")


class Event(_Strict):
    """One canonical event a record holds, given to each person of the named groups."""

    kind: str
    people: list[str] | None = Field(None, description="people groups the event belongs to; default all")
    roles: list[str] | None = Field(None, description="only people whose role is one of these")
    date: Value
    end_date: Value | None = None
    values: dict[str, Value] = Field(default_factory=dict)
    when_present: str | None = Field(None, description="emit the event only when this column is not blank")
    when: str | None = Field(None, description="emit the event only when this condition is true")

    @field_validator("when")
    @classmethod
    def _a_condition(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                condition(value)
            except ExpressionError as exc:
                raise ValueError(f"{value!r}: {exc}") from exc
        return value

    @model_validator(mode="after")
    def _against_vocabulary(self) -> Self:
        vocab = load_vocabulary()
        kind = vocab.kinds.get(self.kind)
        if kind is None:
            raise ValueError(f"unknown event kind {self.kind!r}; known: {', '.join(sorted(vocab.kinds))}")
        unknown = [name for name in self.values if name not in kind.fields]
        if unknown:
            raise ValueError(
                f"values.{unknown[0]}: not a field of {self.kind} (fields: {', '.join(kind.fields)})"
            )
        dates = [("date", self.date), *([("end_date", self.end_date)] if self.end_date else [])]
        values = [(f"values.{n}", s, kind.fields[n].type == "date") for n, s in self.values.items()]
        for where, spec, is_date in [(w, s, True) for w, s in dates] + values:
            if spec.record_column is not None:
                raise ValueError(
                    f"{where}: record_column is for people in nested or cell groups; write column"
                )
            if spec.delivery_date and not is_date:
                raise ValueError(f"{where}: delivery_date is for dates only")
            if is_date and (spec.column is not None or spec.expression is not None) and not spec.date_formats:
                raise ValueError(f"{where}: a date read from a column needs date_formats")
        for name, spec in self.values.items():
            field = kind.fields[name]
            if field.type == "code":
                if spec.map is not None:
                    _check_codes(f"values.{name}", spec.map, field.codes)
                elif spec.value is not None and spec.value not in field.codes:
                    raise ValueError(f"values.{name}: {spec.value!r} is not one of {', '.join(field.codes)}")
        return self

    def columns(self) -> list[str]:
        """The record's columns the event reads (its people's values aside)."""
        specs = [self.date, self.end_date, *self.values.values()]
        read = [c for s in specs if s is not None for c in s.columns()]
        read += [self.when_present] if self.when_present else []
        return read + (list(condition(self.when).columns) if self.when else [])


class Join(_Strict):
    """``joins``: a related table delivered beside each file (``ssd_person.csv`` beside
    ``ssd_early_help_episodes.csv``), whose one matching row is added to each record."""

    file: str = Field(description="the related file's name, in the same folder as each delivered file")
    match: dict[str, str] = Field(description="{record column: the related file's column}, one pair")
    required: bool = Field(False, description="a record with no matching row is quarantined")

    @model_validator(mode="after")
    def _shape(self) -> Self:
        if len(self.match) != 1:
            raise ValueError("match: give exactly one pair, {record column: related file's column}")
        if not self.file or any(c in self.file for c in "/\\*?[") or self.file in (".", ".."):
            raise ValueError(
                f"file {self.file!r}: a file name in the delivery's folder, not a path or a pattern"
            )
        return self

    @property
    def columns(self) -> tuple[str, str]:
        """(the record's column, the related file's column)."""
        return next(iter(self.match.items()))


class Group(_Strict):
    """``group``: rows with the same values of ``by`` make one record, their other columns become a nested
    array of people named ``nested_as`` (read by a ``from: nested`` group)."""

    by: list[str] = Field(min_length=1, description="the columns whose values make one record")
    nested_as: str = Field(min_length=1, description="the name of the array of the rows' other columns")


class LineNumberKey(_Strict):
    """``record_key: {line_number: true}``: a record is keyed by where it is in the file (the CSV line, the
    sheet and row, the position in the JSON array). Stable within one delivery only."""

    line_number: Literal[True]


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
    record_key: list[str] | LineNumberKey | None = Field(
        None,
        description="columns that identify a record across deliveries, or {line_number: true}; "
        "default: a hash of the record",
    )
    joins: list[Join] = Field(
        default_factory=list,
        description="related files of each delivery whose matching row joins each record",
    )
    group: Group | None = Field(None, description="rows that make one record, the others a nested array")
    people: list[People] = Field(min_length=1)
    events: list[Event] = Field(default_factory=list)
    one_record_per_person: bool = Field(
        False, description="no delivery holds two records of one person (linkage never pairs them)"
    )
    expected_every_days: int = Field(
        31,
        ge=1,
        le=366,
        description="days between deliveries the partner agreed to: a feed is overdue that many days after "
        "its last delivery (feed health)",
    )
    owner_role: str = Field(
        "data manager",
        min_length=1,
        max_length=60,
        description="who chases the partner when a delivery is late (a role, not a person's name)",
    )

    def key_columns(self) -> list[str]:
        """The columns of the record key (none when keyed by line number or by a hash)."""
        return list(self.record_key) if isinstance(self.record_key, list) else []

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if not _IDENT.match(self.source):
            raise ValueError(f"source {self.source!r} must be lower_snake_case")
        try:
            if re.compile(self.delivery_date_pattern).groups < 1:
                raise ValueError("delivery_date_pattern needs one group")
        except re.error as exc:
            raise ValueError(f"delivery_date_pattern does not compile: {exc}") from exc
        if (self.joins or self.group is not None) and isinstance(self.format, JsonFormat):
            raise ValueError("joins and group are for csv and excel sources (a JSON record nests its own)")
        for people in self.people:
            if people.from_ == "nested" and self.group is not None and people.path != self.group.nested_as:
                raise ValueError(
                    f"people {people.name!r}: path {people.path!r} must be group.nested_as "
                    f"({self.group.nested_as!r})"
                )
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
        text = path.read_text("utf-8")
    except OSError as exc:
        raise ConfigError(path, [f"cannot read: {exc.strerror}"]) from exc
    return parse_source_config(path, text)


def parse_source_config(path: Path | str, text: str) -> SourceConfig:
    """Validate a source config's text (``path`` names it in messages)."""
    try:
        raw = yaml.safe_load(text)
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
