"""The claims pages: the coordinator's review and sign-off of a period's claims, the auditor's samples and
spot checks, and a claim's evidence pack (read from the workspace's ``claims/<period>/``, served only here).

Each page asks ``access`` whether the user's role may use it (else an audited 403), and every view and
change is audited."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from wholefamily.web.accounts import audit
from wholefamily.web.accounts.models import AuditEntry
from wholefamily.web.casework import access, plain_words
from wholefamily.web.casework.claims import signoff
from wholefamily.web.casework.claims.forms import CheckForm, SampleForm, SignOffForm, WithdrawForm
from wholefamily.web.casework.family_gate import acting_user
from wholefamily.web.casework.models import AuditSample, ClaimCandidate, SampledClaim
from wholefamily.web.casework.need_outcomes import outcomes_over_time
from wholefamily.web.casework.needs import framework_headlines, needs_by_headline

#: What of a sampled family the spot check shows (as far as the auditor's sections allow): the needs with
#: their evidence and the outcomes after closure, whether or not the family is one the auditor may open.
CLAIM_EVIDENCE = frozenset({access.Section.NEEDS, access.Section.EVIDENCE, access.Section.OUTCOMES})


def _period(period: str) -> str:
    if not signoff.valid_period(period):
        raise Http404("No such period")
    return period


def _candidate(period: str, pk: int) -> ClaimCandidate:
    found = signoff.candidate(_period(period), pk)
    if found is None:
        raise Http404("No such claim candidate in this period")
    return found


def claims_home(request: HttpRequest) -> HttpResponse:
    """The latest period with claims: the coordinator's review, or the auditor's samples."""
    user = audit.require(
        request, lambda u: access.may_sign_off_claims(u) or access.may_audit_claims(u), "see the claims"
    )
    found = signoff.periods()
    if not found:
        audit.record(user, AuditEntry.Action.VIEW, request=request, summary="Claims: none published")
        return render(request, "casework/claims/none.html", {"title": "Claims"})
    name = "casework:claims_review" if access.may_sign_off_claims(user) else "casework:claims_samples"
    return redirect(name, found[0])


def review(request: HttpRequest, period: str) -> HttpResponse:
    user = audit.require(request, access.may_sign_off_claims, "review and sign off claims")
    period = _period(period)
    rows = signoff.review_rows(period)
    audit.record(
        user,
        AuditEntry.Action.VIEW,
        request=request,
        summary=f"Reviewed the {period} claims ({len(rows)} families)",
        detail={"period": period},
    )
    return render(
        request,
        "casework/claims/review.html",
        {
            "title": f"Claims for {period}",
            "period": period,
            "periods": signoff.periods(),
            "rows": rows,
            "headlines": framework_headlines(),
        },
    )


def sign_off(request: HttpRequest, period: str, candidate_pk: int) -> HttpResponse:
    """Confirm (GET) and record (POST) the sign-off of one claim; a not-claimable one needs a reason."""
    user = audit.require(request, access.may_sign_off_claims, "sign off claims")
    candidate = _candidate(period, candidate_pk)
    override = candidate.status == ClaimCandidate.Status.NOT_CLAIMABLE
    return _confirm_claim_step(
        request,
        period,
        candidate,
        form=SignOffForm(request.POST if request.method == "POST" else None, override=override),
        problem="This claim is already submitted (it is in the claims register)."
        if candidate.status == ClaimCandidate.Status.SUBMITTED
        else None,
        act=lambda reason: signoff.sign_off(request, user, candidate, reason),
        done="Signed off the claim",
        viewed="sign it off",
        template="casework/claims/sign_off.html",
        context={
            "title": "Override and sign off" if override else "Sign off the claim",
            "override": override,
        },
    )


def withdraw(request: HttpRequest, period: str, candidate_pk: int) -> HttpResponse:
    """Confirm (GET) and record (POST) the withdrawal of a sign-off, with its reason, before submission."""
    user = audit.require(request, access.may_sign_off_claims, "withdraw claim sign-offs")
    candidate = _candidate(period, candidate_pk)
    done = signoff.live_sign_off(candidate)
    problem = None
    if done is None:
        problem = "This claim is not signed off, so there is nothing to withdraw."
    elif candidate.status == ClaimCandidate.Status.SUBMITTED:
        problem = "This claim is already submitted (it is in the claims register); it cannot be withdrawn."
    return _confirm_claim_step(
        request,
        period,
        candidate,
        form=WithdrawForm(request.POST if request.method == "POST" else None),
        problem=problem,
        act=lambda reason: signoff.withdraw(request, user, candidate, reason),
        done="Withdrew the sign-off",
        viewed="withdraw its sign-off",
        template="casework/claims/withdraw.html",
        context={"title": "Withdraw the sign-off", "sign_off": done},
    )


def _confirm_claim_step(
    request: HttpRequest,
    period: str,
    candidate: ClaimCandidate,
    *,
    form: SignOffForm | WithdrawForm,
    problem: str | None,
    act: Callable[[str], object],
    done: str,
    viewed: str,
    template: str,
    context: dict[str, object],
) -> HttpResponse:
    """A coordinator's step on one claim: confirm it (GET, audited as ``viewed``), or ``act`` with the
    form's reason (POST) unless there is a ``problem`` or ``act`` refuses (409), then back to the review."""
    user = acting_user(request)
    family = candidate.family
    if request.method == "POST" and problem is None and form.is_valid():
        try:
            act(form.cleaned_data["reason"])
        except signoff.SignOffRefused as exc:
            problem = str(exc)
        else:
            messages.success(request, f"{done} of family {family.reference}")
            return redirect("casework:claims_review", period)
    if request.method == "GET":
        audit.record(
            user,
            AuditEntry.Action.VIEW,
            request=request,
            obj=family,
            family_id=candidate.family_id,
            summary=f"Viewed the {period} claim of {family.reference} to {viewed}",
        )
    return render(
        request,
        template,
        {
            "period": period,
            "candidate": candidate,
            "form": form,
            "problem": problem,
            "headlines": framework_headlines(),
            **context,
        },
        status=409 if problem and request.method == "POST" else 200,
    )


def evidence_pack(request: HttpRequest, period: str, candidate_pk: int) -> HttpResponse:
    """The claim's HTML evidence pack, as the claims step wrote it (read by the coordinator and auditor)."""
    user = audit.require(request, access.may_read_evidence_packs, "read evidence packs")
    candidate = _candidate(period, candidate_pk)
    family = candidate.family
    path = signoff.evidence_pack(period, family.warehouse_id or "")
    if path is None:
        raise Http404("No evidence pack for this claim")
    audit.record(
        user,
        AuditEntry.Action.VIEW,
        request=request,
        obj=family,
        family_id=family.pk,
        summary=f"Viewed the {period} evidence pack of {family.reference}",
    )
    response = HttpResponse(path.read_bytes(), content_type="text/html; charset=utf-8")
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def samples(request: HttpRequest, period: str) -> HttpResponse:
    """The period's audit samples, and a form to draw another."""
    user = audit.require(request, access.may_audit_claims, "draw audit samples")
    period = _period(period)
    form = SampleForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        sample = signoff.draw_sample(
            request, user, period, form.cleaned_data["size"], form.cleaned_data["seed"]
        )
        return redirect("casework:claims_sample", sample.pk)
    if request.method == "GET":
        audit.record(
            user, AuditEntry.Action.VIEW, request=request, summary=f"Viewed the {period} audit samples"
        )
    return render(
        request,
        "casework/claims/samples.html",
        {
            "title": f"Audit samples for {period}",
            "period": period,
            "periods": signoff.periods(),
            "samples": AuditSample.objects.filter(period=period).select_related("drawn_by"),
            "signed_off": signoff.sign_offs(period).count(),
            "form": form,
        },
    )


def sample(request: HttpRequest, sample_pk: int) -> HttpResponse:
    user = audit.require(request, access.may_audit_claims, "see audit samples")
    found = get_object_or_404(AuditSample.objects.select_related("drawn_by"), pk=sample_pk)
    claims = list(found.claims.select_related("sign_off__family", "sign_off__signed_off_by", "checked_by"))
    candidates = {
        c.family_id: c
        for c in ClaimCandidate.objects.filter(
            period=found.period, family__in=[c.sign_off.family_id for c in claims]
        )
    }
    audit.record(
        user,
        AuditEntry.Action.VIEW,
        request=request,
        obj=found,
        summary=f"Viewed audit sample {found.pk} of the {found.period} claims",
    )
    opens = set(
        access.families_for(user)
        .filter(pk__in=[c.sign_off.family_id for c in claims])
        .values_list("pk", flat=True)
    )
    return render(
        request,
        "casework/claims/sample.html",
        {
            "title": f"Audit sample {found.pk}",
            "sample": found,
            "claims": claims,
            "candidates": candidates,
            "opens": opens,
        },
    )


def check(request: HttpRequest, sampled_pk: int) -> HttpResponse:
    """Record (or correct) the spot check of one sampled claim."""
    user = audit.require(request, access.may_audit_claims, "record spot checks")
    sampled = get_object_or_404(
        SampledClaim.objects.select_related("sample", "sign_off__family"), pk=sampled_pk
    )
    family = sampled.sign_off.family
    initial = {
        name: ("yes" if value else "no")
        for name in ("eligible", "whole_family", "meets_rules")
        if (value := getattr(sampled, name)) is not None
    }
    form = CheckForm(
        request.POST if request.method == "POST" else None, initial={**initial, "note": sampled.note}
    )
    if request.method == "POST" and form.is_valid():
        signoff.record_check(request, user, sampled, note=form.cleaned_data["note"], **form.answers())
        messages.success(request, f"Recorded the spot check of family {family.reference}")
        return redirect("casework:claims_sample", sampled.sample_id)
    if request.method == "GET":
        audit.record(
            user,
            AuditEntry.Action.VIEW,
            request=request,
            obj=family,
            family_id=family.pk,
            summary=f"Viewed the {sampled.sign_off.period} claim of {family.reference} to check it",
        )
    candidate = ClaimCandidate.objects.filter(family=family, period=sampled.sign_off.period).first()
    # The claim being in the sample is what lets the auditor read this family's evidence here, even one
    # outside the families they may open (a local discretionary override of a family not eligible).
    sections = access.sections_for(user) & CLAIM_EVIDENCE
    sensitive = access.sees_sensitive(user)
    shown = {
        "needs": needs_by_headline(family, sensitive=sensitive, evidence=access.Section.EVIDENCE in sections)
        if access.Section.NEEDS in sections
        else [],
        **(
            {"outcomes": outcomes_over_time(family, sensitive=sensitive)}
            if access.Section.OUTCOMES in sections
            else {}
        ),
    }
    return render(
        request,
        "casework/claims/check.html",
        {
            "title": f"Spot check of family {family.reference}",
            "sampled": sampled,
            "family": family,
            "candidate": candidate,
            "form": form,
            "opens": access.families_for(user).filter(pk=family.pk).exists(),
            "sections": sections,
            "headlines": framework_headlines(),
            **plain_words.evidence_words(),
            **shown,
        },
    )
