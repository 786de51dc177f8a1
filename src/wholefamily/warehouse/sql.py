"""Building DuckDB SQL safely: quoted identifiers, literals and bound values (partner and config text is
never spliced into SQL as it is)."""

from __future__ import annotations

import re
from collections.abc import Mapping


def quote_ident(name: str) -> str:
    """A SQL identifier in double quotes, inner quotes doubled: safe for any column name."""
    if "\x00" in name:
        raise ValueError("an identifier cannot contain a NUL character")
    return '"' + name.replace('"', '""') + '"'


def sql_literal(value: str) -> str:
    """A SQL string literal, single quotes doubled (DuckDB strings have no backslash escapes)."""
    if "\x00" in value:
        raise ValueError("a SQL string cannot contain a NUL character")
    return "'" + value.replace("'", "''") + "'"


class Binds:
    """Collects values for named parameters; ``binds(value)`` returns the placeholder to write in SQL."""

    def __init__(self) -> None:
        self.values: dict[str, object] = {}

    def __call__(self, value: object) -> str:
        name = f"b{len(self.values)}"
        self.values[name] = value
        return f"${name}"


def used_params(params: Mapping[str, object], sql: str) -> dict[str, object]:
    """The named parameters ``sql`` refers to (DuckDB refuses values for parameters a statement lacks)."""
    return {k: v for k, v in params.items() if re.search(rf"\${re.escape(k)}\b", sql)}
