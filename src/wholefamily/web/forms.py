"""Django forms rendered with GOV.UK Frontend macros: one tested mapping from a bound field to macro params."""

from __future__ import annotations

from typing import Any

from django import forms


def field_params(field: forms.BoundField, **extra: Any) -> dict[str, Any]:
    """Parameters for the GOV.UK macro of ``field`` (input, textarea, select, radios, checkboxes, date)."""
    widget = field.field.widget
    params: dict[str, Any] = {
        "id": field.id_for_label,
        "name": field.html_name,
        "label": {"text": str(field.label), "classes": "govuk-label--s"},
    }
    if field.help_text:
        params["hint"] = {"text": str(field.help_text)}
    if field.errors:
        params["errorMessage"] = {"text": " ".join(str(e) for e in field.errors)}
    value = field.value()
    if isinstance(widget, forms.Select | forms.RadioSelect):
        chosen = "" if value is None else str(value)
        params["items"] = [
            {"value": str(v), "text": str(t), "selected": str(v) == chosen, "checked": str(v) == chosen}
            for v, t in field.field.choices  # type: ignore[attr-defined]
        ]
        if isinstance(widget, forms.RadioSelect):
            params["fieldset"] = {
                "legend": {"text": str(field.label), "classes": "govuk-fieldset__legend--s"}
            }
            params.pop("label")
            params["idPrefix"] = field.html_name
    else:
        params["value"] = "" if value is None else str(value)
        if isinstance(widget, forms.DateInput):
            params["type"] = "date"
        if isinstance(widget, forms.PasswordInput):
            params["type"] = "password"
            params["value"] = ""
    params.update(extra)
    return params


def error_summary(form: forms.Form) -> dict[str, Any] | None:
    """Parameters for ``govukErrorSummary``, linking each error to its field; ``None`` when the form is valid."""
    if not form.errors:
        return None
    items: list[dict[str, str]] = []
    for name, errors in form.errors.items():
        for error in errors:
            if name == "__all__":
                items.append({"text": str(error)})
            else:
                items.append({"text": str(error), "href": f"#{form[name].id_for_label}"})
    return {"titleText": "There is a problem", "errorList": items}
