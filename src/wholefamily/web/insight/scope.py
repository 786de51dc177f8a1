"""What a dashboard counts: the families the user may open (``access.families_for``), narrowed by the filters
on the page (a period of months, an area, a team), read from the query string and checked like any form."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from django import forms
from django.db.models import Case, CharField, F, QuerySet, Value, When
from django.db.models.functions import StrIndex, Substr

from wholefamily.web.accounts.models import Team, User
from wholefamily.web.casework import access
from wholefamily.web.casework.models import Family
from wholefamily.web.insight.suppression import suppress_small

K = TypeVar("K")

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
#: Months shown when the page is opened without a period: this month and the eleven before it.
DEFAULT_MONTHS = 12
#: The longest period a page shows (a column a month in the tables).
MOST_MONTHS = 36
UNKNOWN_AREA = "Unknown"


def month_start(text: str) -> dt.date:
    match = _MONTH.match(text)
    if match is None:
        raise ValueError(text)
    return dt.date(int(match[1]), int(match[2]), 1)


def month_end(start: dt.date) -> dt.date:
    return start.replace(day=calendar.monthrange(start.year, start.month)[1])


def months_before(month: dt.date, count: int) -> dt.date:
    """The first day of the month ``count`` months before ``month``'s."""
    index = month.year * 12 + month.month - 1 - count
    return dt.date(index // 12, index % 12 + 1, 1)


def months_between(first: dt.date, last: dt.date) -> list[str]:
    """Every month from ``first``'s to ``last``'s, as ``YYYY-MM``."""
    months, day = [], first.replace(day=1)
    while day <= last:
        months.append(f"{day:%Y-%m}")
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return months


def district_of(field: str = "postcode") -> Case:
    """The postcode district (the outward code: ``WX1`` of ``WX1 1AA``) of a stored postcode, in SQL."""
    return Case(
        When(**{f"{field}__contains": " "}, then=Substr(F(field), 1, StrIndex(F(field), Value(" ")) - 1)),
        default=Value(UNKNOWN_AREA),
        output_field=CharField(),
    )


class FiltersForm(forms.Form):
    from_month = forms.CharField(
        label="From month", required=False, max_length=7, help_text="For example, 2026-04"
    )
    to_month = forms.CharField(
        label="To month", required=False, max_length=7, help_text="For example, 2027-03"
    )
    area = forms.ChoiceField(label="Area (postcode district)", required=False)
    team = forms.ChoiceField(label="Team", required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        visible = access.families_for(user)
        districts = visible.annotate(district=district_of()).order_by().values_list("district", flat=True)
        areas = sorted(districts.distinct())
        self.fields["area"].choices = [("", "All areas"), *((a, a) for a in areas)]  # type: ignore[attr-defined]
        teams = Team.objects.filter(pk__in=visible.exclude(team=None).values("team")).order_by("name")
        self.fields["team"].choices = [  # type: ignore[attr-defined]
            ("", "All teams"),
            *((str(t.pk), t.name) for t in teams),
        ]

    def _month(self, name: str) -> dt.date | None:
        text = self.cleaned_data.get(name, "").strip()
        if not text:
            return None
        try:
            return month_start(text)
        except ValueError:
            raise forms.ValidationError(
                "Enter a month as year and month, like 2026-04", code="month"
            ) from None

    def clean_from_month(self) -> dt.date | None:
        return self._month("from_month")

    def clean_to_month(self) -> dt.date | None:
        return self._month("to_month")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first = data.get("from_month")
        last = data.get("to_month") or dt.date.today().replace(day=1)  # as ``scope_for`` reads it
        if first and first > last:
            self.add_error("to_month", "The to month must be the same as or after the from month")
        elif first and len(months_between(first, last)) > MOST_MONTHS:
            self.add_error("from_month", f"Choose a period of {MOST_MONTHS} months or fewer")
        return data


@dataclass(frozen=True)
class Scope:
    """The families counted (the user's, filtered) and the period, first day to last day."""

    user: User
    families: QuerySet[Family]
    start: dt.date
    end: dt.date
    area: str
    team: str

    @property
    def months(self) -> list[str]:
        return months_between(self.start, self.end)

    @property
    def by_one_area(self) -> bool:
        """Every figure is then a count in one area, so small counts are suppressed everywhere."""
        return bool(self.area)

    def shown(self, counts: Mapping[K, int]) -> dict[K, int | None]:
        """``counts`` as the scope's figures show them: suppressed below the threshold when ``by_one_area``."""
        if self.by_one_area:
            return suppress_small(counts)
        return {key: count for key, count in counts.items()}

    def describe(self) -> str:
        return f"{self.start:%B %Y} to {self.end:%B %Y}"


def scope_for(user: User, form: FiltersForm, today: dt.date) -> Scope:
    """The scope of a valid form (or of the defaults, for a form with errors: the page shows them)."""
    data = form.cleaned_data if form.is_valid() else {}
    last = data.get("to_month") or today.replace(day=1)
    first = data.get("from_month") or months_before(last, DEFAULT_MONTHS - 1)
    families = access.families_for(user)
    area, team = data.get("area", ""), data.get("team", "")
    if area == UNKNOWN_AREA:
        families = families.exclude(postcode__contains=" ")
    elif area:
        families = families.filter(postcode__startswith=f"{area} ")
    if team:
        families = families.filter(team_id=int(team))
    return Scope(user, families, first, month_end(last), area, team)
