"""Rules every text input follows, stated in the schema after drf-spectacular has built it: no NUL character,
and required text not blank once trimmed."""

from __future__ import annotations

from typing import Any

#: DRF refuses text with a NUL character in it (``ProhibitNullCharactersValidator``, on every CharField and
#: on the query filters alike); the schema says so for each text input that has no tighter rule.
NO_NUL = "^[^\\u0000]*$"
#: What Python's ``str.strip`` removes, which DRF does before it checks that required text is not blank.
_SPACE = "\\t-\\r \\u001c-\\u001f\\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"
#: Required text: at least one character that is not white space (nor NUL).
NOT_BLANK = f"^[^\\u0000]*[^{_SPACE}\\u0000][^\\u0000]*$"


def _text_rules(schema: dict[str, Any]) -> None:
    if schema.get("type") == "string" and not {"enum", "format", "pattern"} & schema.keys():
        schema["pattern"] = NOT_BLANK if schema.get("minLength", 0) >= 1 else NO_NUL
    for value in schema.get("properties", {}).values():
        _text_rules(value)
    if isinstance(schema.get("items"), dict):
        _text_rules(schema["items"])


def text_rules(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Postprocessing hook: request bodies (the ``…Request`` components) and query parameters."""
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if name.endswith("Request"):
            _text_rules(component)
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query":
                    _text_rules(parameter["schema"])
    return result
