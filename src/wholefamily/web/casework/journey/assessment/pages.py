"""The pages of the whole-family assessment, the wellbeing tool and the family plan.

Reading needs the journey section of the record; changing needs ``may_work_on``. A form that is not valid, or
a step the family's status does not allow, shows the page again with the message in the error summary and
changes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from wholefamily.web.accounts import audit
from wholefamily.web.accounts.models import AuditEntry, User
from wholefamily.web.casework import access
from wholefamily.web.casework.access import Section
from wholefamily.web.casework.family_gate import open_family, refuse, viewed
from wholefamily.web.casework.journey.assessment import assessment as assessing
from wholefamily.web.casework.journey.assessment import own_ratings as ratings
from wholefamily.web.casework.journey.assessment import plan, plan_pdf, wellbeing
from wholefamily.web.casework.journey.assessment.forms import (
    ActionForm,
    CompleteForm,
    GoalForm,
    GoalStatusForm,
    MemberForm,
    NeedForm,
    OwnRatingsForm,
    ProgressForm,
    ScoresForm,
    StartForm,
    ViewForm,
)
from wholefamily.web.casework.journey.assessment.wellbeing_chart import area_chart
from wholefamily.web.casework.journey.transitions import TransitionError, check_open_work, refusal
from wholefamily.web.casework.models import (
    SENSITIVE_HEADLINES,
    AssessedNeed,
    Assessment,
    Family,
    PlanAction,
    PlanGoal,
    WellbeingArea,
)
from wholefamily.web.casework.needs import (
    HeadlineGroup,
    headline_labels,
    latest_assessment,
    needs_by_headline,
    needs_without_goal,
)

TEMPLATES = "casework/journey/assessment/"


def _family(request: HttpRequest, pk: int, *, change: str | None = None) -> tuple[User, Family]:
    """404 if the family is invisible; 403 without the journey section or, for a ``change``, without the
    right to work on the case."""
    return open_family(
        request, pk, journey=True, change=None if change is None else (access.may_work_on, change)
    )


def _closed_for_work(family: Family, what: str) -> str | None:
    """Why ``what`` cannot be recorded now, or None."""
    return refusal(lambda: check_open_work(family, what))


def _attempt(form: forms.Form, step: Callable[[], object]) -> bool:
    """Run ``step`` if the form is valid; a refused transition becomes the form's error. True when done."""
    if not form.is_valid():
        return False
    try:
        step()
    except TransitionError as refused:
        form.add_error(None, str(refused))
        return False
    return True


# --- Assessment ---------------------------------------------------------------------------------------------


@dataclass
class HeadlineRow:
    """One headline on the assessment page: the record's needs under it and the assessment's decision."""

    headline: str
    label: str
    found: HeadlineGroup | None
    decision: str | None
    #: None when the details are restricted.
    note: str | None


def _headline_rows(family: Family, assessment: Assessment | None, user: User) -> list[HeadlineRow]:
    sensitive = access.sees_sensitive(user)
    sections = access.sections_for(user)
    groups = {
        g.headline: g
        for g in needs_by_headline(family, sensitive=sensitive, evidence=Section.EVIDENCE in sections)
    }
    decided: dict[str, tuple[str, str | None]] = {}
    if assessment is not None:
        assessed = assessment.needs.all()
        if not sensitive:
            for headline, decision in assessed.filter(headline__in=SENSITIVE_HEADLINES).values_list(
                "headline", "decision"
            ):
                decided[headline] = (decision, None)
            assessed = assessed.exclude(headline__in=SENSITIVE_HEADLINES)
        for headline, decision, note in assessed.values_list("headline", "decision", "note"):
            decided[headline] = (decision, note)
    labels = headline_labels(family)
    labels_of_decisions = dict(AssessedNeed.Decision.choices)
    rows = [
        HeadlineRow(
            headline=h,
            label=groups[h].label if h in groups else labels.get(h, h),
            found=groups.get(h),
            decision=str(labels_of_decisions[decided[h][0]]) if h in decided else None,
            note=decided[h][1] if h in decided else "",
        )
        for h in set(groups) | set(decided)
    ]
    return sorted(rows, key=lambda row: row.label)


def _assessment_page(
    request: HttpRequest, user: User, family: Family, bound: forms.Form | None = None
) -> HttpResponse:
    current = latest_assessment(family)
    in_progress = current is not None and current.completed_on is None
    may_change = access.may_work_on(user, family)
    members = assessing.current_members(family)
    notes = {m.person_id: m.notes for m in current.members_considered.all()} if current else {}
    empty: dict[str, forms.Form] = {
        "start": StartForm(),
        "member": MemberForm(family=family),
        "need": NeedForm(family=family),
        "view": ViewForm(
            initial={"family_view": current.family_view, "summary": current.summary} if current else None
        ),
        "complete": CompleteForm(),
    }
    page_forms = {
        name: bound if bound is not None and type(bound) is type(f) else f for name, f in empty.items()
    }
    context: dict[str, Any] = {
        "title": f"Assessment of family {family.reference}",
        "family": family,
        "assessment": current,
        "in_progress": in_progress,
        "may_change": may_change,
        "refusal": _closed_for_work(family, assessing.WHAT),
        "members": [(person, notes.get(person.pk)) for person in members],
        "headlines": _headline_rows(family, current, user),
        "show_evidence": Section.EVIDENCE in access.sections_for(user),
        "forms": page_forms,
        "earlier": list(family.assessments.exclude(pk=current.pk)) if current else [],
    }
    if bound is not None:
        context["form"] = bound
    return render(request, TEMPLATES + "assessment.html", context)


def assessment_page(request: HttpRequest, pk: int) -> HttpResponse:
    user, family = _family(request, pk)
    viewed(request, user, family, "the assessment")
    return _assessment_page(request, user, family)


def assessment_start(request: HttpRequest, pk: int) -> HttpResponse:
    user, family = _family(request, pk, change="record an assessment of")
    if request.method != "POST":
        return redirect("casework:assessment", family.pk)
    form = StartForm(request.POST)
    if _attempt(form, lambda: assessing.start(family, user, form.cleaned_data["started_on"], request)):
        messages.success(request, "Assessment started")
        return redirect("casework:assessment", family.pk)
    return _assessment_page(request, user, family, form)


def _assessment_step(
    request: HttpRequest,
    pk: int,
    assessment_pk: int,
    make_form: Callable[[Family], forms.Form],
    step: Callable[[Assessment, forms.Form, User], object],
    done: str,
) -> HttpResponse:
    user, family = _family(request, pk, change="record an assessment of")
    assessment = get_object_or_404(Assessment, pk=assessment_pk, family=family)
    if request.method != "POST":
        return redirect("casework:assessment", family.pk)
    form = make_form(family)
    if _attempt(form, lambda: step(assessment, form, user)):
        messages.success(request, done)
        return redirect("casework:assessment", family.pk)
    return _assessment_page(request, user, family, form)


def assessment_member(request: HttpRequest, pk: int, assessment_pk: int) -> HttpResponse:
    def step(assessment: Assessment, form: forms.Form, user: User) -> object:
        assert isinstance(form, MemberForm)
        person = form.people[form.cleaned_data["person"]]
        return assessing.consider_member(assessment, person, form.cleaned_data["notes"], user, request)

    return _assessment_step(
        request,
        pk,
        assessment_pk,
        lambda f: MemberForm(request.POST, family=f),
        step,
        "Note about the family member saved",
    )


def assessment_need(request: HttpRequest, pk: int, assessment_pk: int) -> HttpResponse:
    def step(assessment: Assessment, form: forms.Form, user: User) -> object:
        data = form.cleaned_data
        return assessing.decide_need(
            assessment, data["headline"], data["decision"], data["note"], user, request
        )

    return _assessment_step(
        request, pk, assessment_pk, lambda f: NeedForm(request.POST, family=f), step, "Need recorded"
    )


def assessment_view(request: HttpRequest, pk: int, assessment_pk: int) -> HttpResponse:
    def step(assessment: Assessment, form: forms.Form, user: User) -> object:
        data = form.cleaned_data
        assessing.record_view(assessment, data["family_view"], data["summary"], user, request)
        return None

    return _assessment_step(
        request, pk, assessment_pk, lambda f: ViewForm(request.POST), step, "The family's view saved"
    )


def assessment_complete(request: HttpRequest, pk: int, assessment_pk: int) -> HttpResponse:
    def step(assessment: Assessment, form: forms.Form, user: User) -> object:
        assessing.complete(assessment, form.cleaned_data["completed_on"], user, request)
        return None

    return _assessment_step(
        request, pk, assessment_pk, lambda f: CompleteForm(request.POST), step, "Assessment completed"
    )


# --- Wellbeing ----------------------------------------------------------------------------------------------


def _wellbeing_page(
    request: HttpRequest,
    user: User,
    family: Family,
    form: ScoresForm | None = None,
    own_form: OwnRatingsForm | None = None,
) -> HttpResponse:
    by_date = wellbeing.scores_by_date(wellbeing.family_scores(family))
    own = ratings.rating_sets(family)
    charts = [
        (
            area,
            area_chart(
                f"chart-{area.value}",
                str(area.label),
                [(day, scores[area.value]) for day, scores in by_date if area.value in scores],
                ratings.mean_by_date(own, area.value),
            ),
        )
        for area in WellbeingArea
    ]
    context: dict[str, Any] = {
        "title": f"Wellbeing of family {family.reference}",
        "family": family,
        "form": form or ScoresForm(),
        "own_form": own_form or OwnRatingsForm(family=family, prefix="own"),
        "by_date": by_date,
        "own": own,
        "areas": list(WellbeingArea),
        "charts": charts if by_date or own else [],
        "may_change": access.may_work_on(user, family),
        "refusal": _closed_for_work(family, "wellbeing scores"),
        "in_progress": assessing.in_progress(family),
        "hint": wellbeing.SCORE_HINT,
    }
    if own_form is not None:
        context["form"] = own_form
        context["score_form"] = ScoresForm()
    else:
        context["score_form"] = context["form"]
    return render(request, TEMPLATES + "wellbeing.html", context)


def wellbeing_page(request: HttpRequest, pk: int) -> HttpResponse:
    user, family = _family(
        request, pk, change="record wellbeing scores for" if request.method == "POST" else None
    )
    form = ScoresForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and _attempt(
        form,
        lambda: wellbeing.record_scores(
            family, user, form.cleaned_data["scored_on"], form.cleaned_data, request
        ),
    ):
        messages.success(request, "Wellbeing scores saved")
        return redirect("casework:assessment_wellbeing", family.pk)
    if request.method != "POST":
        viewed(request, user, family, "the wellbeing scores")
    return _wellbeing_page(request, user, family, form)


def wellbeing_own(request: HttpRequest, pk: int) -> HttpResponse:
    """The family's own ratings of the areas, recorded by those who work on the case (the family fill them in
    with their practitioner, on paper or on the practitioner's device)."""
    user, family = _family(request, pk, change="record the family's own ratings for")
    if request.method != "POST":
        return redirect("casework:assessment_wellbeing", family.pk)
    form = OwnRatingsForm(request.POST, family=family, prefix="own")
    if _attempt(
        form,
        lambda: ratings.record_ratings(
            family, user, form.cleaned_data["rated_on"], form.person(), form.cleaned_data, request
        ),
    ):
        messages.success(request, "The family's own ratings saved")
        return redirect("casework:assessment_wellbeing", family.pk)
    return _wellbeing_page(request, user, family, own_form=form)


# --- Plan ---------------------------------------------------------------------------------------------------


def _plan_page(
    request: HttpRequest, user: User, family: Family, bound: forms.Form | None = None
) -> HttpResponse:
    goals, restricted = plan.readable_goals(user, family)
    may_change = access.may_work_on(user, family)
    context: dict[str, Any] = {
        "title": f"Family plan of family {family.reference}",
        "family": family,
        "goals": goals,
        "restricted": restricted,
        "without_goal": [
            n.label_for(sensitive=access.sees_sensitive(user)) for n in needs_without_goal(family)
        ],
        "may_change": may_change,
        "updatable": {  # the actions whose progress the user may update (their own, for a partner)
            a.pk
            for _, goal in goals
            for a in goal.actions.all()
            if may_change or (a.owner_user_id == user.pk and access.may_update_action(user, a))
        },
        "refusal": _closed_for_work(family, plan.WHAT),
        "goal_form": bound
        if isinstance(bound, GoalForm)
        else GoalForm(family=family, sensitive=access.sees_sensitive(user)),
        "status_choices": PlanGoal.Status.choices,
        "progress_choices": PlanAction.Progress.choices,
    }
    if bound is not None:
        context["form"] = bound
    return render(request, TEMPLATES + "plan.html", context)


def plan_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The family plan: readable with the plan section alone (the auditor's), changed with ``may_work_on``."""
    user, family = open_family(request, pk, journey=True, section=Section.PLAN)
    viewed(request, user, family, "the family plan")
    return _plan_page(request, user, family)


def plan_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The family plan as a PDF to print and give the family: the plan page's rules, the plan page's goals;
    audited as an export."""
    user, family = open_family(request, pk, journey=True, section=Section.PLAN)
    goals, restricted = plan.readable_goals(user, family)
    latest_review = family.reviews.order_by("-held_on", "-pk").first()
    printed = plan_pdf.PrintedPlan(
        reference=family.reference,
        lead_practitioner=str(family.lead_practitioner or ""),
        printed_on=dt.date.today(),
        goals=[
            plan_pdf.PrintedGoal(
                label,
                goal.goal,
                goal.get_status_display(),
                goal.family_words,
                goal.child_view,
                [
                    plan_pdf.PrintedAction(a.action, a.owner, a.due_on, a.get_progress_display())
                    for a in goal.actions.all()
                ],
            )
            for label, goal in goals
        ],
        restricted=restricted,
        next_review=latest_review.next_review_on if latest_review else None,
    )
    audit.record(
        user,
        AuditEntry.Action.EXPORT,
        request=request,
        obj=family,
        family_id=family.pk,
        summary=f"Printed the family plan of {family.reference}",
        detail={"goals": [goal.pk for _, goal in goals]},
    )
    response = HttpResponse(plan_pdf.plan_pdf(printed), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="family-plan-{family.reference}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


def plan_goal_add(request: HttpRequest, pk: int) -> HttpResponse:
    user, family = _family(request, pk, change="change the plan of")
    if request.method != "POST":
        return redirect("casework:assessment_plan", family.pk)
    form = GoalForm(request.POST, family=family, sensitive=access.sees_sensitive(user))
    if _attempt(
        form,
        lambda: plan.add_goal(
            family,
            form.cleaned_data["headline"],
            form.cleaned_data["goal"],
            user,
            request,
            need=form.cleaned_data["need"],
            family_words=form.cleaned_data["family_words"].strip(),
            child_view=form.cleaned_data["child_view"].strip(),
        ),
    ):
        messages.success(request, "Goal added to the plan")
        return redirect("casework:assessment_plan", family.pk)
    return _plan_page(request, user, family, form)


def plan_goal_status(request: HttpRequest, pk: int, goal_pk: int) -> HttpResponse:
    user, family = _family(request, pk, change="change the plan of")
    goal = get_object_or_404(PlanGoal, pk=goal_pk, family=family)
    if request.method != "POST":
        return redirect("casework:assessment_plan", family.pk)
    form = GoalStatusForm(request.POST)
    if _attempt(form, lambda: plan.set_goal_status(goal, form.cleaned_data["status"], user, request)):
        messages.success(request, "Goal updated")
        return redirect("casework:assessment_plan", family.pk)
    return _plan_page(request, user, family, form)


def plan_action_add(request: HttpRequest, pk: int, goal_pk: int) -> HttpResponse:
    user, family = _family(request, pk, change="change the plan of")
    goal = get_object_or_404(PlanGoal, pk=goal_pk, family=family)
    if goal.headline in SENSITIVE_HEADLINES and not access.sees_sensitive(user):
        refuse(request, family, "change a restricted goal of")
    form = ActionForm(
        request.POST if request.method == "POST" else None,
        practitioners=access.practitioners_around(family),
    )
    if request.method == "POST" and _attempt(
        form,
        lambda: plan.add_action(
            goal,
            form.cleaned_data["action"],
            form.cleaned_data["owner"],
            form.cleaned_data["due_on"],
            user,
            request,
            owner_user=form.cleaned_data["owner_user"],
        ),
    ):
        messages.success(request, "Action added to the plan")
        return redirect("casework:assessment_plan", family.pk)
    context: dict[str, Any] = {
        "title": f"Add an action to the plan of family {family.reference}",
        "family": family,
        "goal": goal,
        "label": headline_labels(family).get(goal.headline, goal.headline),
        "form": form,
        "refusal": _closed_for_work(family, plan.WHAT),
    }
    return render(request, TEMPLATES + "action_add.html", context)


def plan_action_progress(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    """Change an action's progress, with a progress note: whoever works on the case, or the practitioner who
    owns the action (``access.may_update_action``)."""
    user, family = open_family(request, pk, journey=True, section=Section.PLAN)
    actions = access.without_sensitive(user, PlanAction.objects.filter(goal__family=family))
    action = get_object_or_404(actions.select_related("goal__family"), pk=action_pk)
    if not access.may_update_action(user, action):
        refuse(request, family, "update this action of the plan of")
    if request.method != "POST":
        return redirect("casework:assessment_plan", family.pk)
    form = ProgressForm(request.POST)
    if _attempt(
        form,
        lambda: plan.set_progress(
            action, form.cleaned_data["progress"], user, request, note=form.cleaned_data["note"]
        ),
    ):
        messages.success(request, "Progress updated")
        return redirect("casework:assessment_plan", family.pk)
    return _plan_page(request, user, family, form)
