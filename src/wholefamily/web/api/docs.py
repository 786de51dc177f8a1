"""The endpoint list on the API docs page, read from the OpenAPI schema so the page never drifts from it."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from drf_spectacular.generators import SchemaGenerator


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    summary: str
    parameters: tuple[str, ...]
    responses: tuple[str, ...]


@functools.cache
def endpoints() -> tuple[Endpoint, ...]:
    schema = SchemaGenerator().get_schema(request=None, public=True)  # type: ignore[no-untyped-call]
    return tuple(
        Endpoint(
            method=method.upper(),
            path=path,
            summary=operation.get("summary", ""),
            parameters=tuple(p["name"] for p in operation.get("parameters", []) if p["in"] == "query"),
            responses=tuple(operation.get("responses", {})),
        )
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
    )
