"""Sniffing a JSON file: where the array of records is, its keys (dotted), and the arrays of people inside."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from wholefamily.ingest.config import JsonFormat
from wholefamily.ingest.drafting.sample import SAMPLE_ROWS, Sample, Table
from wholefamily.ingest.drafting.text import read_text
from wholefamily.ingest.errors import IngestError


def sniff_json(path: Path) -> Sample:
    text, encoding, why_encoding = read_text(path, limit=None)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise IngestError(f"{path}: not valid JSON ({exc})") from exc
    records_path, records = _records(document)
    if not records:
        raise IngestError(f"{path}: no array of records (objects) in the file")
    flat = [_flatten(r) for r in records[:SAMPLE_ROWS] if isinstance(r, dict)]
    columns = list(dict.fromkeys(k for values, _ in flat for k in values))
    arrays = list(dict.fromkeys(k for _, nested in flat for k in nested))
    nested = {}
    for key in arrays:
        items = [
            _flatten(item)[0] for _, found in flat for item in found.get(key, []) if isinstance(item, dict)
        ]
        keys = list(dict.fromkeys(k for item in items for k in item))
        nested[key] = Table.of(keys, [[item.get(k) for k in keys] for item in items])
    where = (
        "the file is an array" if not records_path else f"the largest array of objects, at {records_path!r}"
    )
    return Sample(
        JsonFormat(type="json", records_path=records_path, encoding=encoding),
        {"records_path": f"{where} ({len(records)} records)", "encoding": why_encoding},
        Table.of(columns, [[values.get(c) for c in columns] for values, _ in flat]),
        nested,
    )


def _records(document: Any) -> tuple[str, list[Any]]:
    """The dotted path and items of the largest array of objects, looking through objects breadth first."""
    if isinstance(document, list):
        return "", document
    best: tuple[str, list[Any]] = ("", [])
    queue: list[tuple[str, Any]] = [("", document)]
    while queue:
        prefix, value = queue.pop(0)
        if not isinstance(value, dict):
            continue
        for key, item in value.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            if isinstance(item, list) and any(isinstance(i, dict) for i in item) and len(item) > len(best[1]):
                best = (path, item)
            elif isinstance(item, dict):
                queue.append((path, item))
    return best


def _flatten(record: dict[str, Any], prefix: str = "") -> tuple[dict[str, str | None], dict[str, list[Any]]]:
    """A record's values by dotted key (objects opened up), and its arrays of objects by dotted key."""
    values: dict[str, str | None] = {}
    arrays: dict[str, list[Any]] = {}
    for key, item in record.items():
        path = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(item, dict):
            inner, inner_arrays = _flatten(item, path)
            values.update(inner)
            arrays.update(inner_arrays)
        elif isinstance(item, list):
            if any(isinstance(i, dict) for i in item):
                arrays[path] = item
        else:
            values[path] = _text(item)
    return values, arrays


def _text(value: Any) -> str | None:
    """A JSON scalar as ingest reads it: strings as they are, numbers and true/false as written."""
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value)
