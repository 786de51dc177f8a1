"""The self-assessment's forms: a quarter to score, the scores, and the template edits."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from wholefamily.web.maturity import scoring
from wholefamily.web.maturity.template import TEXT_MAX, Template

MAX_LINKS = 10
_EVIDENCE_MAX = 2000


class QuarterForm(forms.Form):
    quarter = forms.CharField(
        label="Quarter",
        max_length=6,
        help_text="A year and a quarter number, like 2027Q1 (January to March).",
        error_messages={
            "required": "Enter a quarter, like 2027Q1",
            "max_length": "Enter the quarter as a year and a quarter number, like 2027Q1",
        },
    )

    def clean_quarter(self) -> str:
        quarter: str = self.cleaned_data["quarter"].strip().upper()
        problem = scoring.quarter_problem(quarter)
        if problem:
            raise ValidationError(problem)
        return quarter


def _links(text: str, label: str) -> tuple[str, ...]:
    links = tuple(line.strip() for line in text.splitlines() if line.strip())
    if len(links) > MAX_LINKS:
        raise ValidationError(f"{label}: give at most {MAX_LINKS} links")
    check = URLValidator(schemes=["http", "https"])
    for link in links:
        try:
            check(link)
        except ValidationError:
            raise ValidationError(
                f"{label}: “{link[:80]}” is not a web address starting http:// or https://"
            ) from None
    return links


class ScoresForm(forms.Form):
    """A level, evidence and links for every statement of ``template``; fields ``<key>-level`` and so on."""

    def __init__(self, *args: Any, template: Template, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.template = template
        choices = [(str(lv.level), f"{lv.level}: {lv.label}") for lv in template.levels]
        for area in template.areas:
            for n, statement in enumerate(area.statements, start=1):
                name = f"{area.title}, statement {n}"
                self.fields[f"{statement.key}-level"] = forms.ChoiceField(
                    label=statement.text,
                    choices=choices,
                    widget=forms.RadioSelect,
                    error_messages={"required": f"{name}: choose a level"},
                )
                self.fields[f"{statement.key}-evidence"] = forms.CharField(
                    label="Evidence",
                    required=False,
                    max_length=_EVIDENCE_MAX,
                    widget=forms.Textarea(attrs={"rows": 2}),
                    error_messages={
                        "max_length": f"{name}: evidence must be {_EVIDENCE_MAX} characters or fewer"
                    },
                )
                self.fields[f"{statement.key}-links"] = forms.CharField(
                    label="Evidence links",
                    help_text="One web address a line.",
                    required=False,
                    max_length=MAX_LINKS * 500,
                    widget=forms.Textarea(attrs={"rows": 2}),
                    error_messages={"max_length": f"{name}: the evidence links are too long"},
                )
                self.fields[f"{statement.key}-links"].statement_name = name  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name, field in self.fields.items():
            if name.endswith("-links") and name in cleaned:
                try:
                    cleaned[name] = _links(cleaned[name], field.statement_name)  # type: ignore[attr-defined]
                except ValidationError as error:
                    self.add_error(name, error)
        return cleaned

    def given(self) -> dict[str, scoring.Given]:
        data = self.cleaned_data
        return {
            s.key: scoring.Given(
                level=int(data[f"{s.key}-level"]),
                evidence=data[f"{s.key}-evidence"].strip(),
                links=data[f"{s.key}-links"],
            )
            for area in self.template.areas
            for s in area.statements
        }


class StatementForm(forms.Form):
    """A statement's new text (a rename, or a new statement in an area)."""

    text = forms.CharField(
        label="Statement",
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter the statement",
            "max_length": f"The statement must be {TEXT_MAX} characters or fewer",
        },
    )

    def __init__(self, *args: Any, others: list[str], unchanged: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.others = {o.casefold() for o in others}
        self.unchanged = unchanged

    def clean_text(self) -> str:
        text = " ".join(self.cleaned_data["text"].split())
        if not text:
            raise ValidationError("Enter the statement")
        if self.unchanged and text == self.unchanged:
            raise ValidationError("The statement is unchanged: change its text, or cancel")
        if text.casefold() in self.others:
            raise ValidationError("The area already has this statement")
        return text


class LevelsForm(forms.Form):
    """Each level's label and descriptor (``label-1``, ``descriptor-1`` ...)."""

    def __init__(self, *args: Any, template: Template, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {f"{k}-{lv.level}": getattr(lv, k) for lv in template.levels for k in ("label", "descriptor")},
        )
        super().__init__(*args, **kwargs)
        self.count = len(template.levels)
        for n in range(1, self.count + 1):
            self.fields[f"label-{n}"] = forms.CharField(
                label=f"Level {n}: label",
                max_length=60,
                error_messages={
                    "required": f"Enter a label for level {n}",
                    "max_length": f"The label of level {n} must be 60 characters or fewer",
                },
            )
            self.fields[f"descriptor-{n}"] = forms.CharField(
                label=f"Level {n}: descriptor",
                max_length=TEXT_MAX,
                widget=forms.Textarea(attrs={"rows": 2}),
                error_messages={
                    "required": f"Enter a descriptor for level {n}",
                    "max_length": f"The descriptor of level {n} must be {TEXT_MAX} characters or fewer",
                },
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        labels = [cleaned.get(f"label-{n}", "").strip().casefold() for n in range(1, self.count + 1)]
        if all(labels) and len(set(labels)) != len(labels):
            raise ValidationError("Each level needs a different label")
        return cleaned

    def levels(self) -> list[tuple[str, str]]:
        data = self.cleaned_data
        return [
            (" ".join(data[f"label-{n}"].split()), " ".join(data[f"descriptor-{n}"].split()))
            for n in range(1, self.count + 1)
        ]
