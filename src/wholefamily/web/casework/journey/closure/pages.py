"""The pages of step-up, step-down, closure and re-referral, and the family's closure history (with the date
the six months of sustained progress run to).

Reading the overview needs the closure section of the record (the other pages the journey section); changing
needs ``may_decide_steps_and_closure``. A step the
family's status does not allow shows the rule's message and changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from wholefamily.web.accounts.models import User
from wholefamily.web.casework import access
from wholefamily.web.casework.access import Section
from wholefamily.web.casework.family_gate import open_family, viewed
from wholefamily.web.casework.journey import transitions
from wholefamily.web.casework.journey.closure import closure
from wholefamily.web.casework.journey.closure.forms import ClosureForm, ReReferralForm, StepForm
from wholefamily.web.casework.models import Closure, Family, StepChange


def _family(request: HttpRequest, pk: int, *, change: str | None = None) -> tuple[User, Family]:
    """The family for a journey page: 404 if invisible, 403 without the journey section (or, for a change,
    without the right to decide steps and closure)."""
    decides = access.may_decide_steps_and_closure
    return open_family(request, pk, journey=True, change=None if change is None else (decides, change))


def closure_overview(request: HttpRequest, pk: int) -> HttpResponse:
    """Closures and steps: readable with the closure section alone (the auditor's)."""
    user, family = open_family(request, pk, journey=True, section=Section.CLOSURE)
    viewed(request, user, family, "step changes and closures")
    may_decide = access.may_decide_steps_and_closure(user, family)
    allowed = {
        "step_up": transitions.refusal(lambda: transitions.check_step_up(family)) is None,
        "step_down": transitions.refusal(lambda: transitions.check_step_down(family)) is None,
        "close": transitions.refusal(lambda: transitions.check_closure(family, Closure.Reason.OTHER)) is None,
        "rerefer": transitions.refusal(lambda: transitions.check_rereferral(family)) is None,
    }
    context: dict[str, Any] = {
        "title": f"Step-up and closure of family {family.reference}",
        "family": family,
        "closures": list(family.closures.select_related("recorded_by")),
        "step_changes": list(family.step_changes.select_related("recorded_by")),
        "actions": {name: ok for name, ok in allowed.items() if ok and may_decide},
    }
    return render(request, "casework/journey/closure/overview.html", context)


def _change_page(
    request: HttpRequest,
    pk: int,
    *,
    change: str,
    form_class: Callable[..., forms.Form],
    status_check: Callable[[Family], object],
    apply: Callable[[HttpRequest, Family, User, forms.Form], str],
    template: str,
    title: str,
    family_form: bool = False,
) -> HttpResponse:
    """GET shows the form (or why the step cannot happen now); POST checks the rule, records the change and
    goes back to the family page."""
    user, family = _family(request, pk, change=change)
    kwargs: dict[str, Any] = {"family": family} if family_form else {}
    form = form_class(request.POST if request.method == "POST" else None, **kwargs)
    if request.method == "POST":
        if form.is_valid():
            try:
                done = apply(request, family, user, form)
            except transitions.TransitionError as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, done)
                return redirect("casework:family_detail", family.pk)
        refusal = None
    else:
        viewed(request, user, family, title.lower())
        refusal = transitions.refusal(lambda: status_check(family))
    context = {"title": title, "family": family, "form": form, "refusal": refusal}
    return render(request, f"casework/journey/closure/{template}", context)


def _step(direction: str) -> Callable[[HttpRequest, Family, User, forms.Form], str]:
    def apply(request: HttpRequest, family: Family, user: User, form: forms.Form) -> str:
        data = form.cleaned_data
        change = closure.step(family, user, direction, data["decided_on"], data["reason"], request)
        return f"{change.get_direction_display()}: recorded"

    return apply


def step_up(request: HttpRequest, pk: int) -> HttpResponse:
    return _change_page(
        request,
        pk,
        change="step up",
        form_class=StepForm,
        status_check=transitions.check_step_up,
        apply=_step(StepChange.Direction.UP),
        template="step.html",
        title="Step up to children's social care",
    )


def step_down(request: HttpRequest, pk: int) -> HttpResponse:
    return _change_page(
        request,
        pk,
        change="step down",
        form_class=StepForm,
        status_check=transitions.check_step_down,
        apply=_step(StepChange.Direction.DOWN),
        template="step.html",
        title="Step down to early help",
    )


def _close(request: HttpRequest, family: Family, user: User, form: forms.Form) -> str:
    data = form.cleaned_data
    done = closure.close(
        family,
        user,
        data["closed_on"],
        data["reason"],
        data["note"],
        request,
        not_achieved_reason=data["not_achieved_reason"],
    )
    return f"Case closed. Progress needs to be sustained until {done.sustained_until:%-d %B %Y}"


def close_case(request: HttpRequest, pk: int) -> HttpResponse:
    return _change_page(
        request,
        pk,
        change="close",
        form_class=ClosureForm,
        status_check=lambda family: transitions.check_closure(family, Closure.Reason.OTHER),
        apply=_close,
        template="close.html",
        title="Close the case",
    )


def _rerefer(request: HttpRequest, family: Family, user: User, form: forms.Form) -> str:
    closure.rerefer(family, user, request=request, **form.cleaned_data)
    return "Referral recorded: the case is reopened and waits for triage"


def rerefer(request: HttpRequest, pk: int) -> HttpResponse:
    return _change_page(
        request,
        pk,
        change="refer again",
        form_class=ReReferralForm,
        status_check=transitions.check_rereferral,
        apply=_rerefer,
        template="rerefer.html",
        title="Refer the family again",
        family_form=True,
    )
