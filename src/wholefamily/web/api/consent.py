"""Consent through the API: record consent for a purpose (and, to share, an agency), and withdraw it. The same
rules and writes as the consent pages (``casework/record/team_and_consent.py``)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from wholefamily.web.accounts.models import Agency
from wholefamily.web.api.errors import errors
from wholefamily.web.api.family_gate import open_family, path_id, record_id
from wholefamily.web.api.fields import PastDateField, WholeNumber
from wholefamily.web.api.serializers import ConsentSerializer
from wholefamily.web.casework import access, legal_basis
from wholefamily.web.casework.models import Consent, Family, Person
from wholefamily.web.casework.record.team_and_consent import record_consent, withdraw_consent

_ID, _CONSENT_ID = path_id(), path_id("consent_id", "consent")
_CHANGE = (access.may_edit_team_and_consent, "record consent for")


class ConsentInputSerializer(serializers.Serializer[Consent]):
    purpose = serializers.ChoiceField(choices=Consent.Purpose.choices)
    agency = serializers.ChoiceField(
        choices=Agency.choices, required=False, allow_blank=True, default="", help_text="Only to share."
    )
    given_by = WholeNumber(help_text="The id of the family member who gave consent.")
    given_on = PastDateField()
    how = serializers.ChoiceField(choices=Consent.How.choices)

    def validate_purpose(self, purpose: str) -> str:
        problem = legal_basis.not_asked(purpose, legal_basis.in_use())
        if problem is not None:
            raise serializers.ValidationError(problem + ".")
        return purpose

    def validate_given_by(self, pk: int) -> Person:
        family: Family = self.context["family"]
        person = Person.objects.filter(memberships__family=family, pk=pk).first()
        if person is None:
            raise serializers.ValidationError("Choose a member of this family.")
        return person

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if data["purpose"] == Consent.Purpose.SHARE and not data["agency"]:
            raise serializers.ValidationError(
                {"agency": "Choose the agency the family agrees to share with."}
            )
        if data["purpose"] != Consent.Purpose.SHARE and data["agency"]:
            raise serializers.ValidationError({"agency": "An agency is only named for consent to share."})
        return data


class ConsentListView(APIView):
    @extend_schema(
        summary="Record consent for a family",
        parameters=[_ID],
        request=ConsentInputSerializer,
        responses={201: ConsentSerializer, **errors(400, 401, 403, 404)},
    )
    def post(self, request: Request, id: str) -> Response:
        family = open_family(request, id, journey=False, change=_CHANGE)
        body = ConsentInputSerializer(data=request.data, context={"family": family})
        body.is_valid(raise_exception=True)
        consent = record_consent(family, request.user, body.validated_data, request._request)  # type: ignore[arg-type]
        return Response(ConsentSerializer(consent).data, status=status.HTTP_201_CREATED)


class ConsentWithdrawView(APIView):
    @extend_schema(
        summary="Withdraw a family's consent",
        parameters=[_ID, _CONSENT_ID],
        request=None,
        responses={200: ConsentSerializer, **errors(401, 403, 404)},
    )
    def post(self, request: Request, id: str, consent_id: str) -> Response:
        family = open_family(request, id, journey=False, change=_CHANGE)
        pk = record_id(consent_id)
        consent = None if pk is None else family.consents.filter(pk=pk, withdrawn_on__isnull=True).first()
        if consent is None:
            raise NotFound("No such consent, or it is already withdrawn.")
        withdraw_consent(consent, request.user, request._request)  # type: ignore[arg-type]
        return Response(ConsentSerializer(consent).data)


urlpatterns = [
    path("families/<str:id>/consent/", login_not_required(ConsentListView.as_view()), name="consent-list"),
    path(
        "families/<str:id>/consent/<str:consent_id>/withdraw/",
        login_not_required(ConsentWithdrawView.as_view()),
        name="consent-withdraw",
    ),
]
