"""The self-assessment template: its shape, the shipped default, and the edits that make a new version.

A template is areas of statements, each scored on one scale of levels. Statement keys never change (a renamed
statement keeps its key), so a statement's scores can be followed across versions."""

from __future__ import annotations

import re
from importlib import resources
from typing import Any

import yaml
from django.db import transaction
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from wholefamily.web.accounts.models import User
from wholefamily.web.maturity.models import TemplateVersion

DEFAULT_FILE = "data/self-assessment-default.yaml"
TEXT_MAX = 300
_KEY = r"^[a-z0-9][a-z0-9-]{0,59}$"


class TemplateError(ValueError):
    """A template that cannot be used, with what is wrong."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Level(_Strict):
    level: int = Field(ge=1, le=10)
    label: str = Field(min_length=1, max_length=60)
    descriptor: str = Field(min_length=1, max_length=TEXT_MAX)


class Statement(_Strict):
    key: str = Field(pattern=_KEY)
    text: str = Field(min_length=1, max_length=TEXT_MAX)


class Area(_Strict):
    key: str = Field(pattern=_KEY)
    title: str = Field(min_length=1, max_length=120)
    source: str = Field(default="", max_length=TEXT_MAX)
    statements: list[Statement] = Field(min_length=1)


class Template(_Strict):
    name: str = Field(min_length=1, max_length=120)
    is_default: bool = False
    source: str = Field(default="", max_length=TEXT_MAX)
    levels: list[Level] = Field(min_length=2)
    areas: list[Area] = Field(min_length=1)

    @field_validator("levels")
    @classmethod
    def _levels_count_up(cls, levels: list[Level]) -> list[Level]:
        if [lv.level for lv in levels] != list(range(1, len(levels) + 1)):
            raise ValueError("levels must be numbered 1, 2, 3 ... in order")
        return levels

    @model_validator(mode="after")
    def _keys_unique(self) -> Template:
        areas = [a.key for a in self.areas]
        statements = [s.key for a in self.areas for s in a.statements]
        for what, keys in (("area", areas), ("statement", statements)):
            repeated = sorted({k for k in keys if keys.count(k) > 1})
            if repeated:
                raise ValueError(f"{what} keys must be unique; repeated: {', '.join(repeated)}")
        return self

    def statement(self, key: str) -> tuple[Area, Statement]:
        for area in self.areas:
            for statement in area.statements:
                if statement.key == key:
                    return area, statement
        raise KeyError(key)

    def level_label(self, level: int) -> str:
        return next((lv.label for lv in self.levels if lv.level == level), str(level))


def parse(content: Any) -> Template:
    """A template from its data (the YAML file's or a version's JSON), or ``TemplateError`` naming each problem."""
    try:
        return Template.model_validate(content)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'template'}: {e['msg']}" for e in error.errors()
        )
        raise TemplateError(problems) from None


def default_template() -> Template:
    text = resources.files("wholefamily.web.maturity").joinpath(DEFAULT_FILE).read_text("utf-8")
    return parse(yaml.safe_load(text))


def current_version() -> TemplateVersion:
    """The latest version; the shipped default becomes version 1 the first time it is asked for."""
    latest = TemplateVersion.objects.order_by("-number").first()
    if latest is not None:
        return latest
    with transaction.atomic():
        version, _ = TemplateVersion.objects.get_or_create(
            number=1,
            defaults={
                "content": default_template().model_dump(),
                "change": "The default template shipped with wholefamily",
            },
        )
    return version


def of(version: TemplateVersion) -> Template:
    return parse(version.content)


def save_version(template: Template, change: str, user: User) -> TemplateVersion:
    """Save ``template`` as the next version; an edited template is no longer the shipped default (nor named
    one)."""
    name = template.name.removesuffix(" (default)") if template.is_default else template.name
    content = template.model_copy(update={"is_default": False, "name": name}).model_dump()
    with transaction.atomic():
        number = (
            TemplateVersion.objects.order_by("-number").values_list("number", flat=True).first() or 0
        ) + 1
        return TemplateVersion.objects.create(number=number, content=content, change=change, created_by=user)


def _replace_area(template: Template, area: Area) -> Template:
    areas = [area if a.key == area.key else a for a in template.areas]
    return parse({**template.model_dump(), "areas": [a.model_dump() for a in areas]})


def rename_statement(template: Template, key: str, text: str) -> Template:
    area, _ = template.statement(key)
    statements = [Statement(key=s.key, text=text) if s.key == key else s for s in area.statements]
    return _replace_area(template, area.model_copy(update={"statements": statements}))


def add_statement(template: Template, area_key: str, text: str) -> tuple[Template, str]:
    """The template with a new statement at the end of ``area_key``, and the new statement's key."""
    area = next(a for a in template.areas if a.key == area_key)
    taken = {s.key for a in template.areas for s in a.statements}
    number = 1 + max(
        (int(m.group(1)) for k in taken if (m := re.fullmatch(rf"{area_key}-(\d+)", k))), default=0
    )
    key = f"{area_key}-{number}"
    statements = [*area.statements, Statement(key=key, text=text)]
    return _replace_area(template, area.model_copy(update={"statements": statements})), key


def set_levels(template: Template, levels: list[tuple[str, str]]) -> Template:
    """The template with each level's label and descriptor replaced (the number of levels stays)."""
    if len(levels) != len(template.levels):
        raise TemplateError("give a label and a descriptor for every level")
    new = [
        {"level": n, "label": label, "descriptor": text} for n, (label, text) in enumerate(levels, start=1)
    ]
    return parse({**template.model_dump(), "levels": new})
