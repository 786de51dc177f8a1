"""The dashboards: each a page of figures, with who may see it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from wholefamily.web.accounts.models import User
from wholefamily.web.casework import access
from wholefamily.web.insight.caseloads import caseload_figures
from wholefamily.web.insight.data_quality import data_quality_figures
from wholefamily.web.insight.figures import Figure
from wholefamily.web.insight.needs import needs_figures
from wholefamily.web.insight.programme import programme_figures
from wholefamily.web.insight.scope import Scope


@dataclass(frozen=True)
class Dashboard:
    slug: str
    title: str
    description: str
    may_see: Callable[[User], bool]
    figures: Callable[[Scope, dt.date], list[Figure]]


DASHBOARDS = (
    Dashboard(
        "programme",
        "The programme",
        "Families at each step from identification to a claim, and the needs' outcomes after closure.",
        access.may_see_insight,
        lambda scope, today: programme_figures(scope),
    ),
    Dashboard(
        "needs",
        "Needs over time",
        "Families with a new need by headline and by area, month by month.",
        access.may_see_insight,
        lambda scope, today: needs_figures(scope),
    ),
    Dashboard(
        "caseloads",
        "Caseloads and drift",
        "Open cases per worker, reviews overdue, cases without contact, and the change in wellbeing scores.",
        access.may_view_caseloads,
        caseload_figures,
    ),
    Dashboard(
        "data-quality",
        "Data quality and feed health",
        "Partner feeds' last deliveries and the gaps in the records.",
        access.sees_feed_health,
        data_quality_figures,
    ),
)
BY_SLUG = {dashboard.slug: dashboard for dashboard in DASHBOARDS}


def dashboards_for(user: User) -> list[Dashboard]:
    if not access.may_see_insight(user):
        return []
    return [dashboard for dashboard in DASHBOARDS if dashboard.may_see(user)]
