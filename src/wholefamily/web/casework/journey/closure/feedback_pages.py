"""The closure feedback pages: the family's answers over time, a paper form entered by a practitioner, a
one-time link made for the family, and the page that link opens (no account; it shows only the questions).

Reading needs the closure section of the record; entering answers or making a link needs ``may_work_on``. The
link's page is rate-limited per address (``LINK_TRIES`` requests in ``LINK_WINDOW`` seconds), and every use of
it, refused ones included, is audited without the token."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from wholefamily.web.accounts import audit
from wholefamily.web.accounts.models import AuditEntry, User
from wholefamily.web.casework import access
from wholefamily.web.casework.access import Section
from wholefamily.web.casework.family_gate import open_family, viewed
from wholefamily.web.casework.journey.closure import feedback
from wholefamily.web.casework.journey.closure.forms import FeedbackForm, PaperFeedbackForm
from wholefamily.web.casework.models import Family, FeedbackLink

TEMPLATES = "casework/journey/closure/"
LINK_TRIES = 20
LINK_WINDOW = 600


def _feedback_page(
    request: HttpRequest,
    user: User,
    family: Family,
    form: PaperFeedbackForm | None = None,
    link: str | None = None,
) -> HttpResponse:
    context: dict[str, Any] = {
        "title": f"Feedback at closure from family {family.reference}",
        "family": family,
        "closure": feedback.latest_closure(family),
        "answers": list(family.closure_feedback.select_related("closure", "recorded_by")),
        "question_texts": feedback.QUESTIONS,
        "may_change": access.may_work_on(user, family),
        "paper_form": form or PaperFeedbackForm(),
        "link": link,
        "link_days": feedback.LINK_DAYS,
    }
    if form is not None:
        context["form"] = form
    return render(request, TEMPLATES + "feedback.html", context)


def closure_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    """The family's feedback at each closure; a POST enters a paper form's answers."""
    if request.method != "POST":
        user, family = open_family(request, pk, journey=True, section=Section.CLOSURE)
        viewed(request, user, family, "the closure feedback")
        return _feedback_page(request, user, family)
    user, family = open_family(
        request, pk, journey=True, change=(access.may_work_on, "enter closure feedback for")
    )
    closure = feedback.latest_closure(family)
    form = PaperFeedbackForm(request.POST)
    if closure is None:
        form.add_error(None, "The family's case has not been closed: feedback is asked for at closure")
    if closure is not None and form.is_valid():
        feedback.record_paper(
            family, closure, user, form.cleaned_data["answered_on"], form.cleaned_data, request
        )
        messages.success(request, "The family's feedback saved")
        return redirect("casework:closure_feedback", family.pk)
    return _feedback_page(request, user, family, form)


def closure_feedback_link(request: HttpRequest, pk: int) -> HttpResponse:
    """Make a one-time link for the family and show it once (it is not kept: only its signed token names it)."""
    user, family = open_family(
        request, pk, journey=True, change=(access.may_work_on, "make a feedback link for")
    )
    if request.method != "POST":
        return redirect("casework:closure_feedback", family.pk)
    closure = feedback.latest_closure(family)
    if closure is None:
        # (Not a form's error: the page's paper form is unbound, and has no cleaned data to add one to.)
        messages.error(request, "The family's case has not been closed: feedback is asked for at closure")
        return redirect("casework:closure_feedback", family.pk)
    token = feedback.make_link(family, closure, user, request)
    link = request.build_absolute_uri(reverse("casework:feedback_answer", args=[token]))
    response = _feedback_page(request, user, family, link=link)
    response["Cache-Control"] = "no-store"
    return response


def _too_many(request: HttpRequest) -> bool:
    key = f"wholefamily:feedback-link:{request.META.get('REMOTE_ADDR', '')}"
    cache.add(key, 0, LINK_WINDOW)
    try:
        return cache.incr(key) > LINK_TRIES
    except ValueError:  # expired between add and incr
        cache.set(key, 1, LINK_WINDOW)
        return False


def _audit_link(request: HttpRequest, action: str, summary: str, link: FeedbackLink | None = None) -> None:
    """Audit a use of the link page by the address it came from, never with the path (it holds the token)."""
    audit.record(
        None,
        action,
        obj=link,
        family_id=link.family_id if link else None,
        summary=summary,
        detail={"ip_address": request.META.get("REMOTE_ADDR", "")},
        channel="web",
    )


def _refused(
    request: HttpRequest, why: str, status: int, title: str = "This link cannot be used"
) -> HttpResponse:
    """The refusal page (saying ``why``, which names nothing about the family), audited."""
    _audit_link(request, AuditEntry.Action.DENIED, f"Closure feedback link refused: {why}")
    return render(request, TEMPLATES + "link_refused.html", {"title": title, "message": why}, status=status)


@login_not_required
@never_cache
def feedback_answer(request: HttpRequest, token: str) -> HttpResponse:
    """The page the family's link opens: the questions only."""
    if _too_many(request):
        return _refused(
            request, "Too many tries from your connection. Try again later.", 429, "Too many tries"
        )
    try:
        link = feedback.open_link(token)
    except feedback.LinkRefused as refused:
        return _refused(request, str(refused), 410)
    form = FeedbackForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            feedback.record_from_link(link, form.cleaned_data)
        except feedback.LinkRefused as refused:  # used or expired while the family were answering
            return _refused(request, str(refused), 410)
        return render(request, TEMPLATES + "link_done.html", {"title": "Thank you"})
    if request.method != "POST":
        _audit_link(request, AuditEntry.Action.VIEW, "The closure feedback link was opened", link)
    return render(request, TEMPLATES + "link_form.html", {"title": "Tell us what you think", "form": form})
