"""API routes for the journey: the whole-family assessment, the wellbeing tool and the family plan (included
by api/urls.py under the api namespace), with the rules of the pages.

A family the caller may not open answers 404; reading needs the journey section (else 403), a change needs
``may_work_on`` (else 403); a step the family's status does not allow answers 409 with the rule's message.
Sensitive headlines' notes and goals are left out for roles that may not see them. Every read and change is
audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.contrib.auth.decorators import login_not_required
from django.db.models import Model, QuerySet
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from wholefamily.web.accounts.models import User
from wholefamily.web.api.errors import conflict, errors
from wholefamily.web.api.family_gate import open_family, path_id, record_id, refuse, viewed
from wholefamily.web.api.fields import DateField
from wholefamily.web.casework import access
from wholefamily.web.casework.access import Section
from wholefamily.web.casework.journey.assessment import assessment as assessing
from wholefamily.web.casework.journey.assessment import plan, wellbeing
from wholefamily.web.casework.journey.transitions import TransitionError
from wholefamily.web.casework.models import (
    SENSITIVE_HEADLINES,
    AssessedNeed,
    Assessment,
    Family,
    MemberConsidered,
    Need,
    PlanAction,
    PlanActionNote,
    PlanGoal,
    WellbeingArea,
)
from wholefamily.web.casework.needs import (
    IdentifiedNeed,
    headline_labels,
    needs_for_goals,
    needs_without_goal,
)

_M = TypeVar("_M", bound=Model)

# --- Serializers -------------------------------------------------------------------------------------------


def _not_future(day: dt.date) -> None:
    if day > dt.date.today():
        raise serializers.ValidationError("Must be today or in the past.")


class MemberConsideredSerializer(serializers.ModelSerializer[MemberConsidered]):
    person_name = serializers.CharField(source="person.full_name", read_only=True)

    class Meta:
        model = MemberConsidered
        fields = ["person", "person_name", "notes"]
        read_only_fields = fields


class AssessedNeedSerializer(serializers.ModelSerializer[AssessedNeed]):
    decision_label = serializers.CharField(source="get_decision_display", read_only=True)
    restricted = serializers.BooleanField(
        read_only=True, default=False, help_text="True when your role may not read this headline's note."
    )

    class Meta:
        model = AssessedNeed
        fields = ["headline", "decision", "decision_label", "need", "note", "restricted"]
        read_only_fields = fields

    def to_representation(self, instance: AssessedNeed) -> dict[str, Any]:
        data = super().to_representation(instance)
        if instance.headline in SENSITIVE_HEADLINES and not self.context.get("sensitive"):
            data.update(note="", restricted=True)
        return data


class AssessmentSerializer(serializers.ModelSerializer[Assessment]):
    members_considered = MemberConsideredSerializer(many=True, read_only=True)
    needs = AssessedNeedSerializer(many=True, read_only=True)
    recorded_by: serializers.StringRelatedField[User] = serializers.StringRelatedField(read_only=True)

    class Meta:
        model = Assessment
        fields = [
            "id",
            "started_on",
            "completed_on",
            "family_view",
            "summary",
            "members_considered",
            "needs",
            "recorded_by",
            "recorded_at",
        ]
        read_only_fields = fields


class StartSerializer(serializers.Serializer[Any]):
    started_on = DateField(validators=[_not_future])


class MemberSerializer(serializers.Serializer[Any]):
    person = serializers.IntegerField(help_text="The id of a current member of the family.")
    notes = serializers.CharField(max_length=5000)

    def validate_person(self, pk: int) -> int:
        if pk not in {p.pk for p in assessing.current_members(self.context["family"])}:
            raise serializers.ValidationError("Not a current member of this family.")
        return pk


class NeedSerializer(serializers.Serializer[Any]):
    headline = serializers.CharField(max_length=40)
    decision = serializers.ChoiceField(choices=AssessedNeed.Decision.choices)
    note = serializers.CharField(max_length=2000, allow_blank=True, default="")

    def validate_headline(self, headline: str) -> str:
        if headline not in headline_labels(self.context["family"]):
            raise serializers.ValidationError("Not a headline of the outcome framework.")
        return headline

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        problem = assessing.decision_problem(self.context["family"], attrs["headline"], attrs["decision"])
        if problem:
            raise serializers.ValidationError({"decision": [problem + "."]})
        return attrs


class ViewSerializer(serializers.Serializer[Any]):
    family_view = serializers.CharField(max_length=5000)
    summary = serializers.CharField(max_length=5000, allow_blank=True, default="")


class CompleteSerializer(serializers.Serializer[Any]):
    completed_on = DateField(validators=[_not_future])


class ScoreSetSerializer(serializers.Serializer[Any]):
    scored_on = DateField(validators=[_not_future])
    scores = serializers.DictField(
        child=serializers.IntegerField(min_value=1, max_value=10),
        help_text="Every area scored from 1 (very hard) to 10 (going well): "
        + ", ".join(area.value for area in WellbeingArea),
    )

    def validate_scores(self, scores: dict[str, int]) -> dict[str, int]:
        areas = {area.value for area in WellbeingArea}
        unknown, missing = sorted(set(scores) - areas), sorted(areas - set(scores))
        if unknown or missing:
            problems = [f"Not an area: {', '.join(unknown)}."] if unknown else []
            problems += [f"No score for: {', '.join(missing)}."] if missing else []
            raise serializers.ValidationError(problems)
        return scores


class WellbeingSerializer(serializers.Serializer[Any]):
    dates = ScoreSetSerializer(many=True, read_only=True, help_text="Scores by date, oldest first.")


class ActionNoteSerializer(serializers.ModelSerializer[PlanActionNote]):
    recorded_by: serializers.StringRelatedField[User] = serializers.StringRelatedField(read_only=True)

    class Meta:
        model = PlanActionNote
        fields = ["id", "progress", "note", "recorded_by", "recorded_at"]
        read_only_fields = fields


class ActionSerializer(serializers.ModelSerializer[PlanAction]):
    progress_label = serializers.CharField(source="get_progress_display", read_only=True)
    due_on = DateField()
    owner_user = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(),
        required=False,
        allow_null=True,
        help_text="The practitioner who owns the action (the lead practitioner or one in the team around the "
        "family), who may then update its progress; null for none.",
    )
    notes = ActionNoteSerializer(many=True, read_only=True)

    class Meta:
        model = PlanAction
        fields = [
            "id",
            "goal",
            "action",
            "owner",
            "owner_user",
            "due_on",
            "progress",
            "progress_label",
            "notes",
            "recorded_at",
        ]
        read_only_fields = ["id", "goal", "progress_label", "notes", "recorded_at"]
        extra_kwargs = {"progress": {"required": False}}

    def validate_owner_user(self, owner: User | None) -> User | None:
        if (
            owner is not None
            and not access.practitioners_around(self.context["family"]).filter(pk=owner.pk).exists()
        ):
            raise serializers.ValidationError("Not a practitioner working with this family.")
        return owner


class GoalSerializer(serializers.ModelSerializer[PlanGoal]):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    actions = ActionSerializer(many=True, read_only=True)

    class Meta:
        model = PlanGoal
        fields = ["id", "headline", "need", "goal", "status", "status_label", "actions", "recorded_at"]
        read_only_fields = fields


class NeedWithoutGoalSerializer(serializers.Serializer[Any]):
    headline = serializers.CharField(read_only=True)
    headline_label = serializers.CharField(read_only=True)
    need = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text="The need on the record (its id, to set a goal for it); null for a headline the assessment "
        "added without one, or a sensitive need your role may not read.",
    )
    need_label = serializers.CharField(read_only=True, help_text="The need as your role may read it.")


class PlanSerializer(serializers.Serializer[Any]):
    goals = GoalSerializer(many=True, read_only=True)
    needs_without_goal = NeedWithoutGoalSerializer(many=True, read_only=True)
    restricted_headlines = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="Headlines with goals your role may not read.",
    )


class NewGoalSerializer(serializers.Serializer[Any]):
    headline = serializers.CharField(max_length=40)
    need = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="One identified need under the headline (an id from the plan's needs_without_goal or the "
        "family's needs) for a goal that answers it alone; leave out for a goal for the whole headline.",
    )
    goal = serializers.CharField(max_length=2000)

    def validate_headline(self, headline: str) -> str:
        if headline not in headline_labels(self.context["family"]):
            raise serializers.ValidationError("Not a headline of the outcome framework.")
        return headline

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        need_id = attrs.get("need")
        if need_id is None:
            attrs["need"] = None
            return attrs
        family: Family = self.context["family"]
        sensitive: bool = self.context["sensitive"]
        chosen = needs_for_goals(family, sensitive=sensitive).get(need_id)
        if chosen is None or chosen.headline != attrs["headline"]:
            raise serializers.ValidationError(
                {"need": ["Not an identified need of this family under the headline."]}
            )
        attrs["need"] = Need.objects.get(pk=need_id)
        return attrs


class GoalStatusSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=PlanGoal.Status.choices)


class ProgressSerializer(serializers.Serializer[Any]):
    progress = serializers.ChoiceField(choices=PlanAction.Progress.choices)
    note = serializers.CharField(
        max_length=5000, required=False, allow_blank=True, help_text="A progress note, kept with the action."
    )


# --- Views -------------------------------------------------------------------------------------------------


_ID = path_id(of="family")
_READ_ERRORS = errors(401, 403, 404)
_CHANGE_ERRORS = errors(400, 401, 403, 404, 409)


def _family(request: Request, id: str, change: str | None = None) -> Family:
    return open_family(request, id, change=None if change is None else (access.may_work_on, change))


def _row(queryset: QuerySet[_M], id: str) -> _M:
    pk = record_id(id)
    row = None if pk is None else queryset.filter(pk=pk).first()
    if row is None:
        raise NotFound()
    return row


def _valid(serializer_class: type[serializers.Serializer[Any]], request: Request, family: Family) -> Any:
    body = serializer_class(data=request.data, context={"family": family})
    body.is_valid(raise_exception=True)
    return body.validated_data


def _run(step: Callable[[], object], answer: Callable[[], Response]) -> Response:
    """Run a change; a refused transition answers 409 with the rule's message."""
    try:
        step()
    except TransitionError as refused:
        return conflict(refused)
    return answer()


def _user(request: Request) -> User:
    return cast(User, request.user)


def _assessment_data(request: Request, assessment: Assessment) -> dict[str, Any]:
    context = {"sensitive": access.sees_sensitive(_user(request))}
    return dict(AssessmentSerializer(assessment, context=context).data)


_ASSESS = "record an assessment of"


class AssessmentListView(APIView):
    @extend_schema(
        summary="A family's assessments, latest first",
        parameters=[_ID],
        responses={200: AssessmentSerializer(many=True), **_READ_ERRORS},
    )
    def get(self, request: Request, id: str) -> Response:
        family = _family(request, id)
        viewed(request, family, "the assessments")
        rows = family.assessments.prefetch_related("members_considered__person", "needs").select_related(
            "recorded_by"
        )
        context = {"sensitive": access.sees_sensitive(_user(request))}
        return Response(AssessmentSerializer(rows, many=True, context=context).data)

    @extend_schema(
        summary="Start a whole-family assessment",
        description="Only while the case is open, and one at a time (else 409).",
        parameters=[_ID],
        request=StartSerializer,
        responses={201: AssessmentSerializer, **_CHANGE_ERRORS},
    )
    def post(self, request: Request, id: str) -> Response:
        family = _family(request, id, _ASSESS)
        data = _valid(StartSerializer, request, family)
        done: list[Assessment] = []
        return _run(
            lambda: done.append(assessing.start(family, _user(request), data["started_on"], request)),
            lambda: Response(_assessment_data(request, done[0]), status=status.HTTP_201_CREATED),
        )


class _AssessmentStep(APIView):
    serializer: type[serializers.Serializer[Any]]

    def step(self, assessment: Assessment, data: dict[str, Any], request: Request) -> object:
        raise NotImplementedError

    def _post(self, request: Request, id: str, assessment_id: str) -> Response:
        family = _family(request, id, _ASSESS)
        assessment = _row(family.assessments.all(), assessment_id)
        data = _valid(self.serializer, request, family)
        return _run(
            lambda: self.step(assessment, data, request),
            lambda: Response(_assessment_data(request, Assessment.objects.get(pk=assessment.pk))),
        )


_AID = path_id("assessment_id", "assessment")


class AssessmentMemberView(_AssessmentStep):
    serializer = MemberSerializer

    def step(self, assessment: Assessment, data: dict[str, Any], request: Request) -> object:
        person = next(p for p in assessing.current_members(assessment.family) if p.pk == data["person"])
        return assessing.consider_member(assessment, person, data["notes"], _user(request), request)

    @extend_schema(
        summary="Record what the assessment found about one member (replaces an earlier note)",
        parameters=[_ID, _AID],
        request=MemberSerializer,
        responses={200: AssessmentSerializer, **_CHANGE_ERRORS},
    )
    def post(self, request: Request, id: str, assessment_id: str) -> Response:
        return self._post(request, id, assessment_id)


class AssessmentNeedView(_AssessmentStep):
    serializer = NeedSerializer

    def step(self, assessment: Assessment, data: dict[str, Any], request: Request) -> object:
        return assessing.decide_need(
            assessment, data["headline"], data["decision"], data["note"], _user(request), request
        )

    @extend_schema(
        summary="Confirm or rule out a need the record shows, or add one it does not (one per headline)",
        parameters=[_ID, _AID],
        request=NeedSerializer,
        responses={200: AssessmentSerializer, **_CHANGE_ERRORS},
    )
    def post(self, request: Request, id: str, assessment_id: str) -> Response:
        return self._post(request, id, assessment_id)


class AssessmentFamilyViewView(_AssessmentStep):
    serializer = ViewSerializer

    def step(self, assessment: Assessment, data: dict[str, Any], request: Request) -> object:
        assessing.record_view(assessment, data["family_view"], data["summary"], _user(request), request)
        return None

    @extend_schema(
        summary="Record the family's view and the summary",
        parameters=[_ID, _AID],
        request=ViewSerializer,
        responses={200: AssessmentSerializer, **_CHANGE_ERRORS},
    )
    def post(self, request: Request, id: str, assessment_id: str) -> Response:
        return self._post(request, id, assessment_id)


class AssessmentCompleteView(_AssessmentStep):
    serializer = CompleteSerializer

    def step(self, assessment: Assessment, data: dict[str, Any], request: Request) -> object:
        assessing.complete(assessment, data["completed_on"], _user(request), request)
        return None

    @extend_schema(
        summary="Complete the assessment",
        description="Refused (409) until every current member of the family has a note.",
        parameters=[_ID, _AID],
        request=CompleteSerializer,
        responses={200: AssessmentSerializer, **_CHANGE_ERRORS},
    )
    def post(self, request: Request, id: str, assessment_id: str) -> Response:
        return self._post(request, id, assessment_id)


def _wellbeing_data(family: Family) -> dict[str, Any]:
    dates = [
        {"scored_on": day, "scores": scores}
        for day, scores in wellbeing.scores_by_date(wellbeing.family_scores(family))
    ]
    return dict(WellbeingSerializer({"dates": dates}).data)


class WellbeingView(APIView):
    @extend_schema(
        summary="The family's wellbeing scores by date",
        parameters=[_ID],
        responses={200: WellbeingSerializer, **_READ_ERRORS},
    )
    def get(self, request: Request, id: str) -> Response:
        family = _family(request, id)
        viewed(request, family, "the wellbeing scores")
        return Response(_wellbeing_data(family))

    @extend_schema(
        summary="Record wellbeing scores (part of the assessment in progress, if any)",
        parameters=[_ID],
        request=ScoreSetSerializer,
        responses={201: WellbeingSerializer, **_CHANGE_ERRORS},
    )
    def post(self, request: Request, id: str) -> Response:
        family = _family(request, id, "record wellbeing scores for")
        data = _valid(ScoreSetSerializer, request, family)
        return _run(
            lambda: wellbeing.record_scores(
                family, _user(request), data["scored_on"], data["scores"], request
            ),
            lambda: Response(_wellbeing_data(family), status=status.HTTP_201_CREATED),
        )


_PLAN = "change the plan of"
_GID = path_id("goal_id", "goal")


def _goals(request: Request, family: Family) -> QuerySet[PlanGoal]:
    goals = family.plan_goals.prefetch_related("actions__notes__recorded_by")
    return goals if access.sees_sensitive(_user(request)) else goals.exclude(headline__in=SENSITIVE_HEADLINES)


def _need_without_goal(need: IdentifiedNeed, labels: dict[str, str], *, sensitive: bool) -> dict[str, Any]:
    label = need.label_for(sensitive=sensitive)
    return {
        "headline": need.headline,
        "headline_label": labels.get(need.headline, need.headline),
        "need": need.need_id if label == need.label else None,
        "need_label": label,
    }


class PlanView(APIView):
    @extend_schema(
        summary="The family plan: goals with their actions, and identified needs with no goal",
        parameters=[_ID],
        responses={200: PlanSerializer, **_READ_ERRORS},
    )
    def get(self, request: Request, id: str) -> Response:
        family = open_family(request, id, section=Section.PLAN)
        viewed(request, family, "the family plan")
        goals = _goals(request, family)
        labels = headline_labels(family)
        restricted = family.plan_goals.exclude(pk__in=goals.values("pk")).values_list("headline", flat=True)
        plan_data = {
            "goals": goals,
            "needs_without_goal": [
                _need_without_goal(n, labels, sensitive=access.sees_sensitive(_user(request)))
                for n in needs_without_goal(family)
            ],
            "restricted_headlines": sorted(set(restricted)),
        }
        return Response(PlanSerializer(plan_data).data)


class GoalListView(APIView):
    @extend_schema(
        summary="Add a goal to the family plan",
        parameters=[_ID],
        request=NewGoalSerializer,
        responses={201: GoalSerializer, **_CHANGE_ERRORS},
    )
    def post(self, request: Request, id: str) -> Response:
        family = _family(request, id, _PLAN)
        body = NewGoalSerializer(
            data=request.data,
            context={"family": family, "sensitive": access.sees_sensitive(_user(request))},
        )
        body.is_valid(raise_exception=True)
        data = body.validated_data
        done: list[PlanGoal] = []
        return _run(
            lambda: done.append(
                plan.add_goal(
                    family, data["headline"], data["goal"], _user(request), request, need=data["need"]
                )
            ),
            lambda: Response(GoalSerializer(done[0]).data, status=status.HTTP_201_CREATED),
        )


class GoalView(APIView):
    @extend_schema(
        summary="Change a goal's status",
        parameters=[_ID, _GID],
        request=GoalStatusSerializer,
        responses={200: GoalSerializer, **_CHANGE_ERRORS},
    )
    def patch(self, request: Request, id: str, goal_id: str) -> Response:
        family = _family(request, id, _PLAN)
        goal = _row(_goals(request, family), goal_id)
        data = _valid(GoalStatusSerializer, request, family)
        return _run(
            lambda: plan.set_goal_status(goal, data["status"], _user(request), request),
            lambda: Response(GoalSerializer(goal).data),
        )


class ActionListView(APIView):
    @extend_schema(
        summary="Add an action to a goal of the plan",
        parameters=[_ID, _GID],
        request=ActionSerializer,
        responses={201: ActionSerializer, **_CHANGE_ERRORS},
    )
    def post(self, request: Request, id: str, goal_id: str) -> Response:
        family = _family(request, id, _PLAN)
        goal = _row(_goals(request, family), goal_id)
        data = _valid(ActionSerializer, request, family)
        done: list[PlanAction] = []
        return _run(
            lambda: done.append(
                plan.add_action(
                    goal,
                    data["action"],
                    data["owner"],
                    data["due_on"],
                    _user(request),
                    request,
                    owner_user=data.get("owner_user"),
                )
            ),
            lambda: Response(ActionSerializer(done[0]).data, status=status.HTTP_201_CREATED),
        )


class ActionView(APIView):
    @extend_schema(
        summary="Change an action's progress, with a progress note",
        description="Whoever works on the case, or the practitioner who owns the action (a partner in the team "
        "around the family updates their own actions only).",
        parameters=[_ID, path_id("action_id", "action")],
        request=ProgressSerializer,
        responses={200: ActionSerializer, **_CHANGE_ERRORS},
    )
    def patch(self, request: Request, id: str, action_id: str) -> Response:
        family = open_family(request, id, section=Section.PLAN)
        actions = PlanAction.objects.filter(goal__in=_goals(request, family)).select_related("goal__family")
        action = _row(actions, action_id)
        if not access.may_update_action(_user(request), action):
            refuse(request, family, "update this action of the plan of")
        data = _valid(ProgressSerializer, request, family)
        return _run(
            lambda: plan.set_progress(
                action, data["progress"], _user(request), request, note=data.get("note", "")
            ),
            lambda: Response(ActionSerializer(action).data),
        )


_F = "families/<str:id>/"
urlpatterns = [
    path(_F + "assessments/", login_not_required(AssessmentListView.as_view()), name="assessment-list"),
    path(
        _F + "assessments/<str:assessment_id>/members/",
        login_not_required(AssessmentMemberView.as_view()),
        name="assessment-member",
    ),
    path(
        _F + "assessments/<str:assessment_id>/needs/",
        login_not_required(AssessmentNeedView.as_view()),
        name="assessment-need",
    ),
    path(
        _F + "assessments/<str:assessment_id>/family-view/",
        login_not_required(AssessmentFamilyViewView.as_view()),
        name="assessment-view",
    ),
    path(
        _F + "assessments/<str:assessment_id>/complete/",
        login_not_required(AssessmentCompleteView.as_view()),
        name="assessment-complete",
    ),
    path(_F + "wellbeing/", login_not_required(WellbeingView.as_view()), name="assessment-wellbeing"),
    path(_F + "plan/", login_not_required(PlanView.as_view()), name="assessment-plan"),
    path(_F + "plan/goals/", login_not_required(GoalListView.as_view()), name="assessment-goal-list"),
    path(_F + "plan/goals/<str:goal_id>/", login_not_required(GoalView.as_view()), name="assessment-goal"),
    path(
        _F + "plan/goals/<str:goal_id>/actions/",
        login_not_required(ActionListView.as_view()),
        name="assessment-action-list",
    ),
    path(
        _F + "plan/actions/<str:action_id>/",
        login_not_required(ActionView.as_view()),
        name="assessment-action",
    ),
]
