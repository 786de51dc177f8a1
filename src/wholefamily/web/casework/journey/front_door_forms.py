"""Forms of the front door: the triage decision."""

from __future__ import annotations

from typing import Any

from django import forms

from wholefamily.web.casework.journey.caseload import config
from wholefamily.web.casework.models import Referral

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
