"""One evaluation of the risk model with a strict time split, on an as-of date A and horizon H:

* training: features as of S = A - 2H, labels (escalation) in (S, S + H], from deliveries by S + H;
* test: features as of T = A - H, labels in (T, A], from deliveries by A.

Nothing the model is trained on was delivered after T, and no test feature after T. The model is
compared on the test families with a plain logistic regression and the transparent priority order of
the identify run as of T (when there is one). Every test family's score is logged with the model's
version (``scores.csv``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import numpy as np

from wholefamily.decisions import DecisionStore
from wholefamily.evidence.errors import EvidenceError
from wholefamily.evidence.risk.fairness import Gap, GroupRates, audit
from wholefamily.evidence.risk.features import Families, escalated, features_as_of
from wholefamily.evidence.risk.metrics import Metrics, metrics, top
from wholefamily.evidence.risk.model import fit, top_factors
from wholefamily.evidence.risk.settings import CLEARLY_BETTER, RiskSettings, read_settings
from wholefamily.governance.restrictions import restricted_person_ids
from wholefamily.warehouse.connection import open_warehouse, published_tables
from wholefamily.workspace import Workspace

#: escalations the training window must hold for a model to be fitted at all
MIN_ESCALATIONS = 10


@dataclass(frozen=True)
class RiskEvaluation:
    settings: RiskSettings
    as_of: dt.date
    train: Families
    test: Families
    train_escalated: int
    test_y: np.ndarray
    model_version: str
    scores: np.ndarray
    metrics: dict[str, Metrics]  # model, logistic regression, priority order (when there is one)
    priority_run: str | None
    groups: list[GroupRates]
    gaps: list[Gap]
    chosen: np.ndarray
    factors: list[list[str]]

    @property
    def clearly_better(self) -> bool:
        model = self.metrics["model"].pr_auc
        others = [m.pr_auc for name, m in self.metrics.items() if name != "model"]
        return all(model >= other + CLEARLY_BETTER for other in others)


def evaluate_risk(workspace: Workspace, as_of: dt.date, seed: int = 1) -> RiskEvaluation:
    settings = read_settings(workspace.root)
    horizon = dt.timedelta(days=settings.horizon_days)
    test_date, train_date = as_of - horizon, as_of - 2 * horizon
    with open_warehouse(workspace.warehouse) as con:
        _check_deliveries(con, train_date)
        restricted = restricted_person_ids(con, DecisionStore(workspace.decisions))
        train = features_as_of(con, train_date, restricted)
        train_labels = escalated(con, train_date, test_date, restricted)
        test = features_as_of(con, test_date, restricted)
        test_labels = escalated(con, test_date, as_of, restricted)
        priority_run, priority = _priority(con, test_date)
    y_train = np.array([f in train_labels for f in train.family_ids], float)
    y_test = np.array([f in test_labels for f in test.family_ids], float)
    if y_train.sum() < MIN_ESCALATIONS or not test.family_ids:
        raise EvidenceError(
            f"too little to learn from: {int(y_train.sum())} escalations between {train_date} and {test_date} "
            f"(at least {MIN_ESCALATIONS} needed) and {len(test.family_ids)} families on {test_date}"
        )
    fitted = fit(train.x, y_train, seed)
    scores = fitted.score(test.x)
    capacity = min(settings.capacity, len(test.family_ids))
    results = {
        "model": metrics(scores, y_test, capacity, probability=True),
        "logistic regression": metrics(
            fitted.logistic.probability(test.x), y_test, capacity, probability=True
        ),
    }
    if priority is not None:
        rank = np.array([priority.get(f, len(priority) + 1) for f in test.family_ids], float)
        results["priority order"] = metrics(-rank, y_test, capacity, probability=False)
    chosen = top(scores, capacity)
    groups, gaps = audit(test.groups, chosen, y_test, settings.tolerance)
    return RiskEvaluation(
        settings,
        as_of,
        train,
        test,
        int(y_train.sum()),
        y_test,
        fitted.version,
        scores,
        results,
        priority_run,
        groups,
        gaps,
        chosen,
        top_factors(fitted, test.x),
    )


def _check_deliveries(con: duckdb.DuckDBPyConnection, train_date: dt.date) -> None:
    first = con.execute("SELECT min(delivery_date) FROM main.events").fetchone() if _has_events(con) else None
    if first is None or first[0] is None or first[0] > train_date:
        raise EvidenceError(
            f"the training date {train_date} (the as-of date less two horizons) comes before the first delivery "
            f"({first[0] if first else 'none'}): choose a later --as-of or a shorter horizon_days"
        )


def _has_events(con: duckdb.DuckDBPyConnection) -> bool:
    return "events" in published_tables(con)


def _priority(con: duckdb.DuckDBPyConnection, day: dt.date) -> tuple[str | None, dict[str, int] | None]:
    """The priority order of the latest identify run as of exactly ``day``: family -> place (1 first)."""
    if "identify_runs" not in published_tables(con):
        return None, None
    run = con.execute("SELECT max(run_id) FROM main.identify_runs WHERE as_of = ?", [day]).fetchone()
    if run is None or run[0] is None:
        return None, None
    rows = con.execute(
        "SELECT family_id, priority FROM main.family_eligibility WHERE run_id = ?", [run[0]]
    ).fetchall()
    return str(run[0]), {str(f): int(p) for f, p in rows}
