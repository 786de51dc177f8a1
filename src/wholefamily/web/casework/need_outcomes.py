"""Each need's outcome over time, as the family page shows it: the outcomes the latest outcomes run judged
(published by ``wholefamily publish``), one row per need with its status at each horizon after closure.

Without sensitive details, the needs under a sensitive headline are left out of the query (as on the needs
section)."""

from __future__ import annotations

from dataclasses import dataclass, field

from wholefamily.web.casework.models import SENSITIVE_HEADLINES, Family, NeedOutcome

#: Horizons after closure, in days, and how the page names them (another horizon is named in days).
HORIZON_LABELS = {183: "6 months", 365: "12 months", 730: "24 months"}


def horizon_label(days: int) -> str:
    return HORIZON_LABELS.get(days, f"{days} days")


@dataclass
class NeedOverTime:
    headline_label: str
    descriptor_label: str
    #: The outcome at each horizon (days after closure).
    by_horizon: dict[int, NeedOutcome] = field(default_factory=dict)

    @property
    def records(self) -> int:
        """The partner records read after closure, up to the longest horizon judged."""
        return max((o.records for o in self.by_horizon.values()), default=0)


@dataclass(frozen=True)
class OutcomesOverTime:
    horizons: list[tuple[int, str]]
    needs: list[NeedOverTime]
    #: Sensitive headlines with outcomes the role may not read (named only).
    restricted: list[str]
    outcomes_run: str


def outcomes_over_time(family: Family, *, sensitive: bool) -> OutcomesOverTime:
    rows = NeedOutcome.objects.filter(need__family=family).select_related("need")
    restricted: list[str] = []
    if not sensitive:
        hidden = rows.filter(need__headline__in=SENSITIVE_HEADLINES)
        restricted = sorted(set(hidden.values_list("need__headline_label", flat=True)))
        rows = rows.exclude(need__headline__in=SENSITIVE_HEADLINES)
    needs: dict[int, NeedOverTime] = {}
    horizons: set[int] = set()
    runs: set[str] = set()
    for row in rows.order_by("need__headline_label", "need__descriptor_label", "horizon_days"):
        need = row.need
        entry = needs.setdefault(need.pk, NeedOverTime(need.headline_label, need.descriptor_label))
        entry.by_horizon[row.horizon_days] = row
        horizons.add(row.horizon_days)
        runs.add(row.outcomes_run)
    return OutcomesOverTime(
        horizons=[(days, horizon_label(days)) for days in sorted(horizons)],
        needs=list(needs.values()),
        restricted=restricted,
        outcomes_run=", ".join(sorted(runs)),
    )
