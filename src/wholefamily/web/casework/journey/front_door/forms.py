"""Forms of the front door: a referral made by hand, the triage decision and allocation."""

from __future__ import annotations

from typing import Any

from django import forms

from wholefamily.web.accounts.models import Team
from wholefamily.web.casework.journey.front_door.allocation import lead_problem, practitioners
from wholefamily.web.casework.journey.front_door.caseload import config
from wholefamily.web.casework.models import REFERRER_AGENCIES, Membership, Referral
from wholefamily.web.casework.postcodes import normalise_postcode
from wholefamily.web.forms import GovukDateField


class PractitionerChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        where = obj.team.name if obj.team else obj.get_agency_display()
        return f"{obj} – {obj.get_role_display()}" + (f", {where}" if where else "")


class ReferralForm(forms.Form):
    """A family referred by hand: where they live, why, who referred them, and up to three people. The first
    person is required; each further person is used when any of their boxes is filled in."""

    PEOPLE = 3

    address = forms.CharField(
        max_length=200, error_messages={"required": "Enter the family's address"}, label="Address"
    )
    postcode = forms.CharField(max_length=10, error_messages={"required": "Enter the postcode"})
    referral_reason = forms.CharField(
        label="Why is the family being referred?",
        widget=forms.Textarea,
        max_length=2000,
        error_messages={"required": "Enter why the family is being referred"},
    )
    referrer_agency = forms.ChoiceField(
        label="Referred by (agency)",
        choices=[("", "Choose an agency"), *REFERRER_AGENCIES],
        error_messages={"required": "Choose who referred the family"},
    )
    referrer_name = forms.CharField(
        label="Name of the person referring",
        max_length=120,
        error_messages={"required": "Enter the name of the person referring"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i in range(1, self.PEOPLE + 1):
            self.fields[f"person_{i}_first_name"] = forms.CharField(
                label="First name", max_length=100, required=False
            )
            self.fields[f"person_{i}_surname"] = forms.CharField(
                label="Surname", max_length=100, required=False
            )
            self.fields[f"person_{i}_date_of_birth"] = GovukDateField(
                label=f"Person {i}'s date of birth",
                help_text="If known. For example, 27 3 2015",
                required=False,
                past_or_today=True,
            )
            self.fields[f"person_{i}_role"] = forms.ChoiceField(
                label="Role in the family",
                required=False,
                choices=[("", "Choose a role"), *Membership.Role.choices],
            )

    def clean_postcode(self) -> str:
        postcode = normalise_postcode(self.cleaned_data["postcode"])
        if postcode is None:
            raise forms.ValidationError("Enter a real postcode, like WX1 1AA")
        return postcode

    def person_fields(self, i: int) -> dict[str, forms.BoundField]:
        """The bound fields of person ``i``, for the template."""
        return {
            part: self[f"person_{i}_{part}"] for part in ("first_name", "surname", "date_of_birth", "role")
        }

    def _in_use(self, i: int) -> bool:
        if i == 1:
            return True
        names = [f"person_{i}_{part}" for part in ("first_name", "surname", "date_of_birth", "role")]
        return any(self.cleaned_data.get(name) or name in self.errors for name in names)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for i in range(1, self.PEOPLE + 1):
            if not self._in_use(i):
                continue
            for part, message in (
                ("first_name", "Enter the first name of person {i}"),
                ("surname", "Enter the surname of person {i}"),
                ("role", "Choose the role in the family of person {i}"),
            ):
                name = f"person_{i}_{part}"
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, message.format(i=i))
        return data

    def people(self) -> list[dict[str, Any]]:
        """The people entered (call after ``is_valid``): first_name, surname, date_of_birth, role."""
        return [
            {
                part: self.cleaned_data[f"person_{i}_{part}"]
                for part in ("first_name", "surname", "date_of_birth", "role")
            }
            for i in range(1, self.PEOPLE + 1)
            if self._in_use(i)
        ]


class AllocationForm(forms.Form):
    team = forms.ModelChoiceField(
        queryset=Team.objects.all(), empty_label="Choose a team", error_messages={"required": "Choose a team"}
    )
    lead_practitioner = PractitionerChoiceField(
        queryset=practitioners(),
        empty_label="Choose a lead practitioner",
        error_messages={"required": "Choose a lead practitioner"},
    )

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        team, lead = cleaned.get("team"), cleaned.get("lead_practitioner")
        if team is not None and lead is not None:
            problem = lead_problem(team, lead)
            if problem is not None:
                self.add_error("lead_practitioner", problem)
        return cleaned


CONTACT_CHOICES = [("yes", "Yes"), ("no", "No"), ("unknown", "Not asked yet")]
CONTACT_VALUES: dict[str, bool | None] = {"yes": True, "no": False, "unknown": None}


class TriageForm(forms.Form):
    level_of_need = forms.TypedChoiceField(
        label="Level of need",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the family's level of need"},
    )
    route = forms.ChoiceField(
        label="Where should the family go?",
        widget=forms.RadioSelect,
        choices=Referral.Route.choices,
        error_messages={"required": "Choose where the family should go"},
    )
    decision_reason = forms.CharField(
        label="Reason for the decision",
        help_text="What you found (including the safeguarding screen) and why this route",
        widget=forms.Textarea,
        max_length=4000,
        error_messages={"required": "Enter the reason for the decision"},
    )
    consent_to_contact = forms.ChoiceField(
        label="Has the family agreed to be contacted?",
        widget=forms.RadioSelect,
        choices=CONTACT_CHOICES,
        error_messages={"required": "Choose whether the family has agreed to be contacted"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level_of_need"].choices = config().level_choices()  # type: ignore[attr-defined]

    def clean_consent_to_contact(self) -> bool | None:
        return CONTACT_VALUES[self.cleaned_data["consent_to_contact"]]


def show_refusal(form: forms.Form, message: str) -> None:
    """Put a refusal (a ``TransitionError``'s message) in the form's error summary, in place of any other
    error: the page shows why the step cannot happen, and nothing else to correct."""
    form.errors.clear()
    form.cleaned_data = {}
    form.add_error(None, message)
