"""Input fields shared by the API's serializers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rest_framework import serializers

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
