"""Every YAML example in the data manager's guide (docs/source-configs.md) is a valid source config, and
the guide documents every config key and the whole event vocabulary."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

from wholefamily.ingest.config import (
    PERSON_FIELDS,
    CellSplit,
    CsvFormat,
    Event,
    ExcelFormat,
    Group,
    Join,
    JsonFormat,
    LineNumberKey,
    People,
    SourceConfig,
    Value,
)
from wholefamily.ingest.normalise import check_date_format
from wholefamily.vocabulary import load_vocabulary

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "source-configs.md"
TEXT = GUIDE.read_text("utf-8")
BLOCKS = re.findall(r"^```yaml\n(.*?)^```", TEXT, flags=re.DOTALL | re.MULTILINE)
# A block starting "# fragment" shows part of a config; it is checked inside this minimal one.
BASE: dict[str, Any] = {
    "source": "example",
    "title": "Example",
    "agency": "council",
    "files": "extracts/*/example.csv",
    "format": {"type": "csv"},
    "people": [{"name": "person", "fields": {"surname": {"column": "Surname"}}}],
}


def _config(block: str) -> SourceConfig:
    data = yaml.safe_load(block)
    assert isinstance(data, dict)
    return SourceConfig.model_validate({**BASE, **data} if block.startswith("# fragment") else data)


def _date_formats(config: SourceConfig) -> list[str]:
    specs: list[Value] = [spec for group in config.people for spec in group.fields.values()]
    for event in config.events:
        specs += [event.date, *([event.end_date] if event.end_date else []), *event.values.values()]
    return [fmt for spec in specs for fmt in spec.date_formats or []]


@pytest.mark.parametrize("block", BLOCKS, ids=[f"block{i}" for i in range(len(BLOCKS))])
def test_example_validates(block: str) -> None:
    config = _config(block)
    for fmt in _date_formats(config):
        check_date_format(fmt)  # what ingest will accept, stricter than the config schema


def test_the_worked_examples_cover_every_format_and_people_origin() -> None:
    configs = [_config(b) for b in BLOCKS if not b.startswith("# fragment")]
    assert len(configs) >= 4  # the first config and the three worked examples
    assert {c.format.type for c in configs} == {"csv", "excel", "json"}
    assert {g.from_ for c in configs for g in c.people} == {"row", "nested", "cell"}
    csv = next(c.format for c in configs if isinstance(c.format, CsvFormat) and c.format.delimiter == ";")
    assert csv.encoding == "cp1252"
    excel = next(c.format for c in configs if isinstance(c.format, ExcelFormat))
    assert excel.header_row > 1 and len(excel.sheets) == 2


@pytest.mark.parametrize(
    "model",
    [
        SourceConfig,
        CsvFormat,
        ExcelFormat,
        JsonFormat,
        LineNumberKey,
        People,
        CellSplit,
        Value,
        Event,
        Join,
        Group,
    ],
)
def test_every_key_is_documented(model: type[BaseModel]) -> None:
    for name, field in model.model_fields.items():
        key = field.alias or name
        assert f"`{key}`" in TEXT, f"{model.__name__}.{key} is not documented in {GUIDE.name}"


def test_every_person_field_is_documented() -> None:
    table = TEXT.split("## Person fields", 1)[1].split("\n\n", 2)[1]
    documented = re.findall(r"^\| `(\w+)` \|", table, flags=re.MULTILINE)
    assert documented == list(PERSON_FIELDS)


def test_event_vocabulary_table_matches_the_vocabulary() -> None:
    section = TEXT.split("## The event vocabulary", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `(\w+)` \| (.*)$", section, flags=re.MULTILINE)
    vocab = load_vocabulary()
    assert [kind for kind, _ in rows] == list(vocab.kinds)
    for kind_name, rest in rows:
        kind = vocab.kinds[kind_name]
        assert ("end_date" in rest) == kind.period, kind_name
        for field in kind.fields.values():
            assert f"`{field.name}` ({field.type}" in rest, f"{kind_name}.{field.name}"
            for code in field.codes:
                assert f"`{code}`" in rest, f"{kind_name}.{field.name}: {code}"
