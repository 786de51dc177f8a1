"""Forms of the workforce pages. A supervision and a case audit each agree up to ``ACTION_SLOTS`` actions, in
rows of three fields (what, who, by when) of which a row left empty is no action."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml
from django import forms
from django.db.models import QuerySet

from wholefamily.web.accounts.models import User
from wholefamily.web.casework.models import Family
from wholefamily.web.forms import GovukDateField
from wholefamily.web.workforce.models import Grade

ACTION_SLOTS = 3
_DATE_HINT = "For example, 27 3 2026"


@dataclass(frozen=True)
class Question:
    key: str
    question: str
    hint: str


@cache
def audit_questions() -> tuple[Question, ...]:
    text = resources.files("wholefamily.web.workforce").joinpath("data/case_audit.yaml").read_text("utf-8")
    return tuple(Question(**item) for item in yaml.safe_load(text))


class _User(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class _ActionRows(forms.Form):
    """Adds ``ACTION_SLOTS`` rows of action, owner and due date; ``actions()`` gives the rows filled in."""

    def add_action_rows(self, owners: QuerySet[User]) -> None:
        for n in range(1, ACTION_SLOTS + 1):
            self.fields[f"action-{n}"] = forms.CharField(
                label=f"Action {n}", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
            )
            self.fields[f"owner-{n}"] = _User(
                label=f"Who will do action {n}", queryset=owners, required=False, empty_label="Choose"
            )
            self.fields[f"due-{n}"] = GovukDateField(
                label=f"Action {n} due by", help_text=_DATE_HINT, required=False
            )

    def action_rows(self) -> list[tuple[forms.BoundField, forms.BoundField, forms.BoundField]]:
        return [
            (self[f"action-{n}"], self[f"owner-{n}"], self[f"due-{n}"]) for n in range(1, ACTION_SLOTS + 1)
        ]

    def check_action_rows(self, data: dict[str, Any], earliest: dt.date | None) -> None:
        for n in range(1, ACTION_SLOTS + 1):
            given = [data.get(f"{part}-{n}") for part in ("action", "owner", "due")]
            if not any(given) and not self.has_error(f"due-{n}"):
                continue
            if not given[0]:
                self.add_error(f"action-{n}", f"Enter action {n}, or leave its row empty")
            if not given[1]:
                self.add_error(f"owner-{n}", f"Choose who will do action {n}")
            if not given[2] and not self.has_error(f"due-{n}"):
                self.add_error(f"due-{n}", f"Enter when action {n} is due")
            elif given[2] and earliest and given[2] < earliest:
                self.add_error(f"due-{n}", f"Action {n} must be due on or after the day it was agreed")

    def actions(self) -> list[tuple[str, User, dt.date]]:
        data = self.cleaned_data
        return [
            (data[f"action-{n}"], data[f"owner-{n}"], data[f"due-{n}"])
            for n in range(1, ACTION_SLOTS + 1)
            if data.get(f"action-{n}")
        ]


class SupervisionForm(_ActionRows):
    """A session with one worker: only the families that worker leads may be discussed."""

    held_on = GovukDateField(
        label="Date of the session",
        help_text=_DATE_HINT,
        past_or_today=True,
        initial=dt.date.today,
        error_messages={"required": "Enter the date of the session"},
    )
    families = forms.ModelMultipleChoiceField(
        label="Families discussed",
        help_text="The families the worker leads",
        queryset=Family.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose only families the worker leads"},
    )
    discussion = forms.CharField(
        label="What was discussed", required=False, max_length=10000, widget=forms.Textarea
    )
    next_on = GovukDateField(
        label="Date of the next supervision",
        help_text=_DATE_HINT,
        error_messages={"required": "Enter the date of the next supervision"},
    )

    def __init__(self, *args: Any, families: QuerySet[Family], owners: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["families"].queryset = families  # type: ignore[attr-defined]
        self.fields["families"].label_from_instance = lambda family: family.reference  # type: ignore[attr-defined]
        self.add_action_rows(owners)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        held_on, next_on = data.get("held_on"), data.get("next_on")
        if held_on and next_on and next_on <= held_on:
            self.add_error("next_on", "The next supervision must be after this one")
        self.check_action_rows(data, held_on)
        return data


class CaseAuditForm(_ActionRows):
    audited_on = GovukDateField(
        label="Date of the audit",
        help_text=_DATE_HINT,
        past_or_today=True,
        initial=dt.date.today,
        error_messages={"required": "Enter the date of the audit"},
    )
    summary = forms.CharField(label="Summary", required=False, max_length=10000, widget=forms.Textarea)

    def __init__(self, *args: Any, owners: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in audit_questions():
            self.fields[f"grade-{question.key}"] = forms.ChoiceField(
                label=question.question,
                help_text=question.hint,
                choices=Grade.choices,
                widget=forms.RadioSelect,
                error_messages={"required": f"Choose a grade for: {question.question.lower()}"},
            )
            self.fields[f"comment-{question.key}"] = forms.CharField(
                label=f"Comment on: {question.question.lower()}",
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        self.add_action_rows(owners)

    def question_fields(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"grade-{q.key}"], self[f"comment-{q.key}"]) for q in audit_questions()]

    def grades(self) -> list[tuple[str, str, str]]:
        data = self.cleaned_data
        return [(q.key, data[f"grade-{q.key}"], data[f"comment-{q.key}"]) for q in audit_questions()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.check_action_rows(data, data.get("audited_on"))
        return data


class TrainingForm(forms.Form):
    worker = _User(
        label="Worker",
        queryset=User.objects.none(),
        empty_label="Choose",
        error_messages={"required": "Choose the worker", "invalid_choice": "Choose a worker you manage"},
    )
    course = forms.CharField(label="Course", max_length=200, error_messages={"required": "Enter the course"})
    provider = forms.CharField(
        label="Provider", max_length=200, error_messages={"required": "Enter who provided the course"}
    )
    completed_on = GovukDateField(
        label="Date completed",
        help_text=_DATE_HINT,
        past_or_today=True,
        error_messages={"required": "Enter the date the course was completed"},
    )
    expires_on = GovukDateField(
        label="Renewal date", help_text="If the course must be renewed. " + _DATE_HINT, required=False
    )

    def __init__(self, *args: Any, workers: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = workers  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        completed, expires = data.get("completed_on"), data.get("expires_on")
        if completed and expires and expires <= completed:
            self.add_error("expires_on", "The renewal date must be after the date completed")
        return data
