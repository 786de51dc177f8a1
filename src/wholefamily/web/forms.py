"""Django forms rendered with GOV.UK Frontend macros: one tested mapping from a bound field to macro params.

``GovukDateField`` is a date typed as day, month and year boxes (the GOV.UK date input pattern), with the
error messages the GOV.UK Design System recommends.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

DATE_PARTS = ("day", "month", "year")

#: Every date the service records lies between these: nothing before 1900 (a date of birth included), nothing
#: more than ten years ahead (a due date, the next review). "1 January 0001" is a slip, not a date.
EARLIEST = dt.date(1900, 1, 1)
YEARS_AHEAD = 10


def latest_date(today: dt.date | None = None) -> dt.date:
    today = today or dt.date.today()
    try:
        return today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:  # 29 February
        return today.replace(year=today.year + YEARS_AHEAD, day=28)


def date_range_problem(day: dt.date, name: str = "The date") -> str | None:
    """Why ``day`` is outside the dates the service records, or None. Forms and the API both ask here."""
    if day < EARLIEST:
        return f"{name} must be on or after {EARLIEST.day} {EARLIEST:%B %Y}"
    latest = latest_date()
    if day > latest:
        return f"{name} must be no later than {latest.day} {latest:%B %Y}"
    return None


class GovukDateWidget(forms.MultiWidget):
    """Three text boxes named ``<name>-day``, ``<name>-month`` and ``<name>-year``, as ``govukDateInput`` names
    them."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__([forms.TextInput, forms.TextInput, forms.TextInput], attrs)
        self.widgets_names = [f"-{part}" for part in DATE_PARTS]

    def decompress(self, value: Any) -> list[str]:
        if isinstance(value, dt.date):
            return [str(value.day), str(value.month), str(value.year)]
        return ["", "", ""]


class GovukDateField(forms.Field):
    """A date from day, month and year boxes. ``past_or_today`` refuses dates after today."""

    widget = GovukDateWidget

    def __init__(self, *, past_or_today: bool = False, **kwargs: Any) -> None:
        self.past_or_today = past_or_today
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> dt.date | None:
        if isinstance(value, dt.date):
            return value
        parts = ["" if p is None else str(p).strip() for p in (value or ["", "", ""])]
        if not any(parts):
            return None
        name = str(self.label or "The date")
        missing = [part for part, text in zip(DATE_PARTS, parts, strict=True) if not text]
        if missing:
            raise forms.ValidationError(f"{name} must include a {' and a '.join(missing)}", code="incomplete")
        if not all(p.isascii() and p.isdigit() for p in parts) or len(parts[2]) != 4:
            raise forms.ValidationError(f"{name} must be a real date", code="invalid")
        try:
            day = dt.date(int(parts[2]), int(parts[1]), int(parts[0]))
        except ValueError:
            raise forms.ValidationError(f"{name} must be a real date", code="invalid") from None
        if self.past_or_today and day > dt.date.today():
            raise forms.ValidationError(f"{name} must be today or in the past", code="future")
        problem = date_range_problem(day, name)
        if problem is not None:
            raise forms.ValidationError(problem, code="out_of_range")
        return day


def anchor_id(field: forms.BoundField) -> str:
    """The id of the element an error summary link should focus: the first radio or the day box for those
    components (as the GOV.UK macros number them), else the field's own id."""
    widget = field.field.widget
    if isinstance(widget, forms.RadioSelect):
        return field.html_name
    if isinstance(widget, GovukDateWidget):
        return f"{field.auto_id}-day"
    return field.id_for_label


def _date_params(field: forms.BoundField, value: Any) -> dict[str, Any]:
    if isinstance(value, dt.date):
        parts = GovukDateWidget().decompress(value)
    elif isinstance(value, list | tuple):
        parts = ["" if p is None else str(p) for p in value]
    else:
        parts = ["", "", ""]
    widths = {"day": 2, "month": 2, "year": 4}
    return {
        "id": field.auto_id,
        "namePrefix": field.html_name,
        "fieldset": {"legend": {"text": str(field.label), "classes": "govuk-fieldset__legend--s"}},
        "items": [
            {
                "name": part,
                "value": text,
                "classes": f"govuk-input--width-{widths[part]}"
                + (" govuk-input--error" if field.errors else ""),
            }
            for part, text in zip(DATE_PARTS, parts, strict=True)
        ],
    }


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
    if isinstance(widget, GovukDateWidget):
        params.pop("label")
        params.pop("name")
        params.update(_date_params(field, value))
    elif isinstance(widget, forms.Select | forms.RadioSelect):
        values = value if isinstance(value, list | tuple) else [value]  # checkboxes give several
        chosen = {"" if v is None else str(v) for v in values}
        params["items"] = [
            {"value": str(v), "text": str(t), "selected": str(v) in chosen, "checked": str(v) in chosen}
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
    """Parameters for ``govukErrorSummary``, linking each error to its field in the order of the fields on the
    page; ``None`` when the form is valid."""
    if not form.errors:
        return None
    items: list[dict[str, str]] = [{"text": str(error)} for error in form.non_field_errors()]
    for name in form.fields:
        for error in form.errors.get(name, []):
            items.append({"text": str(error), "href": f"#{anchor_id(form[name])}"})
    return {"titleText": "There is a problem", "errorList": items}
