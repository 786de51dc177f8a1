"""Forms of the record's pages: the families list's filters, search, the team around the family and consent.
Messages follow the GOV.UK Design System: say what to do ("Enter ...", "Choose ..."), and name the field."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import Q, QuerySet

from wholefamily.web.accounts.models import Agency, Team, User
from wholefamily.web.casework.journey.front_door.allocation import practitioners
from wholefamily.web.casework.journey.front_door.forms import PractitionerChoiceField
from wholefamily.web.casework.models import Consent, Family, Person, TeamMember
from wholefamily.web.casework.record.search_query import SearchQuery, parse_query
from wholefamily.web.forms import GovukDateField


class WorkerFilterForm(forms.Form):
    """A manager's choice of whose work "My work" shows (sent with GET): everyone they manage, or one worker."""

    worker = forms.ChoiceField(required=False, label="Worker")

    def __init__(self, workers: QuerySet[User], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.workers = {str(w.pk): w for w in workers}
        self.fields["worker"].choices = [  # type: ignore[attr-defined]
            ("", "Everyone in the team"),
            *((pk, str(w)) for pk, w in self.workers.items()),
        ]

    def chosen(self) -> User | None:
        """The chosen worker, or None for everyone (an unknown worker is refused by the choices)."""
        return self.workers.get(self.cleaned_data["worker"]) if self.is_valid() else None


class FamilyFilterForm(forms.Form):
    """The coordinator's and data manager's filters on the list of all families (sent with GET)."""

    status = forms.ChoiceField(required=False, choices=[("", "Any status"), *Family.Status.choices])
    eligible = forms.ChoiceField(
        required=False,
        label="Eligibility",
        choices=[("", "Eligible or not"), ("yes", "Eligible"), ("no", "Not eligible")],
    )
    team = forms.ChoiceField(required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [  # type: ignore[attr-defined]
            ("", "Any team"),
            ("none", "Not allocated to a team"),
            *((str(team.pk), team.name) for team in Team.objects.all()),
        ]

    def apply(self, families: QuerySet[Family]) -> QuerySet[Family]:
        if not self.is_valid():
            return families
        data = self.cleaned_data
        if data["status"]:
            families = families.filter(status=data["status"])
        if data["eligible"]:
            families = families.filter(eligible=data["eligible"] == "yes")
        if data["team"] == "none":
            families = families.filter(team__isnull=True)
        elif data["team"]:
            families = families.filter(team_id=int(data["team"]))
        return families


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Name, date of birth, postcode or reference",
        help_text="For example, Jo Smith, 27/3/2015, WX1 1AA or WF000123",
        max_length=100,
        error_messages={"required": "Enter a name, date of birth, postcode or family reference"},
    )

    def clean_q(self) -> SearchQuery:
        parsed = parse_query(self.cleaned_data["q"])
        if isinstance(parsed, str):
            raise forms.ValidationError(parsed)
        return parsed


class TeamMemberForm(forms.Form):
    practitioner = PractitionerChoiceField(
        queryset=practitioners(),
        empty_label="Choose a practitioner",
        error_messages={"required": "Choose a practitioner"},
    )
    agency = forms.ChoiceField(
        required=False,
        choices=[("", "Their own agency, if any"), *Agency.choices],
        help_text="Leave as it is to use the practitioner's own agency",
    )
    role_in_team = forms.CharField(
        label="Role in the team",
        max_length=120,
        help_text="For example, school link worker",
        error_messages={"required": "Enter their role in the team"},
    )

    def __init__(self, *args: Any, family: Family, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.family = family

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        practitioner = data.get("practitioner")
        if practitioner is None:
            return data
        today = dt.date.today()
        seated = TeamMember.objects.filter(family=self.family, practitioner=practitioner).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=today)
        )
        if seated.exists():
            self.add_error("practitioner", f"{practitioner} is already in the team around this family")
        if not data.get("agency"):
            data["agency"] = practitioner.agency
        return data


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(
        label="What is the consent for?",
        widget=forms.RadioSelect,
        choices=Consent.Purpose.choices,
        error_messages={"required": "Choose what the consent is for"},
    )
    agency = forms.ChoiceField(
        required=False,
        choices=[("", "No agency"), *Agency.choices],
        help_text="Only when the consent is to share information with an agency",
    )
    given_by = forms.ModelChoiceField(
        label="Given by",
        queryset=Person.objects.none(),
        empty_label="Choose a family member",
        error_messages={"required": "Choose the family member who gave consent"},
    )
    given_on = GovukDateField(
        label="Date consent was given",
        help_text="For example, 27 3 2026",
        past_or_today=True,
        error_messages={"required": "Enter the date consent was given"},
    )
    how = forms.ChoiceField(
        label="How was consent given?",
        widget=forms.RadioSelect,
        choices=Consent.How.choices,
        error_messages={"required": "Choose how consent was given"},
    )

    def __init__(self, *args: Any, family: Family, asked: list[tuple[str, str]], **kwargs: Any) -> None:
        """``asked``: the purposes consent is asked for (``legal_basis.asked_purposes``); no other is offered."""
        super().__init__(*args, **kwargs)
        members = Person.objects.filter(memberships__family=family).distinct()
        self.fields["given_by"].queryset = members  # type: ignore[attr-defined]
        self.fields["purpose"].choices = asked  # type: ignore[attr-defined]
        self.fields["purpose"].error_messages["invalid_choice"] = (
            "Choose one of the purposes consent is asked for: consent is recorded only where it is the legal basis"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        purpose, agency = data.get("purpose"), data.get("agency")
        if purpose == Consent.Purpose.SHARE and not agency:
            self.add_error("agency", "Choose the agency the family agrees to share information with")
        elif purpose and purpose != Consent.Purpose.SHARE and agency:
            self.add_error(
                "agency", "Leave the agency as ‘No agency’ unless the consent is to share information"
            )
        return data
