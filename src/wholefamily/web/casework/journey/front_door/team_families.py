"""The team's families, filtered and sorted, for the roles that allocate: the list behind each count on the
dashboard. Filters: status, level of need, lead practitioner, need (headline), review date, long-open cases
and eligibility; sorted by reference, review date, level, worker or status; paged.

Review dates and opening dates are the dashboard's (``case_dates``), so a count on the dashboard and the
list it links to always agree: a review is overdue only for an open case, as the dashboard counts it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet

from wholefamily.web.accounts.models import User
from wholefamily.web.casework import access
from wholefamily.web.casework.journey.front_door.caseload import HELD, config, with_level, workers_for
from wholefamily.web.casework.journey.front_door.dashboard import case_dates
from wholefamily.web.casework.models import SENSITIVE_HEADLINES, Family, Need
from wholefamily.web.casework.needs import framework_headlines

HELD_CHOICE = "held"
NONE = "none"
OVERDUE = "overdue"
FORTNIGHT = "fortnight"
OVER_A_YEAR = "over_a_year"

SORTS = {
    "reference": "Reference",
    "review": "Review date, soonest first",
    "level": "Level of need, highest first",
    "worker": "Lead practitioner",
    "status": "Status",
}


@dataclass(frozen=True)
class Row:
    family: Family
    level: int | None
    level_label: str
    review_due: dt.date | None
    opened_on: dt.date | None
    headlines: tuple[str, ...] = ()


class TeamFamiliesForm(forms.Form):
    """The list's filters and its order (sent with GET); every choice is checked against its list."""

    status = forms.ChoiceField(required=False, label="Status")
    level = forms.ChoiceField(required=False, label="Level of need")
    worker = forms.ChoiceField(required=False, label="Lead practitioner")
    need = forms.ChoiceField(required=False, label="Need")
    review = forms.ChoiceField(
        required=False,
        label="Review",
        choices=[("", "Any"), (OVERDUE, "Overdue"), (FORTNIGHT, "Due in the next 14 days")],
    )
    open = forms.ChoiceField(
        required=False, label="Open", choices=[("", "Any time"), (OVER_A_YEAR, "More than a year")]
    )
    eligible = forms.ChoiceField(
        required=False, label="Eligibility", choices=[("", "Eligible or not"), ("yes", "Eligible")]
    )
    sort = forms.ChoiceField(required=False, label="Sort by", choices=list(SORTS.items()))

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            ("", "Any status"),
            (HELD_CHOICE, "Open or stepped up (a worker's caseload)"),
            *Family.Status.choices,
        ]
        self.fields["level"].choices = [  # type: ignore[attr-defined]
            ("", "Any level"),
            *((str(number), label) for number, label in config().level_choices()),
            (NONE, "Not recorded"),
        ]
        self.fields["worker"].choices = [  # type: ignore[attr-defined]
            ("", "Anyone"),
            *((str(w.pk), str(w)) for w in workers_for(user)),
            (NONE, "Not allocated"),
        ]
        headlines = framework_headlines()
        if not access.sees_sensitive(user):
            headlines = {k: v for k, v in headlines.items() if k not in SENSITIVE_HEADLINES}
        self.fields["need"].choices = [  # type: ignore[attr-defined]
            ("", "Any need"),
            *sorted(headlines.items(), key=lambda item: item[1]),
        ]

    def chosen(self) -> dict[str, str]:
        """The valid choices; none at all when any is refused (the page then lists every family)."""
        return dict(self.cleaned_data) if self.is_valid() else {}


def _filtered(families: QuerySet[Family], chosen: dict[str, str]) -> QuerySet[Family]:
    status, level, worker, need = (chosen.get(k, "") for k in ("status", "level", "worker", "need"))
    if status == HELD_CHOICE:
        families = families.filter(status__in=HELD)
    elif status:
        families = families.filter(status=status)
    if level == NONE:
        families = families.filter(Q(level_of_need__isnull=True))  # an annotation (``with_level``)
    elif level:
        families = families.filter(Q(level_of_need=int(level)))
    if worker == NONE:
        families = families.filter(lead_practitioner__isnull=True)
    elif worker:
        families = families.filter(lead_practitioner_id=int(worker))
    if need:
        families = families.filter(Exists(Need.objects.filter(family=OuterRef("pk"), headline=need)))
    if chosen.get("eligible") == "yes":
        families = families.filter(eligible=True)
    return families


def _keep(row: Row, chosen: dict[str, str], today: dt.date) -> bool:
    review = chosen.get("review")
    is_open = row.family.status == Family.Status.OPEN
    if review == OVERDUE and not (is_open and row.review_due and row.review_due < today):
        return False
    fortnight = today + dt.timedelta(days=14)
    if review == FORTNIGHT and not (is_open and row.review_due and today <= row.review_due <= fortnight):
        return False
    if chosen.get("open") != OVER_A_YEAR:
        return True
    return bool(
        row.family.status in HELD and row.opened_on and (today - row.opened_on).days > config().long_case_days
    )


def _sort_key(sort: str) -> Any:
    far = dt.date.max
    keys: dict[str, Any] = {
        "review": lambda r: (r.review_due or far, r.family.pk),
        "level": lambda r: (-(r.level or 0), r.family.pk),
        "worker": lambda r: (str(r.family.lead_practitioner or "~"), r.family.pk),
        "status": lambda r: (r.family.get_status_display(), r.family.pk),
    }
    return keys.get(sort, lambda r: r.family.pk)


def team_families(user: User, chosen: dict[str, str], today: dt.date) -> list[Row]:
    """The families ``user`` may open that pass the ``chosen`` filters, in the chosen order."""
    cfg = config()
    families = with_level(access.families_for(user)).select_related("lead_practitioner", "team")
    listed = list(_filtered(families, chosen).order_by("pk"))
    held = [f for f in listed if f.status in HELD]
    dates = case_dates(held)
    rows = [
        Row(
            family=f,
            level=f.level_of_need,  # type: ignore[attr-defined]
            level_label=cfg.level_label(f.level_of_need),  # type: ignore[attr-defined]
            review_due=dates[f.pk].review_due if f.status == Family.Status.OPEN else None,
            opened_on=dates[f.pk].opened_on if f.pk in dates else None,
        )
        for f in listed
    ]
    kept = [r for r in rows if _keep(r, chosen, today)]
    return sorted(kept, key=_sort_key(chosen.get("sort", "")))


def with_headlines(user: User, rows: list[Row]) -> list[Row]:
    """``rows`` with the labels of their needs' headlines (sensitive ones only for roles that see them)."""
    needs = Need.objects.filter(family__in=[r.family.pk for r in rows])
    if not access.sees_sensitive(user):
        needs = needs.exclude(headline__in=SENSITIVE_HEADLINES)
    labels: dict[int, set[str]] = {}
    for family_id, label in needs.values_list("family_id", "headline_label").distinct():
        labels.setdefault(family_id, set()).add(label)
    return [
        Row(
            r.family,
            r.level,
            r.level_label,
            r.review_due,
            r.opened_on,
            tuple(sorted(labels.get(r.family.pk, ()))),
        )
        for r in rows
    ]
