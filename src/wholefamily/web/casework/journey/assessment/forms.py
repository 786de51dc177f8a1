"""Forms of the assessment, wellbeing and plan pages (GOV.UK wording: say what to do, name the field), and the
wellbeing form the reviews reuse."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.db.models import QuerySet

from wholefamily.web.accounts.models import User
from wholefamily.web.casework.journey.assessment.assessment import current_members, decision_problem
from wholefamily.web.casework.journey.assessment.own_ratings import TOGETHER
from wholefamily.web.casework.journey.assessment.wellbeing import HIGHEST, LOWEST, score_messages
from wholefamily.web.casework.models import (
    AssessedNeed,
    Family,
    Need,
    Person,
    PlanAction,
    PlanGoal,
    WellbeingArea,
)
from wholefamily.web.casework.needs import headline_labels, needs_for_goals
from wholefamily.web.forms import GovukDateField

_TODAY_HINT = "For example, 27 3 2026"


def _date(label: str, required: str) -> GovukDateField:
    return GovukDateField(
        label=label, help_text=_TODAY_HINT, past_or_today=True, error_messages={"required": required}
    )


class WellbeingForm(forms.Form):
    """One whole-number box per area, named by the area's value (``physical_health``, ...)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for area in WellbeingArea:
            label = str(area.label)
            self.fields[area.value] = forms.IntegerField(
                label=label,
                min_value=LOWEST,
                max_value=HIGHEST,
                widget=forms.TextInput(attrs={"inputmode": "numeric"}),
                error_messages=score_messages(label),
            )

    def area_fields(self) -> list[forms.BoundField]:
        return [self[area.value] for area in WellbeingArea]


def wellbeing_form(data: Mapping[str, Any] | None = None, **kwargs: Any) -> WellbeingForm:
    """The wellbeing form, bound to ``data`` (a POST) or unbound; ``kwargs`` go to the form (``prefix``,
    ``initial``)."""
    return WellbeingForm(data, **kwargs)


class OwnRatingsForm(WellbeingForm):
    """The ten areas as a family member (or the family together) rates them."""

    rated_on = GovukDateField(
        label="Date rated",
        help_text="For example, 27 3 2026",
        past_or_today=True,
        error_messages={"required": "Enter the date the family rated their wellbeing"},
    )
    who = forms.ChoiceField(
        label="Who rated",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who rated", "invalid_choice": "Choose who rated"},
    )

    def __init__(self, *args: Any, family: Family, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = {str(p.pk): p for p in current_members(family)}
        self.fields["who"].choices = [  # type: ignore[attr-defined]
            ("together", TOGETHER),
            *((key, p.full_name) for key, p in self.people.items()),
        ]

    def person(self) -> Person | None:
        return self.people.get(self.cleaned_data["who"])


class StartForm(forms.Form):
    started_on = _date("Date the assessment started", "Enter the date the assessment started")


class MemberForm(forms.Form):
    person = forms.TypedChoiceField(
        label="Family member", coerce=int, error_messages={"required": "Choose a family member"}
    )
    notes = forms.CharField(
        label="What did you learn about them?",
        help_text="Their strengths, worries and what they need",
        widget=forms.Textarea,
        max_length=5000,
        error_messages={"required": "Enter a note about this family member"},
    )

    def __init__(self, *args: Any, family: Family, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = {p.pk: p for p in current_members(family)}
        self.fields["person"].choices = [  # type: ignore[attr-defined]
            ("", "Choose a family member"),
            *((p.pk, p.full_name) for p in self.people.values()),
        ]


class NeedForm(forms.Form):
    headline = forms.ChoiceField(error_messages={"required": "Choose a headline"})
    decision = forms.ChoiceField(
        label="What did the assessment find?",
        widget=forms.RadioSelect,
        choices=AssessedNeed.Decision.choices,
        error_messages={"required": "Choose whether the need is confirmed, added or ruled out"},
    )
    note = forms.CharField(
        label="Why", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

    def __init__(self, *args: Any, family: Family, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.family = family
        self.fields["headline"].choices = [  # type: ignore[attr-defined]
            ("", "Choose a headline"),
            *sorted(headline_labels(family).items(), key=lambda item: item[1]),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("headline") and data.get("decision"):
            problem = decision_problem(self.family, data["headline"], data["decision"])
            if problem:
                self.add_error("decision", problem)
        return data


class ViewForm(forms.Form):
    family_view = forms.CharField(
        label="What the family say",
        help_text="Their view of their situation and what they want to change, in their words",
        widget=forms.Textarea,
        max_length=5000,
        error_messages={"required": "Enter what the family say"},
    )
    summary = forms.CharField(
        label="Summary of the assessment", required=False, widget=forms.Textarea, max_length=5000
    )


class CompleteForm(forms.Form):
    completed_on = _date("Date the assessment was completed", "Enter the date the assessment was completed")


class ScoresForm(WellbeingForm):
    """The wellbeing areas with the date they were scored."""

    scored_on = _date("Date scored", "Enter the date the family scored their wellbeing")


class GoalForm(forms.Form):
    """A goal for a whole headline, or (``need``) for one of the identified needs under it."""

    WHOLE_HEADLINE = ""

    headline = forms.ChoiceField(
        label="Need the goal is for", error_messages={"required": "Choose the need the goal is for"}
    )
    need = forms.ChoiceField(
        label="Which of the headline's needs",
        help_text="A goal for one identified need; leave as the whole headline for a goal that answers each of its needs",
        required=False,
    )
    goal = forms.CharField(
        label="Goal",
        help_text="What will be different, in the family's words where possible",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Enter the goal"},
    )
    family_words = forms.CharField(
        label="What the family want, in their own words (optional)",
        help_text="Write down what they said, as they said it",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        error_messages={"max_length": "What the family want must be 2000 characters or fewer"},
    )
    child_view = forms.CharField(
        label="What the child or young person says (optional)",
        help_text="Their view in their words, or how they showed it",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        error_messages={"max_length": "The child's view must be 2000 characters or fewer"},
    )

    def __init__(self, *args: Any, family: Family, sensitive: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["headline"].choices = [  # type: ignore[attr-defined]
            ("", "Choose a need"),
            *sorted(headline_labels(family).items(), key=lambda item: item[1]),
        ]
        self.needs = {str(pk): n for pk, n in needs_for_goals(family, sensitive=sensitive).items()}
        self.fields["need"].choices = [  # type: ignore[attr-defined]
            (self.WHOLE_HEADLINE, "The whole headline"),
            *((key, n.label) for key, n in self.needs.items()),
        ]

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        key = data.get("need") or ""
        chosen = self.needs.get(key)
        if chosen is not None and data.get("headline") and chosen.headline != data["headline"]:
            self.add_error("need", "Choose a need under the headline the goal is for, or the whole headline")
            return data
        data["need"] = None if chosen is None else Need.objects.get(pk=int(key))
        return data


class GoalStatusForm(forms.Form):
    status = forms.ChoiceField(
        label="Goal status",
        choices=PlanGoal.Status.choices,
        error_messages={"required": "Choose the goal's status"},
    )


class ActionForm(forms.Form):
    action = forms.CharField(
        label="Action",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        error_messages={"required": "Enter the action"},
    )
    owner = forms.CharField(
        label="Who will do it",
        help_text="A family member or a practitioner",
        max_length=120,
        error_messages={"required": "Enter who will do it"},
    )
    due_on = GovukDateField(
        label="Due date", help_text=_TODAY_HINT, error_messages={"required": "Enter the due date"}
    )
    owner_user = forms.ModelChoiceField(
        label="Practitioner who owns it",
        help_text="If a practitioner working with the family owns it, they can update its progress",
        queryset=User.objects.none(),
        required=False,
        empty_label="None",
        error_messages={"invalid_choice": "Choose a practitioner working with the family"},
    )

    def __init__(self, *args: Any, practitioners: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_user"].queryset = practitioners  # type: ignore[attr-defined]


class ProgressForm(forms.Form):
    progress = forms.ChoiceField(
        label="Progress",
        choices=PlanAction.Progress.choices,
        error_messages={"required": "Choose the action's progress"},
    )
    note = forms.CharField(
        label="Progress note", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )
