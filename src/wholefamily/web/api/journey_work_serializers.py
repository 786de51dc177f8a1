"""What the work part of the journey API reads and writes: meetings, reviews, the intervention catalogue,
referrals to interventions and case notes. Input serializers apply the same rules as the pages' forms (the
rules live in the step modules) and take people only from the family in ``context["family"]``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rest_framework import serializers

from wholefamily.web.accounts.models import User
from wholefamily.web.api.fields import DateField
from wholefamily.web.api.serializers import PersonNameSerializer
from wholefamily.web.casework import access
from wholefamily.web.casework.journey.assessment.wellbeing import score_problems
from wholefamily.web.casework.journey.work import catalogue, intervention_referrals, meetings, reviews
from wholefamily.web.casework.models import (
    CaseNote,
    CaseNoteAmendment,
    InterventionReferral,
    Person,
    Review,
    TafMeeting,
    WellbeingArea,
)


def _not_future(day: dt.date) -> None:
    if day > dt.date.today():
        raise serializers.ValidationError("The date must be today or in the past.")


def _raise(problems: dict[str, str]) -> None:
    if problems:
        raise serializers.ValidationError({field: [message] for field, message in problems.items()})


# --- Output ------------------------------------------------------------------------------------------------


class MeetingSerializer(serializers.ModelSerializer[TafMeeting]):
    attendees: serializers.StringRelatedField[User] = serializers.StringRelatedField(
        many=True, read_only=True
    )
    family_attendees = PersonNameSerializer(many=True, read_only=True)
    recorded_by: serializers.StringRelatedField[User] = serializers.StringRelatedField(
        read_only=True, allow_null=True
    )

    class Meta:
        model = TafMeeting
        fields = [
            "id",
            "held_on",
            "attendees",
            "family_attendees",
            "other_attendees",
            "decisions",
            "next_meeting_on",
            "recorded_by",
            "recorded_at",
        ]
        read_only_fields = fields


class ReviewSerializer(serializers.ModelSerializer[Review]):
    scores = serializers.SerializerMethodField(help_text="Wellbeing scores by area, 1 to 10.")
    recorded_by: serializers.StringRelatedField[User] = serializers.StringRelatedField(
        read_only=True, allow_null=True
    )

    class Meta:
        model = Review
        fields = ["id", "held_on", "progress", "next_review_on", "scores", "recorded_by", "recorded_at"]
        read_only_fields = fields

    def get_scores(self, review: Review) -> dict[str, int]:
        return {score.area: score.score for score in review.scores.all()}


class EvidenceRatingSerializer(serializers.Serializer[Any]):  # reads catalogue.Evidence
    label = serializers.CharField(  # type: ignore[assignment]  # a field named like a Field attribute
        read_only=True, help_text='For example "EIF level 3+", "Not rated".'
    )
    rating = serializers.CharField(
        read_only=True, allow_null=True, help_text="The review's own words; null when it gives no rating."
    )
    levels = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text="EIF levels stated (4, 3, 2, NL2, with +)."
    )
    rated_by = serializers.CharField(read_only=True, allow_null=True)
    source = serializers.CharField(read_only=True, allow_null=True)  # type: ignore[assignment]  # as label
    date = serializers.CharField(read_only=True, allow_null=True)


class InterventionSerializer(serializers.Serializer[Any]):  # reads catalogue.Intervention
    id = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    kind = serializers.CharField(read_only=True, help_text='"intervention" or "system_approach".')
    referable = serializers.BooleanField(read_only=True)
    area = serializers.CharField(read_only=True)
    who_for = serializers.CharField(read_only=True, allow_null=True)
    ages = serializers.CharField(read_only=True, allow_null=True)
    level_of_need = serializers.CharField(read_only=True, allow_null=True)
    delivery = serializers.CharField(read_only=True)
    headlines = serializers.ListField(child=serializers.CharField(), read_only=True)
    evidence = EvidenceRatingSerializer(read_only=True)


class SuggestionSerializer(serializers.Serializer[Any]):  # reads catalogue.Match
    intervention = InterventionSerializer(read_only=True)
    matched = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text="The family's headlines it works on."
    )


class InterventionReferralSerializer(serializers.ModelSerializer[InterventionReferral]):
    intervention_name = serializers.SerializerMethodField()
    person = PersonNameSerializer(read_only=True, allow_null=True)

    class Meta:
        model = InterventionReferral
        fields = [
            "id",
            "intervention_id",
            "intervention_name",
            "person",
            "referred_on",
            "started_on",
            "ended_on",
            "sessions_offered",
            "sessions_attended",
            "status",
            "note",
        ]
        read_only_fields = fields

    def get_intervention_name(self, referral: InterventionReferral) -> str:
        return catalogue.name_of(referral.intervention_id)


class CaseNoteAmendmentSerializer(serializers.ModelSerializer[CaseNoteAmendment]):
    recorded_by: serializers.StringRelatedField[User] = serializers.StringRelatedField(
        read_only=True, allow_null=True
    )

    class Meta:
        model = CaseNoteAmendment
        fields = ["recorded_at", "recorded_by", "original"]
        read_only_fields = fields


class CaseNoteSerializer(serializers.ModelSerializer[CaseNote]):
    people = PersonNameSerializer(many=True, read_only=True)
    recorded_by: serializers.StringRelatedField[User] = serializers.StringRelatedField(
        read_only=True, allow_null=True
    )
    amendments = CaseNoteAmendmentSerializer(
        many=True, read_only=True, help_text="Corrections, oldest first, each with the text it replaced."
    )

    class Meta:
        model = CaseNote
        fields = [
            "id",
            "kind",
            "happened_on",
            "people",
            "note",
            "sensitive",
            "agency",
            "recorded_by",
            "amendments",
        ]
        read_only_fields = fields


# --- Input -------------------------------------------------------------------------------------------------


class _FamilyInput(serializers.Serializer[Any]):
    """Restricts the people fields to the family's current members (and practitioners to its team)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        family = self.context.get("family")
        if family is None:  # the schema generator's instance
            return
        for name, field in self.fields.items():
            related: Any = getattr(field, "child_relation", field)  # the field itself, or a list's items
            if name in ("family_attendees", "people", "person"):
                related.queryset = meetings.members(family)
            elif name == "attendees":
                related.queryset = access.practitioners_around(family)


class MeetingInputSerializer(_FamilyInput):
    held_on = DateField(validators=[_not_future])
    decisions = serializers.CharField(max_length=5000)
    attendees = serializers.PrimaryKeyRelatedField(
        many=True, required=False, queryset=User.objects.none(), help_text="Practitioners' user ids."
    )
    family_attendees = serializers.PrimaryKeyRelatedField(
        many=True, required=False, queryset=Person.objects.none(), help_text="Family members' ids."
    )
    other_attendees = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    next_meeting_on = DateField(required=False, allow_null=True, default=None)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        _raise(meetings.date_problems(attrs["held_on"], attrs.get("next_meeting_on")))
        return attrs


class ReviewInputSerializer(serializers.Serializer[Any]):
    held_on = DateField(validators=[_not_future])
    progress = serializers.CharField(max_length=5000)
    next_review_on = DateField(
        required=False, allow_null=True, default=None, help_text="Default: six weeks after the review."
    )
    scores = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="A wellbeing score from 1 to 10 for each of the ten areas, by area "
        "(physical_health, emotional_wellbeing, keeping_safe, relationships, parenting, learning, "
        "work_and_money, home, drugs_and_alcohol, community).",
    )

    def validate_scores(self, scores: dict[str, int]) -> dict[str, Any]:
        problems = score_problems(scores)
        if problems:
            raise serializers.ValidationError({area: [message] for area, message in problems.items()})
        return {area.value: scores[area.value] for area in WellbeingArea}

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        _raise(reviews.date_problems(attrs["held_on"], attrs.get("next_review_on")))
        return attrs


class InterventionReferralInputSerializer(_FamilyInput):
    intervention_id = serializers.CharField(max_length=80, help_text="An id from /api/interventions/.")
    person = serializers.PrimaryKeyRelatedField(
        required=False,
        allow_null=True,
        default=None,
        queryset=Person.objects.none(),
        help_text="A family member's id; empty for the whole family.",
    )
    referred_on = DateField(validators=[_not_future])
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")

    def validate_intervention_id(self, value: str) -> str:
        problem = intervention_referrals.intervention_problem(value)
        if problem:
            raise serializers.ValidationError(problem)
        return value


class ReferralProgressInputSerializer(serializers.Serializer[Any]):
    """The referral's progress; fields left out keep their current values."""

    status = serializers.ChoiceField(choices=InterventionReferral.Status.choices, required=False)
    started_on = DateField(required=False, allow_null=True, validators=[_not_future])
    ended_on = DateField(required=False, allow_null=True, validators=[_not_future])
    sessions_offered = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=500)
    sessions_attended = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=500)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        referral: InterventionReferral = self.context["referral"]
        names = ("status", "started_on", "ended_on", "sessions_offered", "sessions_attended")
        merged = {name: attrs.get(name, getattr(referral, name)) for name in names}
        _raise(
            intervention_referrals.progress_problems(
                referral.referred_on,
                merged["status"],
                merged["started_on"],
                merged["ended_on"],
                merged["sessions_offered"],
                merged["sessions_attended"],
            )
        )
        return merged


class CaseNoteInputSerializer(_FamilyInput):
    kind = serializers.ChoiceField(choices=CaseNote.Kind.choices)
    happened_on = DateField(validators=[_not_future])
    note = serializers.CharField(max_length=10000)
    people = serializers.PrimaryKeyRelatedField(
        many=True, required=False, queryset=Person.objects.none(), help_text="Family members' ids."
    )
    sensitive = serializers.BooleanField(
        required=False, default=False, help_text="Only roles that see sensitive details may set it."
    )

    def validate_sensitive(self, value: bool) -> bool:
        if value and not self.context["may_mark_sensitive"]:
            raise serializers.ValidationError("Your role may not mark a note sensitive.")
        return value


class CaseNoteAmendmentInputSerializer(serializers.Serializer[Any]):
    note = serializers.CharField(
        max_length=10000, help_text="The amended text; the text it replaces is kept."
    )

    def validate_note(self, value: str) -> str:
        if value.strip() == self.context["note"].note.strip():
            raise serializers.ValidationError("Change the note to amend it.")
        return value
