"""Input fields shared by the API's serializers."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

from django.db import models
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from wholefamily.web.accounts.models import Agency
from wholefamily.web.api.date_pattern import dates_up_to
from wholefamily.web.casework.models import WellbeingArea
from wholefamily.web.forms import date_range_problem, latest_date


class DateField(serializers.DateField):
    """A ``YYYY-MM-DD`` date within the dates the service records (from 1900 to ten years ahead), as the
    pages' date fields are: "0001-01-01" answers 400, not a record dated in the first century. The schema
    states the range as a pattern (``date_pattern``)."""

    def latest(self) -> dt.date:
        return latest_date()

    def problem(self, day: dt.date) -> str | None:
        return date_range_problem(day)

    def to_internal_value(self, value: Any) -> dt.date:
        day: dt.date = super().to_internal_value(value)
        problem = self.problem(day)
        if problem is not None:
            raise serializers.ValidationError(problem + ".")
        return day


class PastDateField(DateField):
    """A date that has happened: from 1900 to today."""

    def latest(self) -> dt.date:
        return dt.date.today()

    def problem(self, day: dt.date) -> str | None:
        return "The date must be today or in the past" if day > dt.date.today() else super().problem(day)


class DateFieldSchema(OpenApiSerializerFieldExtension):  # type: ignore[no-untyped-call]
    """States the range of dates a request may send as a pattern, as of the day the schema is asked for
    (answers keep the plain date format)."""

    target_class = DateField
    match_subclasses = True

    def map_serializer_field(self, auto_schema: Any, direction: str) -> dict[str, Any]:
        if direction == "response":
            return {"type": "string", "format": "date"}
        return {"type": "string", "format": "date", "pattern": dates_up_to(self.target.latest())}


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


def _scores_schema(others_refused: bool) -> dict[str, Any]:
    areas = [area.value for area in WellbeingArea]
    score = {"type": "integer", "minimum": 1, "maximum": 10}
    schema = {"type": "object", "properties": dict.fromkeys(areas, score), "required": areas}
    return schema | {"additionalProperties": False if others_refused else {"type": "integer"}}


@extend_schema_field(_scores_schema(others_refused=True))
class WellbeingScoresField(serializers.DictField):
    """A score from 1 to 10 for every wellbeing area, and nothing else."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(child=WholeNumber(min_value=1, max_value=10), **kwargs)


@extend_schema_field(_scores_schema(others_refused=False))
class ReviewScoresField(serializers.DictField):
    """A score for every wellbeing area (a review reads those and ignores any other whole-number key)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(child=WholeNumber(), **kwargs)


# JSON bodies are typed: DRF's own fields coerce (0 becomes "0", "5" becomes 5, 1 becomes true), which lets
# through requests the schema calls invalid. These refuse any other JSON type.


class Text(serializers.CharField):
    """A JSON string, never a number or a boolean turned into one, and no longer than ``max_length`` as sent
    (DRF would count it after trimming the white space around it)."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        if self.max_length is not None and len(data) > self.max_length:
            self.fail("max_length", max_length=self.max_length)
        return str(super().to_internal_value(data))


class WholeNumber(serializers.IntegerField):
    """A JSON integer, never a string of digits, a float or a boolean."""

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return int(super().to_internal_value(data))


class Key(serializers.UUIDField):
    """A UUID as a JSON string, never a number or a boolean (which DRF would turn into one)."""

    def to_internal_value(self, data: Any) -> uuid.UUID:
        if not isinstance(data, str):
            self.fail("invalid", value=data)
        return super().to_internal_value(data)


class TrueOrFalse(serializers.BooleanField):
    """JSON true or false, never 0, 1 or "yes"."""

    def to_internal_value(self, data: Any) -> bool:
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


class RowId(serializers.PrimaryKeyRelatedField):  # type: ignore[type-arg]
    """A row's id as a JSON integer."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("incorrect_type", data_type=type(data).__name__)
        return super().to_internal_value(data)


#: For model serializers that take input: model fields become the typed fields above.
TYPED_FIELD_MAPPING = {
    **serializers.ModelSerializer.serializer_field_mapping,
    models.CharField: Text,
    models.TextField: Text,
    models.IntegerField: WholeNumber,
    models.PositiveIntegerField: WholeNumber,
    models.PositiveSmallIntegerField: WholeNumber,
    models.BooleanField: TrueOrFalse,
}
