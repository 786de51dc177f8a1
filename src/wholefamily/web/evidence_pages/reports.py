"""The evidence reports the pipeline writes into the workspace, read and checked: ``reports/impact/`` from
``wholefamily evaluate impact`` and the latest ``reports/risk/<as-of>/`` from ``wholefamily evaluate risk``
(see src/wholefamily/evidence/report.py and risk/report.py). Each JSON file is validated against the
fields the pages show, so a damaged or foreign file is refused with the problem named, not half shown."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from wholefamily.evidence.errors import EvidenceError
from wholefamily.evidence.risk.settings import RiskSettings, read_settings

IMPACT_FOLDER = Path("reports") / "impact"
RISK_FOLDER = Path("reports") / "risk"


M = TypeVar("M", bound=BaseModel)
#: What an SVG from the pipeline never holds: script, an event handler, a link, foreign content or a DTD.
_UNSAFE_SVG = re.compile(
    r"<script|<foreignobject|\bhref\s*=|\son[a-z]+\s*=|<!entity|<!doctype", re.IGNORECASE
)


class ReportError(Exception):
    """A report file exists but cannot be read as the pipeline writes it."""


class _Read(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class Estimate(_Read):
    effect: float | None
    low: float | None
    high: float | None
    n: int


class Refutation(Estimate):
    passes: bool | None


class Outcome(_Read):
    outcome: str
    label: str
    measure: str
    worked_with_mean: float | None
    matched_comparison_mean: float | None
    matched: Estimate
    weighted: Estimate
    placebo_treatment: Refutation
    random_common_cause: Refutation


class ImpactFamilies(_Read):
    worked_with: int
    comparison: int
    matched: int
    unmatched: int
    comparison_used: int
    worked_with_not_from_index_date: int


class Balance(_Read):
    covariate: str
    smd_before: float | None
    smd_after_matching: float | None
    smd_after_weighting: float | None


class ImpactReport(_Read):
    identify_run_id: str
    index_date: dt.date
    window_end: dt.date
    seed: int
    families: ImpactFamilies
    balanced: bool
    balance: list[Balance]
    outcomes: list[Outcome]


class Metric(_Read):
    roc_auc: float | None
    pr_auc: float | None
    brier: float | None
    precision_at_capacity: float | None
    recall_at_capacity: float | None
    calibration: list[tuple[float | None, float | None, int]]


class Split(_Read):
    as_of: dt.date
    families: int
    escalated: int


class GroupRates(_Read):
    attribute: str
    group: str
    families: int
    escalated: int
    selection_rate: float | None
    false_positive_rate: float | None
    false_negative_rate: float | None


class Gap(_Read):
    attribute: str
    measure: str
    gap: float | None
    flagged: bool


class Fairness(_Read):
    groups: list[GroupRates]
    gaps: list[Gap]


class RiskReport(_Read):
    model_version: str
    as_of: dt.date
    train: Split
    test: Split
    settings: RiskSettings
    priority_identify_run: str | None
    clearly_better_than_the_comparisons: bool
    metrics: dict[str, Metric]
    fairness: Fairness


def _json(path: Path, model: type[M]) -> M:
    try:
        return model.model_validate(json.loads(path.read_text("utf-8")))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, ValidationError) as exc:
        raise ReportError(f"{path} cannot be read as the pipeline writes it: {exc}") from exc


def impact_report(workspace: Path) -> ImpactReport | None:
    """The impact report, or None when ``evaluate impact`` has not been run."""
    path = workspace / IMPACT_FOLDER / "impact.json"
    return _json(path, ImpactReport) if path.is_file() else None


@dataclass(frozen=True)
class RiskSwitch:
    """Whether the council has switched the risk model on, and if not, why not (in words)."""

    settings: RiskSettings | None
    reason: str

    @property
    def enabled(self) -> bool:
        return self.settings is not None


def risk_switch(workspace: Path) -> RiskSwitch:
    try:
        return RiskSwitch(read_settings(workspace), "")
    except EvidenceError as exc:
        return RiskSwitch(None, str(exc))


def latest_risk_folder(workspace: Path) -> Path | None:
    """The risk report with the latest as-of date (a folder named by an ISO date holding metrics.json)."""
    root = workspace / RISK_FOLDER
    if not root.is_dir():
        return None
    dated = []
    for folder in root.iterdir():
        try:
            day = dt.date.fromisoformat(folder.name)
        except ValueError:
            continue
        if (folder / "metrics.json").is_file():
            dated.append((day, folder))
    return max(dated)[1] if dated else None


def risk_report(folder: Path) -> RiskReport:
    return _json(folder / "metrics.json", RiskReport)


@dataclass(frozen=True)
class FamilyScore:
    model_version: str
    as_of: dt.date
    score: float
    place: int
    within_capacity: bool
    factors: list[str]


SCORE_FIELDS = ["model_version", "as_of", "family_id", "score", "place", "within_capacity", "top_factors"]


def family_score(folder: Path, warehouse_id: str) -> FamilyScore | None:
    """The family's row of the report's ``scores.csv`` (families are the warehouse's), or None."""
    path = folder / "scores.csv"
    try:
        with path.open(newline="", encoding="utf-8") as rows:
            reader = csv.DictReader(rows)
            if reader.fieldnames != SCORE_FIELDS:
                raise ReportError(f"{path}: expected the columns {', '.join(SCORE_FIELDS)}")
            for row in reader:
                if row["family_id"] == warehouse_id:
                    return FamilyScore(
                        model_version=row["model_version"],
                        as_of=dt.date.fromisoformat(row["as_of"]),
                        score=float(row["score"]),
                        place=int(row["place"]),
                        within_capacity=row["within_capacity"] == "True",
                        factors=[f for f in row["top_factors"].split("; ") if f],
                    )
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ReportError(f"{path} cannot be read as the pipeline writes it: {exc}") from exc
    return None


def svg(path: Path) -> str:
    """An SVG plot the pipeline wrote: refused unless it is one (its opening element, no script, no link
    out, no foreign content), since the page serves it from the site's own address."""
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReportError(f"{path} cannot be read: {exc}") from exc
    if not text.startswith('<svg xmlns="http://www.w3.org/2000/svg" ') or _UNSAFE_SVG.search(text):
        raise ReportError(f"{path} is not a plot written by wholefamily")
    return text
