"""Results claims through the API, read-only: a period's claim candidates with their status, the reasons a
family is not claimable and the coordinator's sign-off, and one candidate's evidence summary (its counted
needs with their partner records and outcomes, and its evidence pack's address).

The same access as the claims pages: the Supporting Families coordinator and the auditor, who both read
evidence packs (``access.may_read_evidence_packs``); every other role is refused with 403, audited. A
period not written as ``2027Q1`` and a candidate not of the period answer 404. Every read is audited.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.db.models import Count
from django.urls import path, reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from wholefamily.web.accounts import audit
from wholefamily.web.accounts.models import AuditEntry, User
from wholefamily.web.api.errors import errors
from wholefamily.web.api.family_gate import path_id, record_id
from wholefamily.web.casework import access
from wholefamily.web.casework.claims import signoff
from wholefamily.web.casework.models import ClaimCandidate, ClaimSignOff, Need, NeedOutcome, Source

ACCESS = (
    "Only the Supporting Families coordinator and the auditor may read claims (as on the claims pages); "
    "any other role is refused with 403, and the refusal is audited."
)
_PERIOD = OpenApiParameter(
    "period", str, OpenApiParameter.PATH, description="A calendar quarter, such as 2027Q1."
)
_CANDIDATE = path_id("candidate_id", "claim candidate")


class ReasonSerializer(serializers.Serializer[Any]):
    rule_id = serializers.CharField(read_only=True)
    headline = serializers.CharField(read_only=True, allow_null=True, required=False)
    reason = serializers.CharField(read_only=True)


class SignOffSerializer(serializers.ModelSerializer[ClaimSignOff]):
    signed_off_by = serializers.CharField(source="signed_off_by.username", read_only=True)
    withdrawn_by = serializers.CharField(source="withdrawn_by.username", read_only=True, allow_null=True)

    class Meta:
        model = ClaimSignOff
        fields = [
            "period",
            "signed_off_by",
            "signed_off_at",
            "override",
            "reason",
            "withdrawn_at",
            "withdrawn_by",
            "withdrawn_reason",
        ]
        read_only_fields = fields


class CandidateSerializer(serializers.ModelSerializer[ClaimCandidate]):
    family = serializers.IntegerField(source="family_id", read_only=True)
    reference = serializers.CharField(source="family.reference", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    reasons = ReasonSerializer(many=True, read_only=True)
    sign_offs = serializers.SerializerMethodField(
        help_text="The family's sign-offs for this period, withdrawn ones included, oldest first."
    )

    class Meta:
        model = ClaimCandidate
        fields = [
            "id",
            "family",
            "reference",
            "period",
            "status",
            "status_label",
            "needs",
            "headlines",
            "reasons",
            "sign_offs",
            "claims_run",
        ]
        read_only_fields = fields

    @extend_schema_field(SignOffSerializer(many=True))
    def get_sign_offs(self, candidate: ClaimCandidate) -> list[dict[str, Any]]:
        done = [s for s in candidate.family.claim_sign_offs.all() if s.period == candidate.period]
        return list(SignOffSerializer(done, many=True).data)


class OutcomeSerializer(serializers.ModelSerializer[NeedOutcome]):
    class Meta:
        model = NeedOutcome
        fields = ["horizon_days", "status", "reason", "records", "window_end", "outcomes_run"]
        read_only_fields = fields


class NeedSummarySerializer(serializers.ModelSerializer[Need]):
    evidence_records = serializers.IntegerField(read_only=True, help_text="Partner records proving the need.")
    outcomes = OutcomeSerializer(many=True, read_only=True)

    class Meta:
        model = Need
        fields = [
            "id",
            "headline",
            "headline_label",
            "descriptor_id",
            "descriptor_label",
            "evidence_records",
            "outcomes",
        ]
        read_only_fields = fields


class EvidenceSummarySerializer(serializers.Serializer[Any]):
    candidate = CandidateSerializer(read_only=True)
    needs = NeedSummarySerializer(
        many=True,
        read_only=True,
        help_text="The family's counted needs from partner data, with their outcomes.",
    )
    evidence_pack = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text="Address of the HTML evidence pack the claims build wrote (null when it wrote none: a "
        "family not claimable has no pack).",
    )


def _reader(request: Request, what: str) -> User:
    user: User = request.user  # type: ignore[assignment]
    if not access.may_read_evidence_packs(user):
        audit.record(user, AuditEntry.Action.DENIED, request=request, summary=f"Not allowed to {what}")
        raise PermissionDenied(f"Your role does not allow you to {what}.")
    return user


def _period(period: str) -> str:
    if not signoff.valid_period(period):
        raise NotFound("No such period: write it as a year and quarter, such as 2027Q1.")
    return period


class CandidateListView(GenericAPIView[ClaimCandidate]):
    serializer_class = CandidateSerializer

    @extend_schema(
        summary="A period's claim candidates, with their status, reasons and sign-offs",
        description=ACCESS,
        parameters=[_PERIOD],
        responses={200: CandidateSerializer(many=True), **errors(401, 403, 404)},
    )
    def get(self, request: Request, period: str) -> Response:
        user = _reader(request, "read claims")
        candidates = signoff.with_sign_offs(signoff.candidates(_period(period)))
        page = self.paginate_queryset(candidates)
        audit.record(
            user,
            AuditEntry.Action.VIEW,
            request=request,
            summary=f"Listed the {period} claim candidates",
            detail={"period": period, "count": getattr(self.paginator, "count", None)},
        )
        return self.get_paginated_response(CandidateSerializer(page, many=True).data)


class EvidenceSummaryView(GenericAPIView[ClaimCandidate]):
    serializer_class = EvidenceSummarySerializer

    @extend_schema(
        summary="One claim candidate's evidence summary: its needs, their records and outcomes, and its pack",
        description=ACCESS,
        parameters=[_PERIOD, _CANDIDATE],
        responses={200: EvidenceSummarySerializer, **errors(401, 403, 404)},
    )
    def get(self, request: Request, period: str, candidate_id: str) -> Response:
        user = _reader(request, "read claims")
        pk = record_id(candidate_id)
        candidate = None if pk is None else signoff.candidate(_period(period), pk, sign_offs=True)
        if candidate is None:
            raise NotFound("No such claim candidate in this period.")
        family = candidate.family
        needs = (
            family.needs.filter(source=Source.PIPELINE, counted=True)
            .annotate(evidence_records=Count("evidence"))
            .prefetch_related("outcomes")
            .order_by("headline", "descriptor_id")
        )
        pack = signoff.evidence_pack(period, family.warehouse_id or "")
        audit.record(
            user,
            AuditEntry.Action.VIEW,
            request=request,
            obj=family,
            family_id=family.pk,
            summary=f"Viewed the {period} claim evidence summary of {family.reference}",
        )
        summary = {
            "candidate": candidate,
            "needs": needs,
            "evidence_pack": None
            if pack is None
            else request.build_absolute_uri(reverse("casework:claims_evidence", args=[period, candidate.pk])),
        }
        return Response(EvidenceSummarySerializer(summary).data)


urlpatterns = [
    path("claims/<str:period>/", login_not_required(CandidateListView.as_view()), name="claim-list"),
    path(
        "claims/<str:period>/<str:candidate_id>/",
        login_not_required(EvidenceSummaryView.as_view()),
        name="claim-evidence",
    ),
]
