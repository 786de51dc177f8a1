"""Input fields shared by the API's serializers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from rest_framework import serializers

from wholefamily.web.accounts.models import Agency
from wholefamily.web.forms import date_range_problem


class DateField(serializers.DateField):
    """A ``YYYY-MM-DD`` date within the dates the service records (from 1900 to ten years ahead), as the
    pages' date fields are: "0001-01-01" answers 400, not a record dated in the first century."""

    def to_internal_value(self, value: Any) -> dt.date:
        day: dt.date = super().to_internal_value(value)
        problem = date_range_problem(day)
        if problem is not None:
            raise serializers.ValidationError(problem + ".")
        return day


def recorded_by_field() -> serializers.StringRelatedField[Any]:
    """Who recorded a row, by name; null for rows recorded by the pipeline or by a user since deleted."""
    return serializers.StringRelatedField(read_only=True, allow_null=True)


def agency_field() -> serializers.ChoiceField:
    """A practitioner's or a note's agency: one of ``Agency``, or "" for none (the council's own staff)."""
    return serializers.ChoiceField(choices=Agency.choices, allow_blank=True, read_only=True)


class OneOf(serializers.ChoiceField):
    """One of ``choices``, stated as an enum in the schema. A value outside them is refused with
    ``problem(value)`` when that says why (say, an intervention families are not referred to), else with the
    field's own message."""

    def __init__(self, choices: list[str], *, problem: Callable[[str], str | None], **kwargs: Any) -> None:
        super().__init__(choices=choices, **kwargs)
        self.problem = problem

    def to_internal_value(self, data: Any) -> Any:
        message = self.problem(data) if isinstance(data, str) else None
        if message:
            raise serializers.ValidationError(message)
        return super().to_internal_value(data)
