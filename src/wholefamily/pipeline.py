"""The steps chained: ``link`` then family formation, and the monthly sequence a council (or the demo) runs:
ingest, link and families, identify, and, once the casework site has exported its milestones
(``casework/milestones.csv``), outcomes as of the delivery date and claims for the delivery's quarter.

Each step stays usable alone (its own module and command); this module only orders them, so that no step
imports another.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from wholefamily.claims.build import ClaimsResult, build_claims
from wholefamily.claims.period import period_of
from wholefamily.families.build import build_families
from wholefamily.families.formation import FamilySummary
from wholefamily.framework.identify import IdentifyResult, run_identify
from wholefamily.ingest.run import Progress as IngestProgress
from wholefamily.ingest.run import RunResult, run_ingest
from wholefamily.linkage.run import LinkResult, run_link
from wholefamily.outcomes.run import OutcomesResult, run_outcomes
from wholefamily.outcomes.truth_casework import casework_on_formed_families
from wholefamily.warehouse.spark import Engine
from wholefamily.workspace import Workspace

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Linked:
    people: LinkResult
    families: FamilySummary


def link_and_form(
    workspace: Workspace,
    as_of: dt.date | None = None,
    engine: Engine = "duckdb",
    progress: Progress | None = None,
    *,
    retrain: bool = False,
) -> Linked:
    """Link person mentions into people (``retrain``: train the model afresh), then form families from them
    at the same date."""
    say = progress or (lambda _step: None)
    people = run_link(workspace, as_of, engine, say, retrain=retrain)
    families = build_families(workspace, as_of, lambda step: say(f"families: {step}"))
    return Linked(people, families)


@dataclass(frozen=True)
class Month:
    ingest: RunResult
    linked: Linked
    identify: IdentifyResult
    #: None when there is no casework export (``casework/milestones.csv``) yet: nothing to judge or claim.
    outcomes: OutcomesResult | None = None
    claims: ClaimsResult | None = None


@dataclass(frozen=True)
class MonthObserver:
    """Called as each step of the month finishes (the demo prints them), and for progress within steps."""

    ingested: Callable[[RunResult], None] = lambda result: None
    linked: Callable[[Linked], None] = lambda result: None
    identified: Callable[[IdentifyResult], None] = lambda result: None
    progress: Progress = lambda step: None
    ingest_progress: IngestProgress | None = None
    #: Outcomes and claims, or None for both when there is no casework export.
    judged: Callable[[OutcomesResult | None], None] = lambda result: None
    claimed: Callable[[ClaimsResult | None], None] = lambda result: None


def run_month(
    workspace: Workspace,
    framework: str,
    as_of: dt.date,
    observer: MonthObserver | None = None,
    *,
    synthetic_casework: bool = False,
    engine: Engine = "duckdb",
) -> Month:
    """ingest → link → families → identify, on the deliveries up to ``as_of``; then, when the casework site
    has exported its milestones, outcomes as of ``as_of`` and claims for its quarter (on the outcomes just
    judged, with the claims register as it stands). ``synthetic_casework``: the milestones are a synthetic
    authority's (``generate --closures``), so they are first moved onto the families just formed, as a
    site would export them (``evaluate formed-casework``). ``engine``: where pairs are scored and rules run
    (ingest, training, family formation, outcomes and claims run on DuckDB either way: docs/scale.md)."""
    watch = observer or MonthObserver()
    ingested = run_ingest(workspace, None, (), watch.ingest_progress)
    watch.ingested(ingested)
    linked = link_and_form(workspace, None, engine, watch.progress)
    watch.linked(linked)
    identified = run_identify(workspace, framework, as_of, engine=engine)
    watch.identified(identified)
    if not workspace.milestones.is_file():
        watch.judged(None)
        watch.claimed(None)
        return Month(ingested, linked, identified)
    if synthetic_casework:
        casework_on_formed_families(workspace)
    judged = run_outcomes(workspace, framework, as_of)
    watch.judged(judged)
    claimed = build_claims(workspace, period_of(as_of), as_of)
    watch.claimed(claimed)
    return Month(ingested, linked, identified, judged, claimed)
