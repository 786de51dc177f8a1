"""API routes for visits offline (included by api/urls.py under the api namespace): the offline copy of a
family, and sending what was recorded on it once the connection returns (``casework/offline/``).

The copy is handed out only while the user's offline copy of the family is live (410 once it has expired or
was never taken), and every copy handed out is audited like a view. Each change sent carries an idempotency
key: a retry answers 200 with what the first send recorded. A plan action's progress carries the value the copy
held: if the server's value has changed since, the answer is 409 with both values, and nothing is changed."""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth.decorators import login_not_required
from django.urls import path
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from wholefamily.web.accounts.models import User
from wholefamily.web.api import journey_work_serializers as work
from wholefamily.web.api.errors import conflict, errors
from wholefamily.web.api.family_gate import open_family, path_id, record_id, refuse, viewed
from wholefamily.web.api.fields import DateField, Key, Text
from wholefamily.web.api.journey_assessment import ActionSerializer
from wholefamily.web.api.serializers import ErrorSerializer
from wholefamily.web.casework import access
from wholefamily.web.casework.access import Permission, Section
from wholefamily.web.casework.journey.transitions import TransitionError
from wholefamily.web.casework.models import PlanAction
from wholefamily.web.casework.offline import copies, sync

_ID, _ACTION_ID = path_id(of="family"), path_id("action_id", "action")
_KEEP: tuple[Permission, str] = (access.may_keep_offline, "keep an offline copy of")
_KEY_HELP = (
    "A key made when the change was recorded (a UUID): sending it again never records the change twice."
)

# --- The copy ----------------------------------------------------------------------------------------------


class _NeedLineSerializer(serializers.Serializer[Any]):
    headline = serializers.CharField()
    needs = serializers.ListField(child=serializers.CharField())
    restricted = serializers.BooleanField()


class _NextActionSerializer(serializers.Serializer[Any]):
    action = serializers.CharField()
    owner = serializers.CharField()
    due_on = DateField()


class _SummarySerializer(serializers.Serializer[Any]):
    needs = _NeedLineSerializer(many=True)
    next_actions = _NextActionSerializer(many=True)
    review_due = DateField(allow_null=True)
    next_meeting = DateField(allow_null=True)
    team_around = serializers.ListField(child=serializers.CharField())


class _VersionSerializer(serializers.Serializer[Any]):
    version = serializers.IntegerField(help_text="The action's version: send it back with a change.")
    changed_by = serializers.CharField()
    changed_at = serializers.DateTimeField()


class _CopyActionSerializer(_VersionSerializer):
    id = serializers.IntegerField()
    action = serializers.CharField()
    owner = serializers.CharField()
    due_on = DateField()
    progress = serializers.ChoiceField(choices=PlanAction.Progress.choices)
    progress_label = serializers.CharField()
    may_update = serializers.BooleanField()


class _CopyGoalSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    headline = serializers.CharField()
    goal = serializers.CharField()
    status = serializers.CharField()
    actions = _CopyActionSerializer(many=True)


class _CopyPlanSerializer(serializers.Serializer[Any]):
    goals = _CopyGoalSerializer(many=True)
    restricted_headlines = serializers.ListField(child=serializers.CharField())


class _ChoiceSerializer(serializers.Serializer[Any]):
    value = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named like a Field attribute


class _CopyFamilySerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    status = serializers.CharField()


class _MemberSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()


class OfflineCopySerializer(serializers.Serializer[Any]):
    family = _CopyFamilySerializer()
    taken_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField(help_text="After this the copy must not be used, and is deleted.")
    summary = _SummarySerializer()
    members = _MemberSerializer(many=True)
    plan = _CopyPlanSerializer()
    note_kinds = _ChoiceSerializer(many=True)
    progress_choices = _ChoiceSerializer(many=True)
    may_mark_sensitive = serializers.BooleanField()


_GONE = OpenApiResponse(
    ErrorSerializer, description="No offline copy of this family is live: take one first."
)


class OfflineCopyView(APIView):
    @extend_schema(
        summary="The offline copy of a family: its summary, its plan and what the contact form offers",
        description="Only while the caller's offline copy of the family is live (taken on the family page, "
        "for 72 hours). Audited like a view of the family.",
        parameters=[_ID],
        responses={200: OfflineCopySerializer, 410: _GONE, **errors(401, 403, 404)},
    )
    def get(self, request: Request, id: str) -> Response:
        user = cast(User, request.user)
        family = open_family(request, id, change=_KEEP)
        copy = copies.live_copy(user, family)
        if copy is None:
            return Response(
                {"detail": "No offline copy of this family is live: keep it for offline use first."},
                status=status.HTTP_410_GONE,
            )
        viewed(request, family, "an offline copy (summary and plan)")
        response = Response(OfflineCopySerializer(copies.contents(user, family, copy)).data)
        response["Cache-Control"] = "no-store"
        return response


# --- Sending what was recorded offline ----------------------------------------------------------------------


class OfflineNoteSerializer(work.CaseNoteInputSerializer):
    key = Key(help_text=_KEY_HELP)


class OfflineProgressSerializer(serializers.Serializer[Any]):
    key = Key(help_text=_KEY_HELP)
    progress = serializers.ChoiceField(choices=PlanAction.Progress.choices)
    base = serializers.ChoiceField(
        choices=PlanAction.Progress.choices,
        help_text="The progress the offline copy held when the change was made (or, to keep this change after "
        "a conflict, the server's value the conflict named).",
    )
    note = Text(max_length=5000, required=False, allow_blank=True, default="")


class _ServerValueSerializer(_VersionSerializer):
    value = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named like a Field attribute


class ConflictSerializer(serializers.Serializer[Any]):
    """A conflict of values names the field and both values; a refusal by the family's status, a detail alone."""

    detail = serializers.CharField()
    field = serializers.CharField(
        required=False, help_text="The field changed on the server since the copy was taken."
    )
    yours = serializers.CharField(required=False, help_text="The value sent.")
    server = _ServerValueSerializer(
        required=False, help_text="The value on the server, who changed it and when."
    )


def _key_reused(problem: sync.KeyReused) -> Response:
    return Response({"key": [str(problem)]}, status=status.HTTP_400_BAD_REQUEST)


class OfflineNotesView(APIView):
    @extend_schema(
        summary="Send a contact or case note recorded offline (once per key)",
        parameters=[_ID],
        request=OfflineNoteSerializer,
        responses={
            201: work.CaseNoteSerializer,
            200: OpenApiResponse(work.CaseNoteSerializer, description="Already sent with this key."),
            **errors(400, 401, 403, 404),
        },
    )
    def post(self, request: Request, id: str) -> Response:
        user = cast(User, request.user)
        family = open_family(request, id, change=(access.may_add_case_note, "add case notes to"))
        context = {"family": family, "may_mark_sensitive": access.sees_sensitive(user)}
        given = OfflineNoteSerializer(data=request.data, context=context)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        key = data.pop("key")
        try:
            note, created = sync.send_note(request, user, family, key, data)
        except sync.KeyReused as problem:
            return _key_reused(problem)
        answer = work.CaseNoteSerializer(note).data
        return Response(answer, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class OfflineProgressView(APIView):
    @extend_schema(
        summary="Send a plan action's progress changed offline (once per key), unless the server's changed since",
        parameters=[_ID, _ACTION_ID],
        request=OfflineProgressSerializer,
        responses={
            200: ActionSerializer,
            409: OpenApiResponse(
                ConflictSerializer,
                description="The progress was changed on the server since the copy was taken: both values, and "
                "nothing changed. (Or the family's status does not allow the change: a detail alone.)",
            ),
            **errors(400, 401, 403, 404),
        },
    )
    def post(self, request: Request, id: str, action_id: str) -> Response:
        user = cast(User, request.user)
        family = open_family(request, id, section=Section.PLAN)
        actions = access.without_sensitive(user, PlanAction.objects.filter(goal__family=family))
        pk = record_id(action_id)
        action = None if pk is None else actions.select_related("goal__family").filter(pk=pk).first()
        if action is None:
            raise NotFound()
        if not access.may_update_action(user, action):
            refuse(request, family, "update this action of the plan of")
        given = OfflineProgressSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        try:
            changed, _ = sync.send_progress(
                request,
                user,
                action,
                data["key"],
                progress=data["progress"],
                base=data["base"],
                note=data["note"],
            )
        except sync.Conflict as clash:
            body = {
                "detail": "The progress was changed on the server since your offline copy was taken.",
                "field": clash.field,
                "yours": clash.yours,
                "server": clash.server,
            }
            return Response(ConflictSerializer(body).data, status=status.HTTP_409_CONFLICT)
        except sync.KeyReused as problem:
            return _key_reused(problem)
        except TransitionError as refused:
            return conflict(refused)
        return Response(ActionSerializer(changed).data)


_F = "families/<str:id>/offline/"
urlpatterns = [
    path(_F, login_not_required(OfflineCopyView.as_view()), name="offline-copy"),
    path(_F + "notes/", login_not_required(OfflineNotesView.as_view()), name="offline-notes"),
    path(
        _F + "actions/<str:action_id>/",
        login_not_required(OfflineProgressView.as_view()),
        name="offline-progress",
    ),
]
