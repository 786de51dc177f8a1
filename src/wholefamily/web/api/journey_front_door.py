"""API routes for the journey: front door (included by api/urls.py under the api namespace).

Triage and allocation do what their pages do (``journey/front_door/triage.py`` and ``allocation.py``): a family
the caller may not open answers 404, an action their role may not take 403 (both audited as "denied"), a step the
family's status does not allow 409 with the reason. Caseloads and the dashboard are for team managers and
coordinators.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth.decorators import login_not_required
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from wholefamily.web.accounts import audit
from wholefamily.web.accounts.models import AuditEntry, Team, User
from wholefamily.web.api.errors import conflict, errors
from wholefamily.web.api.family_gate import open_family, path_id
from wholefamily.web.api.fields import TYPED_FIELD_MAPPING, RowId, Text, TrueOrFalse
from wholefamily.web.casework import access
from wholefamily.web.casework.access import Permission
from wholefamily.web.casework.journey.front_door.allocation import (
    allocate_family,
    lead_problem,
    over_limit_warning,
    practitioners,
)
from wholefamily.web.casework.journey.front_door.caseload import caseloads, config, workers_for
from wholefamily.web.casework.journey.front_door.dashboard import dashboard_data
from wholefamily.web.casework.journey.front_door.triage import triage_family
from wholefamily.web.casework.journey.transitions import TransitionError
from wholefamily.web.casework.models import Family, Referral

_ID = path_id()


class TriageSerializer(serializers.Serializer[Any]):
    level_of_need = serializers.ChoiceField(
        choices=[1, 2, 3, 4], help_text="1 to 4; labels in caseload.yaml."
    )
    route = serializers.ChoiceField(choices=Referral.Route.choices)
    decision_reason = Text(max_length=4000)
    consent_to_contact = TrueOrFalse(
        allow_null=True, default=None, help_text="Has the family agreed to be contacted? null: not asked yet."
    )


class ReferralSerializer(serializers.ModelSerializer[Referral]):
    serializer_field_mapping = TYPED_FIELD_MAPPING
    level_label = serializers.SerializerMethodField()
    family_status = Text(source="family.status", read_only=True)

    class Meta:
        model = Referral
        fields = [
            "id",
            "family",
            "family_status",
            "received_on",
            "origin",
            "referrer_agency",
            "referrer_name",
            "reason",
            "consent_to_contact",
            "level_of_need",
            "level_label",
            "route",
            "decision_reason",
            "triaged_by",
            "triaged_at",
        ]

    def get_level_label(self, referral: Referral) -> str:
        return config().level_label(referral.level_of_need)


class AllocationSerializer(serializers.Serializer[Any]):
    team = RowId(queryset=Team.objects.all())
    lead_practitioner = RowId(
        queryset=practitioners(),
        help_text="An active keyworker of the team, or a partner practitioner.",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        problem = lead_problem(attrs["team"], attrs["lead_practitioner"])
        if problem is not None:
            raise serializers.ValidationError({"lead_practitioner": [problem]})
        return attrs


class CaseloadSerializer(serializers.Serializer[Any]):
    worker_id = serializers.IntegerField()
    username = Text()
    name = Text()
    role = Text()
    team = Text(allow_null=True)
    families = serializers.IntegerField()
    points = serializers.FloatField()
    limit = serializers.FloatField(allow_null=True)
    state = serializers.ChoiceField(choices=["ok", "near", "over"])
    by_level = serializers.DictField(child=serializers.IntegerField(), help_text="Families by level label.")


class AllocationResultSerializer(serializers.Serializer[Any]):
    family = serializers.IntegerField()
    reference = Text()
    status = Text()
    team = serializers.IntegerField()
    lead_practitioner = serializers.IntegerField()
    caseload = CaseloadSerializer()
    warnings = serializers.ListField(child=Text())


class _FamilyRowSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    reference = Text()
    status = Text()
    team = Text(allow_null=True)
    lead_practitioner = Text(allow_null=True)


class _WaitingTriageSerializer(_FamilyRowSerializer):
    received_on = serializers.DateField()
    days_waiting = serializers.IntegerField()


class _WaitingAllocationSerializer(_FamilyRowSerializer):
    level_of_need = serializers.IntegerField(allow_null=True)
    level_label = Text()
    weight = serializers.FloatField()
    triaged_on = serializers.DateField(allow_null=True)
    days_waiting = serializers.IntegerField(allow_null=True)


class _OverdueSerializer(_FamilyRowSerializer):
    review_due = serializers.DateField()
    days_overdue = serializers.IntegerField()


class _LongOpenSerializer(_FamilyRowSerializer):
    opened_on = serializers.DateField()
    days_open = serializers.IntegerField()


class DashboardSerializer(serializers.Serializer[Any]):
    caseloads = CaseloadSerializer(many=True)
    waiting_for_triage = _WaitingTriageSerializer(many=True)
    waiting_for_allocation = _WaitingAllocationSerializer(many=True)
    identified_not_triaged = serializers.IntegerField(help_text="Eligible families from partner data.")
    overdue_reviews = _OverdueSerializer(many=True)
    open_over_a_year = _LongOpenSerializer(many=True)


def _family(request: Request, id: str, may: Permission, action: str) -> Family:
    return open_family(request, id, journey=False, change=(may, action))


def _user(request: Request) -> User:
    return cast(User, request.user)


def _manager(request: Request, what: str) -> User:
    user = _user(request)
    if not access.may_view_caseloads(user):
        audit.record(user, AuditEntry.Action.DENIED, request=request, summary=f"Not allowed to see {what}")
        raise PermissionDenied(f"Your role may not see {what}.")
    return user


class TriageView(APIView):
    @extend_schema(
        summary="Triage a referral, or a family identified from partner data",
        description="Records the level of need, the route and the reason. Early help accepts the family "
        "(waiting for allocation), children's social care steps it up, universal services closes it.",
        parameters=[_ID],
        request=TriageSerializer,
        responses={200: ReferralSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, id: str) -> Response:
        family = _family(request, id, access.may_triage, "triage")
        data = TriageSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            referral = triage_family(family, _user(request), data.validated_data, request)
        except TransitionError as refusal:
            return conflict(refusal)
        return Response(ReferralSerializer(referral).data)


class AllocationView(APIView):
    @extend_schema(
        summary="Allocate a family accepted at triage (or re-allocate an open case)",
        description="Opens the case with a team and a lead practitioner. A lead practitioner pushed past "
        "their caseload limit is still allocated; the answer carries a warning.",
        parameters=[_ID],
        request=AllocationSerializer,
        responses={200: AllocationResultSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, id: str) -> Response:
        family = _family(request, id, access.may_allocate, "allocate")
        data = AllocationSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        team, lead = data.validated_data["team"], data.validated_data["lead_practitioner"]
        try:
            load = allocate_family(family, team, lead, _user(request), request)
        except TransitionError as refusal:
            return conflict(refusal)
        warning = over_limit_warning(load)
        result = {
            "family": family.pk,
            "reference": family.reference,
            "status": family.status,
            "team": team.pk,
            "lead_practitioner": lead.pk,
            "caseload": load.as_dict(),
            "warnings": [warning] if warning else [],
        }
        return Response(AllocationResultSerializer(result).data)


class CaseloadsView(APIView):
    @extend_schema(
        summary="Caseloads of the workers you manage",
        description="Weighted by level of need (and family size) against each worker's limit.",
        responses={200: CaseloadSerializer(many=True), **errors(401, 403)},
    )
    def get(self, request: Request) -> Response:
        user = _manager(request, "caseloads")
        loads = [load.as_dict() for load in caseloads(workers_for(user))]
        audit.record(user, AuditEntry.Action.VIEW, request=request, summary="Caseloads")
        return Response(CaseloadSerializer(loads, many=True).data)


class DashboardView(APIView):
    @extend_schema(
        summary="The team dashboard",
        description="Caseloads, referrals waiting for triage or allocation, overdue reviews and cases open "
        "more than a year.",
        responses={200: DashboardSerializer, **errors(401, 403)},
    )
    def get(self, request: Request) -> Response:
        user = _manager(request, "the team dashboard")
        data = dashboard_data(user)
        data["caseloads"] = [load.as_dict() for load in data["caseloads"]]
        audit.record(user, AuditEntry.Action.VIEW, request=request, summary="Team dashboard")
        return Response(DashboardSerializer(data).data)


urlpatterns = [
    path(
        "families/<str:id>/triage/",
        login_not_required(TriageView.as_view()),
        name="front-door-triage",
    ),
    path(
        "families/<str:id>/allocation/",
        login_not_required(AllocationView.as_view()),
        name="front-door-allocation",
    ),
    path("caseloads/", login_not_required(CaseloadsView.as_view()), name="front-door-caseloads"),
    path("dashboard/", login_not_required(DashboardView.as_view()), name="front-door-dashboard"),
]
