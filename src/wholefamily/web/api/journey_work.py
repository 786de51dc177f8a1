"""API routes for the journey: work (included by api/urls.py under the api namespace). Team around the family
meetings, reviews with wellbeing scores, the intervention catalogue and suggestions, referrals to interventions
and their progress, contacts and case notes.

The same rules as the pages: a family the caller may not open answers 404, reading needs the journey section,
recording needs ``may_work_on`` (notes: ``may_add_case_note``; amending a note: ``amendable_notes``), each audited as "denied" when refused; a step
the family's status does not allow answers 409 with the rule's message."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.contrib.auth.decorators import login_not_required
from django.db.models import Model
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer
from rest_framework.views import APIView

from wholefamily.web.accounts.models import User
from wholefamily.web.api import journey_work_serializers as s
from wholefamily.web.api.errors import conflict, errors
from wholefamily.web.api.family_gate import open_family, path_id, record_id, refuse, viewed
from wholefamily.web.casework import access
from wholefamily.web.casework.access import Permission
from wholefamily.web.casework.journey.transitions import TransitionError
from wholefamily.web.casework.journey.work import (
    case_notes,
    catalogue,
    intervention_referrals,
    meetings,
    reviews,
)
from wholefamily.web.casework.models import Family, InterventionReferral

_ID, _REFERRAL_ID = path_id(of="family"), path_id("referral_id", "referral")
_NOTE_ID = path_id("note_id", "case note")


class _FamilyWork(APIView):
    """A family's work records: the family through the access rules, and the audit entries that go with them."""

    what = ""

    def user(self) -> User:
        return cast(User, self.request.user)

    def family(self, id: str, change: tuple[Permission, str] | None = None) -> Family:
        return open_family(self.request, id, change=change)

    def viewed(self, family: Family) -> None:
        viewed(self.request, family, self.what)

    def record(
        self,
        serializer: Serializer[Any],
        output: type[Serializer[Any]],
        step: Callable[[dict[str, Any]], Model],
    ) -> Response:
        """Validate ``serializer`` (400), run ``step`` (409 if the family's status refuses it), answer 201."""
        serializer.is_valid(raise_exception=True)
        try:
            row = step(serializer.validated_data)
        except TransitionError as refused:
            return conflict(refused)
        return Response(output(row).data, status=status.HTTP_201_CREATED)


_WORK: tuple[Permission, str] = (access.may_work_on, "record casework for")
_NOTE: tuple[Permission, str] = (access.may_add_case_note, "add case notes to")


class MeetingsView(_FamilyWork):
    what = "team around the family meetings"

    @extend_schema(
        summary="A family's team around the family meetings",
        parameters=[_ID],
        responses={200: s.MeetingSerializer(many=True), **errors(401, 403, 404)},
    )
    def get(self, request: Request, id: str) -> Response:
        family = self.family(id)
        self.viewed(family)
        rows = family.meetings.prefetch_related("attendees", "family_attendees").select_related("recorded_by")
        return Response(s.MeetingSerializer(rows, many=True).data)

    @extend_schema(
        summary="Record a team around the family meeting",
        parameters=[_ID],
        request=s.MeetingInputSerializer,
        responses={201: s.MeetingSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, id: str) -> Response:
        family = self.family(id, _WORK)
        given = s.MeetingInputSerializer(data=request.data, context={"family": family})
        return self.record(
            given,
            s.MeetingSerializer,
            lambda data: meetings.record_meeting(request, self.user(), family, **data),
        )


class ReviewsView(_FamilyWork):
    what = "reviews"

    @extend_schema(
        summary="A family's reviews, with the wellbeing scores given at each",
        parameters=[_ID],
        responses={200: s.ReviewSerializer(many=True), **errors(401, 403, 404)},
    )
    def get(self, request: Request, id: str) -> Response:
        family = self.family(id)
        self.viewed(family)
        rows = family.reviews.prefetch_related("scores").select_related("recorded_by")
        return Response(s.ReviewSerializer(rows, many=True).data)

    @extend_schema(
        summary="Record a review, with the family's wellbeing scores",
        description="A closed case cannot be reviewed (409). The next review is due at most six weeks later.",
        parameters=[_ID],
        request=s.ReviewInputSerializer,
        responses={201: s.ReviewSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, id: str) -> Response:
        family = self.family(id, _WORK)
        given = s.ReviewInputSerializer(data=request.data)
        return self.record(
            given,
            s.ReviewSerializer,
            lambda data: reviews.record_review(request, self.user(), family, **data),
        )


class CatalogueView(APIView):
    @extend_schema(
        summary="The intervention catalogue, with honest evidence labels",
        responses={200: s.InterventionSerializer(many=True), **errors(401)},
    )
    def get(self, request: Request) -> Response:
        return Response(s.InterventionSerializer(catalogue.catalogue(), many=True).data)


class SuggestionsView(_FamilyWork):
    what = "suggested interventions"

    @extend_schema(
        summary="Interventions suggested for the headlines of a family's needs",
        parameters=[_ID],
        responses={200: s.SuggestionSerializer(many=True), **errors(401, 403, 404)},
    )
    def get(self, request: Request, id: str) -> Response:
        family = self.family(id)
        self.viewed(family)
        headlines = catalogue.family_headlines(family, sensitive=access.sees_sensitive(self.user()))
        return Response(s.SuggestionSerializer(catalogue.suggestions(headlines), many=True).data)


class InterventionReferralsView(_FamilyWork):
    what = "referrals to interventions"

    @extend_schema(
        summary="A family's referrals to interventions",
        parameters=[_ID],
        responses={200: s.InterventionReferralSerializer(many=True), **errors(401, 403, 404)},
    )
    def get(self, request: Request, id: str) -> Response:
        family = self.family(id)
        self.viewed(family)
        rows = access.without_sensitive(self.user(), family.intervention_referrals.select_related("person"))
        return Response(s.InterventionReferralSerializer(rows, many=True).data)

    @extend_schema(
        summary="Refer a family, or one member, to an intervention",
        parameters=[_ID],
        request=s.InterventionReferralInputSerializer,
        responses={201: s.InterventionReferralSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, id: str) -> Response:
        family = self.family(id, _WORK)
        given = s.InterventionReferralInputSerializer(data=request.data, context={"family": family})
        return self.record(
            given,
            s.InterventionReferralSerializer,
            lambda data: intervention_referrals.refer(request, self.user(), family, **data),
        )


class InterventionReferralView(_FamilyWork):
    @extend_schema(
        summary="Record the progress of a referral: status, start, end, sessions offered and attended",
        parameters=[_ID, _REFERRAL_ID],
        request=s.ReferralProgressInputSerializer,
        responses={200: s.InterventionReferralSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def patch(self, request: Request, id: str, referral_id: str) -> Response:
        family = self.family(id, _WORK)
        pk = record_id(referral_id)
        referral = (
            None
            if pk is None
            else access.without_sensitive(
                self.user(), InterventionReferral.objects.filter(family=family, pk=pk)
            ).first()
        )
        if referral is None:
            raise NotFound()
        referral.family = family
        given = s.ReferralProgressInputSerializer(data=request.data, context={"referral": referral})
        response = self.record(
            given,
            s.InterventionReferralSerializer,
            lambda data: intervention_referrals.update_progress(request, self.user(), referral, **data),
        )
        if response.status_code == status.HTTP_201_CREATED:
            response.status_code = status.HTTP_200_OK
        return response


class CaseNotesView(_FamilyWork):
    what = "contacts and case notes"

    @extend_schema(
        summary="A family's contacts and case notes (sensitive ones only for roles that see sensitive details)",
        parameters=[_ID],
        responses={200: s.CaseNoteSerializer(many=True), **errors(401, 403, 404)},
    )
    def get(self, request: Request, id: str) -> Response:
        family = self.family(id)
        self.viewed(family)
        return Response(s.CaseNoteSerializer(case_notes.visible_notes(family, self.user()), many=True).data)

    @extend_schema(
        summary="Record a contact (home visit, phone or video call, meeting) or a case note",
        parameters=[_ID],
        request=s.CaseNoteInputSerializer,
        responses={201: s.CaseNoteSerializer, **errors(400, 401, 403, 404)},
    )
    def post(self, request: Request, id: str) -> Response:
        family = self.family(id, _NOTE)
        context = {"family": family, "may_mark_sensitive": access.sees_sensitive(self.user())}
        given = s.CaseNoteInputSerializer(data=request.data, context=context)
        return self.record(
            given,
            s.CaseNoteSerializer,
            lambda data: case_notes.add_note(request, self.user(), family, **data),
        )


class CaseNoteAmendmentsView(_FamilyWork):
    @extend_schema(
        summary="Amend a contact or case note (its author, or the manager of the family's team); the original "
        "is kept in the note's amendments",
        parameters=[_ID, _NOTE_ID],
        request=s.CaseNoteAmendmentInputSerializer,
        responses={201: s.CaseNoteSerializer, **errors(400, 401, 403, 404)},
    )
    def post(self, request: Request, id: str, note_id: str) -> Response:
        family = self.family(id, _NOTE)
        pk = record_id(note_id)
        note = None if pk is None else case_notes.visible_notes(family, self.user()).filter(pk=pk).first()
        if note is None:
            raise NotFound()
        if note.pk not in access.amendable_notes(self.user(), family, [note]):
            refuse(request, family, "amend this note of")
        given = s.CaseNoteAmendmentInputSerializer(data=request.data, context={"note": note})

        def amend(data: dict[str, Any]) -> Model:
            case_notes.amend_note(request, self.user(), note, data["note"])
            return case_notes.visible_notes(family, self.user()).get(pk=note.pk)

        return self.record(given, s.CaseNoteSerializer, amend)


def _route(url: str, view: type[APIView], name: str) -> Any:
    return path(url, login_not_required(view.as_view()), name=name)


urlpatterns = [
    _route("interventions/", CatalogueView, "work-catalogue"),
    _route("families/<str:id>/meetings/", MeetingsView, "work-meetings"),
    _route("families/<str:id>/reviews/", ReviewsView, "work-reviews"),
    _route("families/<str:id>/intervention-suggestions/", SuggestionsView, "work-suggestions"),
    _route("families/<str:id>/intervention-referrals/", InterventionReferralsView, "work-referrals"),
    _route(
        "families/<str:id>/intervention-referrals/<str:referral_id>/",
        InterventionReferralView,
        "work-referral",
    ),
    _route("families/<str:id>/case-notes/", CaseNotesView, "work-case-notes"),
    _route(
        "families/<str:id>/case-notes/<str:note_id>/amendments/",
        CaseNoteAmendmentsView,
        "work-case-note-amendments",
    ),
]
