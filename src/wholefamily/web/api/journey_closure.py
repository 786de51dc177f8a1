"""API routes for the journey: step-up, step-down, closure and re-referral (included by api/urls.py under the
api namespace), with the rules of the pages.

A family the caller may not open answers 404; reading needs the journey section (else 403), a change needs
``may_decide_steps_and_closure`` (else 403); a step the family's status does not allow answers 409 with the
rule's message. Every read and change is audited."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.contrib.auth.decorators import login_not_required
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from wholefamily.web.accounts.models import User
from wholefamily.web.api.errors import conflict, errors
from wholefamily.web.api.family_gate import open_family, path_id, viewed
from wholefamily.web.api.fields import TYPED_FIELD_MAPPING, DateField, PastDateField, Text, recorded_by_field
from wholefamily.web.casework import access
from wholefamily.web.casework.access import Section
from wholefamily.web.casework.journey import transitions
from wholefamily.web.casework.journey.closure import closure
from wholefamily.web.casework.models import REFERRER_AGENCIES, Closure, Family, Referral, StepChange

# --- Serializers -------------------------------------------------------------------------------------------


class StepChangeSerializer(serializers.ModelSerializer[StepChange]):
    serializer_field_mapping = TYPED_FIELD_MAPPING
    decided_on = PastDateField()
    recorded_by = recorded_by_field()

    class Meta:
        model = StepChange
        fields = ["id", "direction", "decided_on", "reason", "recorded_by", "recorded_at"]
        read_only_fields = ["id", "direction", "recorded_by", "recorded_at"]


class ClosureSerializer(serializers.ModelSerializer[Closure]):
    serializer_field_mapping = TYPED_FIELD_MAPPING
    closed_on = PastDateField(help_text="Starts the six-month clock.")
    reason_label = Text(source="get_reason_display", read_only=True)
    sustained_until = DateField(
        read_only=True, help_text="The end of the six months in which progress needs to be sustained."
    )
    recorded_by = recorded_by_field()
    not_achieved = serializers.ListField(
        child=Text(),
        read_only=True,
        help_text="Closed as outcomes met: the needs whose goal was not achieved at closure.",
    )
    not_achieved_reason = Text(
        required=False,
        allow_blank=True,
        max_length=4000,
        help_text="Why close as outcomes met when a need's goal is not achieved (needed then, else 409).",
    )

    class Meta:
        model = Closure
        fields = [
            "id",
            "closed_on",
            "reason",
            "reason_label",
            "note",
            "not_achieved",
            "not_achieved_reason",
            "sustained_until",
            "reopened_on",
            "recorded_by",
            "recorded_at",
        ]
        read_only_fields = ["id", "reopened_on", "recorded_by", "recorded_at"]


class ReReferralSerializer(serializers.ModelSerializer[Referral]):
    serializer_field_mapping = TYPED_FIELD_MAPPING
    received_on = PastDateField()
    referrer_agency = serializers.ChoiceField(choices=REFERRER_AGENCIES, allow_blank=True, default="")
    referrer_name = Text(max_length=120, allow_blank=True, default="")
    family_status = Text(source="family.status", read_only=True)

    class Meta:
        model = Referral
        fields = [
            "id",
            "received_on",
            "origin",
            "referrer_agency",
            "referrer_name",
            "reason",
            "family_status",
            "recorded_at",
        ]
        read_only_fields = ["id", "family_status", "recorded_at"]

    def validate_received_on(self, received: dt.date) -> dt.date:
        closed_on = self.context.get("closed_on")
        if closed_on and received < closed_on:
            raise serializers.ValidationError(f"Must be on or after the date the case closed ({closed_on}).")
        return received


class ClosureHistorySerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=Family.Status.choices, read_only=True)
    closures = ClosureSerializer(many=True, read_only=True)
    step_changes = StepChangeSerializer(many=True, read_only=True)


# --- Views -------------------------------------------------------------------------------------------------

_ID = path_id(of="family")
_READ_ERRORS = errors(401, 403, 404)
_CHANGE_ERRORS = errors(400, 401, 403, 404, 409)


def _family(request: Request, id: str, change: str | None = None) -> Family:
    decides = access.may_decide_steps_and_closure
    return open_family(request, id, change=None if change is None else (decides, change))


class ClosureView(APIView):
    """The family's closures and step changes (GET), or close the case (POST)."""

    @extend_schema(
        summary="A family's closures and steps up and down",
        parameters=[_ID],
        responses={200: ClosureHistorySerializer, **_READ_ERRORS},
    )
    def get(self, request: Request, id: str) -> Response:
        family = open_family(request, id, section=Section.CLOSURE)
        viewed(request, family, "the closures")
        history = {
            "status": family.status,
            "closures": family.closures.select_related("recorded_by"),
            "step_changes": family.step_changes.select_related("recorded_by"),
        }
        return Response(ClosureHistorySerializer(history).data)

    @extend_schema(
        summary="Close the case",
        description="Closing as `outcomes_met` needs a family plan with a goal for every need, each achieved "
        "or else a `not_achieved_reason` (else 409).",
        parameters=[_ID],
        request=ClosureSerializer,
        responses={201: ClosureSerializer, **_CHANGE_ERRORS},
    )
    def post(self, request: Request, id: str) -> Response:
        family = _family(request, id, "close")
        body = ClosureSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        try:
            done = closure.close(
                family,
                cast(User, request.user),
                data["closed_on"],
                data["reason"],
                data.get("note", ""),
                request,
                not_achieved_reason=data.get("not_achieved_reason", ""),
            )
        except transitions.TransitionError as refused:
            return conflict(refused)
        return Response(ClosureSerializer(done).data, status=status.HTTP_201_CREATED)


class _StepView(APIView):
    direction: str = ""
    change: str = ""

    def post(self, request: Request, id: str) -> Response:
        family = _family(request, id, self.change)
        body = StepChangeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        try:
            done = closure.step(
                family, cast(User, request.user), self.direction, data["decided_on"], data["reason"], request
            )
        except transitions.TransitionError as refused:
            return conflict(refused)
        return Response(StepChangeSerializer(done).data, status=status.HTTP_201_CREATED)


class StepUpView(_StepView):
    direction = StepChange.Direction.UP
    change = "step up"

    @extend_schema(
        summary="Step the family up to children's social care",
        parameters=[_ID],
        request=StepChangeSerializer,
        responses={201: StepChangeSerializer, **_CHANGE_ERRORS},
    )
    def post(self, request: Request, id: str) -> Response:
        return super().post(request, id)


class StepDownView(_StepView):
    direction = StepChange.Direction.DOWN
    change = "step down"

    @extend_schema(
        summary="Step the family down to early help",
        description="Back to its lead practitioner (open) if it has one, else waiting for allocation.",
        parameters=[_ID],
        request=StepChangeSerializer,
        responses={201: StepChangeSerializer, **_CHANGE_ERRORS},
    )
    def post(self, request: Request, id: str) -> Response:
        return super().post(request, id)


class ReReferralView(APIView):
    @extend_schema(
        summary="Refer a closed family again, reopening the case",
        description="A new referral waiting for triage; the closure gets `reopened_on` and the history stays.",
        parameters=[_ID],
        request=ReReferralSerializer,
        responses={201: ReReferralSerializer, **_CHANGE_ERRORS},
    )
    def post(self, request: Request, id: str) -> Response:
        family = _family(request, id, "refer again")
        body = ReReferralSerializer(
            data=request.data, context={"closed_on": closure.latest_closed_on(family)}
        )
        body.is_valid(raise_exception=True)
        try:
            referral = closure.rerefer(
                family, cast(User, request.user), request=request, **body.validated_data
            )
        except transitions.TransitionError as refused:
            return conflict(refused)
        return Response(ReReferralSerializer(referral).data, status=status.HTTP_201_CREATED)


urlpatterns = [
    path("families/<str:id>/closure/", login_not_required(ClosureView.as_view()), name="family-closure"),
    path("families/<str:id>/step-up/", login_not_required(StepUpView.as_view()), name="family-step-up"),
    path("families/<str:id>/step-down/", login_not_required(StepDownView.as_view()), name="family-step-down"),
    path(
        "families/<str:id>/re-referral/",
        login_not_required(ReReferralView.as_view()),
        name="family-re-referral",
    ),
]
