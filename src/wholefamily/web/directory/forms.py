"""The directory's forms: a service (the pages and the Open Referral UK import both validate through it) and the
list's filters."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.core.exceptions import ValidationError

from wholefamily.web.casework.postcodes import normalise_postcode
from wholefamily.web.directory import areas, needs
from wholefamily.web.directory.models import Service

MAX_AGE = 120
_PHONE = re.compile(r"\+?[0-9][0-9 ()-]{5,24}")


if TYPE_CHECKING:
    _ServiceModelForm = forms.ModelForm[Service]
else:
    _ServiceModelForm = forms.ModelForm


class ServiceForm(_ServiceModelForm):
    headlines = forms.MultipleChoiceField(
        label="Needs it serves",
        help_text="The framework's headlines: families with needs under them are offered the service.",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    website = forms.URLField(label="Website", required=False, max_length=200, assume_scheme="https")
    districts = forms.CharField(
        label="Postcode districts served",
        help_text="Outward codes such as WX1 WX2, separated by spaces or commas. Leave empty for everywhere.",
        required=False,
        max_length=1000,
    )

    class Meta:
        model = Service
        fields = [
            "kind",
            "name",
            "organisation",
            "description",
            "active",
            "min_age",
            "max_age",
            "eligibility",
            "headlines",
            "districts",
            "address",
            "town",
            "postcode",
            "contact_name",
            "contact_title",
            "phone",
            "email",
            "website",
            "opening_times",
            "referral",
            "referral_how",
        ]
        labels = {
            "kind": "Kind",
            "organisation": "Organisation",
            "active": "Open to referrals",
            "min_age": "Youngest age",
            "max_age": "Oldest age",
            "eligibility": "Who it is for",
            "contact_name": "Named contact",
            "contact_title": "Contact's job title",
            "opening_times": "Opening times",
            "referral": "Referral route",
            "referral_how": "How to refer",
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "eligibility": forms.Textarea(attrs={"rows": 2}),
            "opening_times": forms.Textarea(attrs={"rows": 2}),
            "referral_how": forms.Textarea(attrs={"rows": 3}),
            "kind": forms.RadioSelect,
            "referral": forms.RadioSelect,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["headlines"]).choices = list(needs.labels().items())
        if self.instance.pk and not self.is_bound:
            self.initial["districts"] = " ".join(self.instance.districts)
        for name in ("min_age", "max_age"):
            self.fields[name].widget.attrs.update({"inputmode": "numeric"})

    def clean_districts(self) -> list[str]:
        found, wrong = areas.districts(self.cleaned_data["districts"])
        if wrong:
            raise ValidationError(
                f"{', '.join(wrong[:5])}: not a postcode district; give outward codes such as WX1 or WX12"
            )
        return found

    def clean_postcode(self) -> str:
        text: str = self.cleaned_data["postcode"].strip()
        if not text:
            return ""
        postcode = normalise_postcode(text)
        if postcode is None:
            raise ValidationError("Enter a real postcode, like WX1 1AA")
        return postcode

    def clean_phone(self) -> str:
        text: str = self.cleaned_data["phone"].strip()
        if text and not _PHONE.fullmatch(text):
            raise ValidationError("Enter a phone number in digits, like 01632 960 001")
        return text

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("min_age"), data.get("max_age")
        for name, value in (("min_age", low), ("max_age", high)):
            if value is not None and value > MAX_AGE:
                self.add_error(name, f"Enter an age from 0 to {MAX_AGE}")
        if low is not None and high is not None and low > high:
            self.add_error("max_age", "The oldest age must be the same as or more than the youngest")
        return data


class FilterForm(forms.Form):
    need = forms.ChoiceField(label="Need", required=False)
    area = forms.CharField(
        label="Area",
        help_text="A postcode or a postcode district, like WX1 1AA or WX1.",
        required=False,
        max_length=10,
    )
    text = forms.CharField(label="Name or words", required=False, max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["need"]).choices = [("", "Any need"), *needs.labels().items()]

    def clean_area(self) -> str:
        text: str = self.cleaned_data["area"].strip()
        if not text:
            return ""
        found = areas.district(text)
        if found is None:
            raise ValidationError("Enter a postcode or a postcode district, like WX1 1AA or WX1")
        return found

    @property
    def filtering(self) -> bool:
        return self.is_bound and any(self.data.get(name) for name in self.fields)
