"""The GOV.UK form helpers: the date field, the macro parameters and the error summary's links."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms

from wholefamily.web.casework.postcodes import normalise_postcode
from wholefamily.web.forms import GovukDateField, error_summary, field_params


class _Form(forms.Form):
    born = GovukDateField(label="Date of birth", past_or_today=True)
    colour = forms.ChoiceField(widget=forms.RadioSelect, choices=[("red", "Red"), ("blue", "Blue")])
    name = forms.CharField()


def _date(day: str, month: str, year: str) -> dict[str, str]:
    return {"born-day": day, "born-month": month, "born-year": year}


@pytest.mark.parametrize(
    ("parts", "error"),
    [
        (("4", "3", "1990"), None),
        ((" 04", "03 ", "1990"), None),
        (("", "", ""), "This field is required."),
        (("4", "", "1990"), "Date of birth must include a month"),
        (("", "", "1990"), "Date of birth must include a day and a month"),
        (("31", "2", "1990"), "Date of birth must be a real date"),
        (("4", "3", "90"), "Date of birth must be a real date"),
        (("4", "March", "1990"), "Date of birth must be a real date"),
        (("1", "1", str(dt.date.today().year + 1)), "Date of birth must be today or in the past"),
    ],
)
def test_date_field(parts: tuple[str, str, str], error: str | None) -> None:
    form = _Form({**_date(*parts), "colour": "red", "name": "x"})
    assert form.is_valid() == (error is None)
    if error is None:
        assert form.cleaned_data["born"] == dt.date(1990, 3, 4)
    else:
        assert form.errors["born"] == [error]


def test_date_params_keep_what_was_typed_and_name_the_boxes() -> None:
    form = _Form(_date("31", "2", "1990"))
    form.is_valid()
    params = field_params(form["born"])
    assert params["id"] == "id_born" and params["namePrefix"] == "born" and "name" not in params
    assert [(i["name"], i["value"]) for i in params["items"]] == [
        ("day", "31"),
        ("month", "2"),
        ("year", "1990"),
    ]
    assert all("govuk-input--error" in i["classes"] for i in params["items"])
    assert params["fieldset"]["legend"]["text"] == "Date of birth"
    assert params["errorMessage"] == {"text": "Date of birth must be a real date"}
    initial = _Form(initial={"born": dt.date(2015, 6, 7)})
    assert [i["value"] for i in field_params(initial["born"])["items"]] == ["7", "6", "2015"]


def test_radio_params() -> None:
    form = _Form({"colour": "blue"})
    params = field_params(form["colour"])
    assert params["idPrefix"] == "colour" and "label" not in params
    assert [i["checked"] for i in params["items"]] == [False, True]


def test_error_summary_links_to_the_first_box_of_each_component() -> None:
    form = _Form({})
    form.is_valid()
    summary = error_summary(form)
    assert summary is not None
    assert [item["href"] for item in summary["errorList"]] == ["#id_born-day", "#colour", "#id_name"]
    assert error_summary(_Form({**_date("4", "3", "1990"), "colour": "red", "name": "x"})) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("wx11aa", "WX1 1AA"),
        (" SW1A  2aa ", "SW1A 2AA"),
        ("M1 1AE", "M1 1AE"),
        ("12345", None),
        ("WX1", None),
    ],
)
def test_postcodes(text: str, expected: str | None) -> None:
    assert normalise_postcode(text) == expected


def test_error_summary_follows_the_order_of_the_fields() -> None:
    class Later(_Form):
        def clean(self) -> dict[str, object]:
            data = super().clean() or {}
            self.add_error("born", "Checked last, shown first")
            return data

    form = Later({"colour": "red"})
    form.is_valid()
    summary = error_summary(form)
    assert summary is not None
    assert [item["href"] for item in summary["errorList"]] == ["#id_born-day", "#id_born-day", "#id_name"]
