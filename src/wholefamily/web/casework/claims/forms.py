"""The claims pages' forms: a sign-off (with the override's reason), its withdrawal, an audit sample, a spot
check."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

_YES_NO = [("yes", "Yes"), ("no", "No")]


class SignOffForm(forms.Form):
    reason = forms.CharField(
        label="Reason for the local discretionary override",
        help_text="Why this family is claimed although the rules find it not claimable. Kept with the claim.",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, override: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.override = override

    def clean_reason(self) -> str:
        reason: str = self.cleaned_data.get("reason", "").strip()
        if self.override and not reason:
            raise forms.ValidationError("Give the reason for the local discretionary override")
        return reason


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Reason for withdrawing the sign-off",
        help_text="Why this claim should not be submitted. Kept with the sign-off and in the audit trail.",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Give the reason for withdrawing the sign-off"},
    )

    def clean_reason(self) -> str:
        reason: str = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Give the reason for withdrawing the sign-off")
        return reason


class SampleForm(forms.Form):
    size = forms.IntegerField(
        label="Sample size",
        min_value=1,
        max_value=1000,
        help_text="How many signed-off claims to check (at most all of them).",
    )
    seed = forms.IntegerField(
        label="Seed",
        min_value=0,
        max_value=2**31 - 1,
        help_text="The same seed and size draw the same sample from the same claims.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial", {"size": settings.CLAIMS_SAMPLE_SIZE, "seed": settings.CLAIMS_SAMPLE_SEED}
        )
        super().__init__(*args, **kwargs)


class CheckForm(forms.Form):
    eligible = forms.ChoiceField(label="Was the family eligible?", choices=_YES_NO, widget=forms.RadioSelect)
    whole_family = forms.ChoiceField(
        label="Was there a whole-family way of working?", choices=_YES_NO, widget=forms.RadioSelect
    )
    meets_rules = forms.ChoiceField(
        label="Does the claim meet the rules?", choices=_YES_NO, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label="Note", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def answers(self) -> dict[str, bool]:
        return {
            name: self.cleaned_data[name] == "yes" for name in ("eligible", "whole_family", "meets_rules")
        }
