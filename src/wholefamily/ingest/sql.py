"""Small helpers for building DuckDB SQL with bound values (partner and config text is never spliced)."""

from __future__ import annotations

from wholefamily.ingest.normalise import quote_ident

__all__ = ["Binds", "quote_ident"]


class Binds:
    """Collects values for named parameters; ``binds(value)`` returns the placeholder to write in SQL."""

    def __init__(self) -> None:
        self.values: dict[str, object] = {}

    def __call__(self, value: object) -> str:
        name = f"b{len(self.values)}"
        self.values[name] = value
        return f"${name}"
