"""What the API reads and writes. Output serializers only ever receive rows the access rules already allowed
(``record.family_record.load_record`` and the views' querysets); input serializers validate a referral and search filters."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer

from wholefamily.web.accounts.models import User
from wholefamily.web.api.fields import TYPED_FIELD_MAPPING, PastDateField, Text, agency_field
from wholefamily.web.casework.access import Section
from wholefamily.web.casework.journey.front_door.referral import create_referral
from wholefamily.web.casework.models import (
    REFERRER_AGENCIES,
    Consent,
    Evidence,
    Family,
    Membership,
    Need,
    Person,
    TeamMember,
    TimelineEvent,
)
from wholefamily.web.casework.postcodes import TYPED_POSTCODE, normalise_postcode
from wholefamily.web.casework.record.family_record import FamilyRecord

# --- Output ------------------------------------------------------------------------------------------------


class PersonNameSerializer(serializers.ModelSerializer[Person]):
    serializer_field_mapping = TYPED_FIELD_MAPPING

    class Meta:
        model = Person
        fields = ["id", "full_name"]
        read_only_fields = fields


class FamilySummarySerializer(serializers.ModelSerializer[Family]):
    serializer_field_mapping = TYPED_FIELD_MAPPING
    reference = Text(read_only=True, help_text='Shown to users, for example "WF000123".')
    status_label = Text(source="get_status_display", read_only=True)
    allocated_team = Text(source="team.name", read_only=True, allow_null=True, default=None)
    lead_practitioner: serializers.StringRelatedField[User] = serializers.StringRelatedField(
        read_only=True, allow_null=True
    )
    referrer_agency = serializers.ChoiceField(choices=REFERRER_AGENCIES, allow_blank=True, read_only=True)

    class Meta:
        model = Family
        fields = [
            "id",
            "reference",
            "status",
            "status_label",
            "eligible",
            "priority",
            "priority_reason",
            "address",
            "postcode",
            "allocated_team",
            "lead_practitioner",
            "referral_reason",
            "referrer_agency",
            "referrer_name",
            "origin",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class MemberPersonSerializer(serializers.ModelSerializer[Person]):
    serializer_field_mapping = TYPED_FIELD_MAPPING

    class Meta:
        model = Person
        fields = ["id", "first_name", "surname", "full_name", "date_of_birth"]
        read_only_fields = fields


class MemberSerializer(serializers.ModelSerializer[Membership]):
    serializer_field_mapping = TYPED_FIELD_MAPPING
    person = MemberPersonSerializer(read_only=True)
    role_label = Text(source="get_role_display", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "person", "role", "role_label", "resident", "start_date", "end_date", "source"]
        read_only_fields = fields


class EvidenceSerializer(serializers.ModelSerializer[Evidence]):
    serializer_field_mapping = TYPED_FIELD_MAPPING

    class Meta:
        model = Evidence
        fields = [
            "id",
            "person",
            "source",
            "record_key",
            "kind",
            "event_date",
            "end_date",
            "delivery_date",
            "values",
        ]
        read_only_fields = fields


class NeedSerializer(serializers.ModelSerializer[Need]):
    """A need; ``evidence`` is present only for roles that may read evidence."""

    serializer_field_mapping = TYPED_FIELD_MAPPING

    people = PersonNameSerializer(many=True, read_only=True)
    evidence = EvidenceSerializer(many=True, required=False)

    class Meta:
        model = Need
        fields = [
            "id",
            "descriptor_id",
            "descriptor_label",
            "counted",
            "source",
            "framework",
            "note",
            "people",
            "evidence",
        ]
        read_only_fields = [f for f in fields if f != "evidence"]

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        sections = self.context.get("sections")
        if sections is not None and Section.EVIDENCE not in sections:
            del fields["evidence"]
        return fields


class NeedGroupSerializer(serializers.Serializer[Any]):
    headline = Text(read_only=True)
    headline_label = Text(source="label", read_only=True)
    restricted = serializers.BooleanField(
        read_only=True, help_text="Details restricted: the headline only, with no needs listed."
    )
    needs = NeedSerializer(many=True, read_only=True)


class EventSerializer(serializers.ModelSerializer[TimelineEvent]):
    """A timeline event. Sensitive events are left out for roles that may not see them."""

    serializer_field_mapping = TYPED_FIELD_MAPPING

    recorded_by: serializers.StringRelatedField[User] = serializers.StringRelatedField(
        read_only=True, allow_null=True
    )

    class Meta:
        model = TimelineEvent
        fields = ["id", "date", "kind", "title", "detail", "source", "person", "recorded_by"]
        read_only_fields = fields


class TeamMemberSerializer(serializers.ModelSerializer[TeamMember]):
    serializer_field_mapping = TYPED_FIELD_MAPPING
    practitioner: serializers.StringRelatedField[User] = serializers.StringRelatedField(read_only=True)
    agency = agency_field()

    class Meta:
        model = TeamMember
        fields = ["id", "practitioner", "agency", "role_in_team", "start_date", "end_date"]
        read_only_fields = fields


class ConsentSerializer(serializers.ModelSerializer[Consent]):
    serializer_field_mapping = TYPED_FIELD_MAPPING
    given_by = PersonNameSerializer(read_only=True, allow_null=True)
    agency = agency_field()
    active = serializers.BooleanField(read_only=True)

    class Meta:
        model = Consent
        fields = ["id", "purpose", "agency", "given_on", "how", "withdrawn_on", "active", "given_by"]
        read_only_fields = fields


#: Sections of the family record, in the order the detail shows them; each is absent when the role may not read it.
RECORD_SECTIONS = ("members", "needs", "timeline", "team", "consent")


class FamilyDetailSerializer(FamilySummarySerializer):
    """A family record. ``sections`` names what the caller may read; a section the role may not read is absent
    (evidence inside ``needs`` too). For roles that may not see sensitive details, sensitive needs show their
    headline only (``restricted``) and sensitive timeline events are left out."""

    sections = serializers.ListField(
        child=serializers.ChoiceField(choices=[s.value for s in Section]), read_only=True
    )
    members = MemberSerializer(many=True, required=False)
    needs = NeedGroupSerializer(many=True, required=False)
    timeline = EventSerializer(many=True, required=False)
    team = TeamMemberSerializer(many=True, required=False, help_text="The team around the family.")
    consent = ConsentSerializer(many=True, required=False)

    class Meta(FamilySummarySerializer.Meta):
        fields = [*FamilySummarySerializer.Meta.fields, "sections", *RECORD_SECTIONS]
        read_only_fields = FamilySummarySerializer.Meta.fields

    def to_representation(self, record: FamilyRecord) -> dict[str, Any]:  # type: ignore[override]
        data: dict[str, Any] = FamilySummarySerializer(record.family, context=self.context).data
        data["sections"] = sorted(record.sections)
        for name in RECORD_SECTIONS:
            rows = getattr(record, name)
            if rows is not None:
                data[name] = self.fields[name].to_representation(rows)
        return data


class PersonSummarySerializer(serializers.ModelSerializer[Person]):
    serializer_field_mapping = TYPED_FIELD_MAPPING

    class Meta:
        model = Person
        fields = ["id", "first_name", "surname", "full_name", "date_of_birth", "postcode"]
        read_only_fields = fields


class PersonFamilySerializer(serializers.ModelSerializer[Membership]):
    """A person's membership of a family the caller may open."""

    serializer_field_mapping = TYPED_FIELD_MAPPING

    family = serializers.IntegerField(source="family_id", read_only=True)
    reference = Text(source="family.reference", read_only=True)

    class Meta:
        model = Membership
        fields = ["family", "reference", "role", "resident", "start_date", "end_date"]
        read_only_fields = fields


class PersonDetailSerializer(serializers.ModelSerializer[Person]):
    serializer_field_mapping = TYPED_FIELD_MAPPING
    families = PersonFamilySerializer(many=True, read_only=True, source="visible_memberships")

    class Meta:
        model = Person
        fields = [
            "id",
            "first_name",
            "surname",
            "full_name",
            "date_of_birth",
            "sex",
            "nhs_number",
            "address",
            "postcode",
            "families",
        ]
        read_only_fields = fields


class ErrorSerializer(serializers.Serializer[Any]):
    detail = Text(read_only=True)


class TokenSerializer(serializers.Serializer[Any]):
    token = Text(read_only=True, help_text='Send it as "Authorization: Token <token>".')
    expires = serializers.DateTimeField(read_only=True)


# --- Input -------------------------------------------------------------------------------------------------


class SignInSerializer(AuthTokenSerializer):
    """Username and password, bounded so junk never reaches the database or the password hasher."""

    username = Text(write_only=True, max_length=150)
    password = Text(write_only=True, max_length=1024, trim_whitespace=False)


class ReferralPersonSerializer(serializers.Serializer[Any]):
    first_name = Text(max_length=100)
    surname = Text(max_length=100)
    date_of_birth = PastDateField(
        required=False, allow_null=True, default=None, help_text="YYYY-MM-DD, if known."
    )
    role = serializers.ChoiceField(choices=Membership.Role.choices)


class ReferralSerializer(serializers.Serializer[Family]):
    """A referral made by hand, with the rules of the New referral page: the household's address, why and by
    whom it was referred, and the people in it. Unknown fields are ignored."""

    address = Text(max_length=200)
    postcode = serializers.RegexField(
        TYPED_POSTCODE,
        max_length=8,
        trim_whitespace=False,
        help_text="A UK postcode, for example WX1 1AA (either case; the space may be left out).",
        error_messages={"invalid": "Enter a real postcode, like WX1 1AA."},
    )
    referral_reason = Text(max_length=2000)
    referrer_agency = serializers.ChoiceField(choices=REFERRER_AGENCIES)
    referrer_name = Text(max_length=120, help_text="The person referring.")
    people = serializers.ListField(child=ReferralPersonSerializer(), min_length=1, max_length=20)

    def validate_postcode(self, text: str) -> str:
        postcode = normalise_postcode(text)
        if postcode is None:
            raise serializers.ValidationError("Enter a real postcode, like WX1 1AA.")
        return postcode

    def create(self, validated_data: dict[str, Any]) -> Family:
        request = self.context["request"]
        # The page's own creation: team rule, members, timeline entry, audit entry.
        return create_referral(validated_data, list(validated_data["people"]), request.user, request._request)


class FamilyFilterSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=Family.Status.choices, required=False)
    eligible = serializers.BooleanField(required=False, help_text="true or false")
    postcode = Text(max_length=16, required=False, help_text="A full postcode, or its start (WX1).")
    q = Text(max_length=20, required=False, help_text="A family reference, like WF000123.")


class PersonFilterSerializer(serializers.Serializer[Any]):
    name = Text(max_length=200, required=False, help_text="Every word must be in the first name or surname.")
    date_of_birth = serializers.DateField(required=False, help_text="YYYY-MM-DD")
    postcode = Text(max_length=16, required=False, help_text="A full postcode, or its start (WX1).")
