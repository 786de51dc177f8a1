"""Forms of the casework pages. Messages follow the GOV.UK Design System: say what to do ("Enter ...",
"Choose ..."), and name the field."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import Q, QuerySet

from wholefamily.web.accounts.models import Agency, Role, Team, User
from wholefamily.web.casework.models import (
    REFERRER_AGENCIES,
    Consent,
    Family,
    Membership,
    Person,
    TeamMember,
)
from wholefamily.web.casework.postcodes import normalise_postcode
from wholefamily.web.casework.search_query import SearchQuery, parse_query
from wholefamily.web.forms import GovukDateField


def practitioners() -> QuerySet[User]:
    """Who can lead a family or sit in the team around it: active keyworkers and partner practitioners."""
    return (
        User.objects.filter(is_active=True, role__in=[Role.KEYWORKER, Role.PARTNER])
        .select_related("team")
        .order_by("first_name", "last_name", "username")
    )


class PractitionerChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        where = obj.team.name if obj.team else obj.get_agency_display()
        return f"{obj} – {obj.get_role_display()}" + (f", {where}" if where else "")


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

    def __init__(self, *args: Any, family: Family, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = Person.objects.filter(memberships__family=family).distinct()
        self.fields["given_by"].queryset = members  # type: ignore[attr-defined]

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
