"""``wholefamily sources draft``: a commented source config drafted from one partner file.

The file's layout is sniffed, each column profiled with ingest's own checks, and its person field guessed
from its header and values; people are grouped, a record key chosen, and the config written with a comment
on every guess (see :mod:`wholefamily.ingest.drafting`). Events are left as a commented template for the
data manager. The draft is checked against the config model before it is returned.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from wholefamily.ingest.config import SourceConfig
from wholefamily.ingest.drafting import headers, naming
from wholefamily.ingest.drafting.cells import CellGuess, guess_cell
from wholefamily.ingest.drafting.fields import Guess, describe_unread, guess_field
from wholefamily.ingest.drafting.groups import people_groups
from wholefamily.ingest.drafting.keys import guess_record_key
from wholefamily.ingest.drafting.profile import Profile, profile_columns, profile_values
from wholefamily.ingest.drafting.render import Outline, render
from wholefamily.ingest.drafting.sample import Table
from wholefamily.ingest.drafting.sniff import sniff_file
from wholefamily.ingest.errors import IngestError
from wholefamily.ingest.normalise import register_macros
from wholefamily.warehouse.connection import scratch


@dataclass(frozen=True)
class Draft:
    source: str
    text: str  # the commented YAML
    config: SourceConfig


def draft_source_config(path: Path, workspace: Path | None = None, source: str | None = None) -> Draft:
    """Draft the config of the partner file at ``path`` (``files`` relative to ``workspace`` when inside it)."""
    if source is not None and not re.fullmatch(r"[a-z][a-z0-9_]*", source):
        raise IngestError(f"source id {source!r} must be lower_snake_case: small letters, digits and _")
    sample = sniff_file(path)
    con = scratch()
    try:
        register_macros(con)
        profiles = profile_columns(con, sample.records.columns)

        def profile(values: list[str | None]) -> Profile:
            return profile_values(con, values)

        abroad = any("country" in headers.words(c) for c in sample.records.columns)
        columns = [
            (c, _guess(c, sample.records, profiles[c], profile, abroad)) for c in sample.records.columns
        ]
        nested = {
            p: _nested_guesses(t, profile_columns(con, t.columns), abroad) for p, t in sample.nested.items()
        }
    finally:
        con.close()
    groups, notes = people_groups(columns, nested)
    if not groups:
        raise IngestError(
            f"{path}: no column looks like a person's name, so there is no one to draft a config for"
        )
    fields = {c: g.field if isinstance(g, Guess) else "cell" for c, g in columns if g is not None}
    key = guess_record_key(sample.records, fields)
    keyed = key[0] if isinstance(key[0], list) else []
    unread = [(c, *describe_unread(c, profiles[c])) for c, g in columns if g is None and c not in keyed]
    source_id = source or naming.source_id(path)
    outline = Outline(
        file=path.name,
        source=source_id,
        title=naming.title(path),
        agency=naming.agency(path, list(sample.records.columns)),
        files=naming.files_glob(path, workspace),
        sample=sample,
        key=key,
        groups=groups,
        unread=unread,
        notes=[*sample.notes, *notes],
    )
    text = render(outline)
    return Draft(source_id, text, SourceConfig.model_validate(yaml.safe_load(text)))


def _guess(
    column: str,
    records: Table,
    profile: Profile,
    profiler: Callable[[list[str | None]], Profile],
    abroad: bool,
) -> Guess | CellGuess | None:
    guess = guess_field(column, profile, abroad)
    if guess is None or guess.field == "full_name":
        cell = guess_cell(column, records.columns[column], profiler)
        if cell is not None:
            return cell
    return guess


def _nested_guesses(table: Table, profiles: dict[str, Profile], abroad: bool) -> list[Guess]:
    guesses = (guess_field(c, profiles[c], abroad) for c in table.columns)
    return [g for g in guesses if g is not None]
