"""Forms of the step-up, step-down, closure and re-referral pages, and of the family's feedback at closure."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from wholefamily.web.casework.journey.closure.closure import latest_closed_on
from wholefamily.web.casework.journey.closure.feedback import QUESTIONS
from wholefamily.web.casework.models import REFERRER_AGENCIES, Closure, Family, FeedbackAnswer, Referral
from wholefamily.web.forms import GovukDateField


def _reason(label: str, required_message: str, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        error_messages={"required": required_message},
    )


class StepForm(forms.Form):
    decided_on = GovukDateField(
        label="Date of the decision",
        help_text="For example, 27 3 2026",
        past_or_today=True,
        error_messages={"required": "Enter the date of the decision"},
    )
    reason = _reason("Why?", "Enter the reason for the decision")


class ClosureForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why is the case closing?",
        widget=forms.RadioSelect,
        choices=Closure.Reason.choices,
        error_messages={"required": "Choose why the case is closing"},
    )
    closed_on = GovukDateField(
        label="Date the case closed",
        help_text="For example, 27 3 2026. The six months of sustained progress count from this date.",
        past_or_today=True,
        error_messages={"required": "Enter the date the case closed"},
    )
    note = forms.CharField(
        label="Closing summary (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
    )
    not_achieved_reason = forms.CharField(
        label="Why close now if a need's goal is not achieved?",
        help_text="Needed only to close as ‘outcomes met’ before every need's goal is achieved. "
        "Managers and auditors will see it.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
    )


class ReReferralForm(forms.Form):
    received_on = GovukDateField(
        label="Date the referral was received",
        help_text="For example, 27 3 2026",
        past_or_today=True,
        error_messages={"required": "Enter the date the referral was received"},
    )
    origin = forms.ChoiceField(
        label="Where does the referral come from?",
        widget=forms.RadioSelect,
        choices=Referral.Origin.choices,
        error_messages={"required": "Choose where the referral comes from"},
    )
    referrer_agency = forms.ChoiceField(
        label="Referred by (agency)",
        required=False,
        choices=[("", "No agency"), *REFERRER_AGENCIES],
    )
    referrer_name = forms.CharField(
        label="Name of the person referring (optional)", required=False, max_length=120
    )
    reason = _reason("Why is the family referred again?", "Enter why the family is referred again")

    def __init__(self, *args: Any, family: Family, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.closed_on = latest_closed_on(family)

    def clean_received_on(self) -> dt.date:
        received: dt.date = self.cleaned_data["received_on"]
        if self.closed_on and received < self.closed_on:
            raise forms.ValidationError(
                f"The date the referral was received must be on or after the case closed ({self.closed_on:%d/%m/%Y})"
            )
        return received


class FeedbackForm(forms.Form):
    """The closure questions, each on the one scale, and free text."""

    comments = forms.CharField(
        label="Is there anything else you would like to tell us? (optional)",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=3000,
        required=False,
        error_messages={"max_length": "Your answer must be 3000 characters or fewer"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        questions = {
            name: forms.ChoiceField(
                label=question,
                choices=FeedbackAnswer.choices,
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Answer the question: {question}",
                    "invalid_choice": f"Choose one of the answers to: {question}",
                },
            )
            for name, question in QUESTIONS.items()
        }
        self.fields = {**questions, **self.fields}

    def question_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in QUESTIONS]


class PaperFeedbackForm(FeedbackForm):
    answered_on = GovukDateField(
        label="Date the family filled in the form",
        help_text="For example, 27 3 2026",
        past_or_today=True,
        error_messages={"required": "Enter the date the family filled in the form"},
    )
