"""Forms of the work pages: meetings, reviews, referrals to interventions and their progress, contacts and
notes. Rules that the API applies too live in the step's module (``date_problems``, ``progress_problems``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from wholefamily.web.accounts.models import User
from wholefamily.web.casework import access
from wholefamily.web.casework.journey.assessment.forms import wellbeing_form
from wholefamily.web.casework.journey.work import catalogue, intervention_referrals, meetings, reviews
from wholefamily.web.casework.models import CaseNote, Family, InterventionReferral, Person, WellbeingArea
from wholefamily.web.forms import GovukDateField

_DATE_HINT = "For example, 27 3 2026"


class _PersonChoices(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name)


class _Checked(forms.Form):
    def add_problems(self, problems: dict[str, str]) -> None:
        for field, message in problems.items():
            self.add_error(field, message)


class MeetingForm(_Checked):
    held_on = GovukDateField(
        label="Date of the meeting",
        help_text=_DATE_HINT,
        past_or_today=True,
        initial=dt.date.today,  # recorded on the day, most often
        error_messages={"required": "Enter the date of the meeting"},
    )
    attendees = forms.ModelMultipleChoiceField(
        label="Practitioners who attended",
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    family_attendees = _PersonChoices(
        label="Family members who attended",
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_attendees = forms.CharField(
        label="Anyone else who attended", max_length=300, required=False, help_text="Names and agencies"
    )
    decisions = forms.CharField(
        label="What was decided",
        widget=forms.Textarea,
        max_length=5000,
        error_messages={"required": "Enter what the meeting decided"},
    )
    next_meeting_on = GovukDateField(label="Date of the next meeting", help_text="If set", required=False)

    def __init__(self, *args: Any, family: Family, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = access.practitioners_around(family)  # type: ignore[attr-defined]
        self.fields["family_attendees"].queryset = meetings.members(family)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.add_problems(meetings.date_problems(data.get("held_on"), data.get("next_meeting_on")))
        return data


class ReviewForm(_Checked):
    held_on = GovukDateField(
        label="Date of the review",
        help_text=_DATE_HINT,
        past_or_today=True,
        initial=dt.date.today,  # recorded on the day, most often
        error_messages={"required": "Enter the date of the review"},
    )
    progress = forms.CharField(
        label="Progress since the last review",
        widget=forms.Textarea,
        max_length=5000,
        help_text="What has changed for the family, and what the plan needs next",
        error_messages={"required": "Enter the progress since the last review"},
    )
    next_review_on = GovukDateField(
        label="Date of the next review",
        help_text="Leave empty for six weeks after this review",
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(wellbeing_form().fields)  # the assessment's wellbeing tool, scored at each review

    def score_fields(self) -> list[forms.BoundField]:
        return [self[area.value] for area in WellbeingArea]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.add_problems(reviews.date_problems(data.get("held_on"), data.get("next_review_on")))
        return data


def _intervention_choices() -> list[tuple[str, str]]:
    items = sorted((i for i in catalogue.catalogue() if i.referable), key=lambda i: i.name.lower())
    return [("", "Choose an intervention"), *((i.id, i.name) for i in items)]


class InterventionReferralForm(_Checked):
    intervention = forms.ChoiceField(
        label="Intervention",
        choices=_intervention_choices,
        error_messages={"required": "Choose an intervention"},
    )
    person = forms.ModelChoiceField(
        label="Who is referred",
        queryset=Person.objects.none(),
        required=False,
        empty_label="The whole family",
    )
    referred_on = GovukDateField(
        label="Date of the referral",
        help_text=_DATE_HINT,
        past_or_today=True,
        error_messages={"required": "Enter the date of the referral"},
    )
    note = forms.CharField(label="Note", widget=forms.Textarea, max_length=2000, required=False)

    def __init__(self, *args: Any, family: Family, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = meetings.members(family)  # type: ignore[attr-defined]
        self.fields["person"].label_from_instance = lambda p: p.full_name  # type: ignore[attr-defined]

    def clean_intervention(self) -> str:
        chosen = str(self.cleaned_data["intervention"])
        problem = intervention_referrals.intervention_problem(chosen)
        if problem:
            raise forms.ValidationError(problem)
        return chosen


class ReferralProgressForm(_Checked):
    status = forms.ChoiceField(
        label="Where is the referral now?",
        widget=forms.RadioSelect,
        choices=InterventionReferral.Status.choices,
        error_messages={"required": "Choose where the referral is now"},
    )
    started_on = GovukDateField(
        label="Date started", help_text=_DATE_HINT, past_or_today=True, required=False
    )
    ended_on = GovukDateField(label="Date ended", help_text=_DATE_HINT, past_or_today=True, required=False)
    sessions_offered = forms.IntegerField(
        label="Sessions offered",
        min_value=0,
        max_value=500,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={"invalid": "Sessions offered must be a whole number"},
    )
    sessions_attended = forms.IntegerField(
        label="Sessions attended",
        min_value=0,
        max_value=500,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={"invalid": "Sessions attended must be a whole number"},
    )

    def __init__(self, *args: Any, referral: InterventionReferral, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.referral = referral

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors:
            self.add_problems(
                intervention_referrals.progress_problems(
                    self.referral.referred_on,
                    data["status"],
                    data.get("started_on"),
                    data.get("ended_on"),
                    data.get("sessions_offered"),
                    data.get("sessions_attended"),
                )
            )
        return data


class CaseNoteAmendForm(forms.Form):
    note = forms.CharField(
        label="Amended note",
        help_text="The note as it was is kept and shown with the amendment.",
        widget=forms.Textarea,
        max_length=10000,
        error_messages={"required": "Enter the amended note"},
    )

    def clean_note(self) -> str:
        note: str = self.cleaned_data["note"]
        if note.strip() == str(self.initial.get("note", "")).strip():
            raise forms.ValidationError("Change the note to amend it")
        return note


class CaseNoteForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of contact?",
        widget=forms.RadioSelect,
        choices=CaseNote.Kind.choices,
        error_messages={"required": "Choose what kind of contact it was"},
    )
    happened_on = GovukDateField(
        label="Date",
        help_text=_DATE_HINT,
        past_or_today=True,
        error_messages={"required": "Enter the date of the contact"},
    )
    people = _PersonChoices(
        label="Who was it with?",
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label="Note", widget=forms.Textarea, max_length=10000, error_messages={"required": "Enter the note"}
    )
    sensitive = forms.BooleanField(
        label="Sensitive: only practitioners who may see sensitive details can read it", required=False
    )

    def __init__(self, *args: Any, family: Family, may_mark_sensitive: bool, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"happened_on": dt.date.today()})
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = meetings.members(family)  # type: ignore[attr-defined]
        if not may_mark_sensitive:
            del self.fields["sensitive"]
