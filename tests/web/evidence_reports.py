"""Small evidence reports written into a workspace by the pipeline's own report writers (no pipeline run):
an impact study and a risk evaluation with known figures, and the council's switch for the risk model."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np

from wholefamily.evidence.impact import Balance, Estimate, Impact, OutcomeResult
from wholefamily.evidence.report import write_impact_report
from wholefamily.evidence.risk.fairness import Gap, GroupRates
from wholefamily.evidence.risk.features import Families
from wholefamily.evidence.risk.metrics import Metrics
from wholefamily.evidence.risk.report import write_risk_report
from wholefamily.evidence.risk.run import RiskEvaluation
from wholefamily.evidence.risk.settings import RiskSettings
from wholefamily.evidence.study import Study
from wholefamily.workspace import Workspace

RISK_AS_OF = dt.date(2026, 10, 31)
#: Test families of the risk report: the web world's families (warehouse ids F-<name>) and one more.
SCORED = ["F-north", "F-south", "F-withdrawn", "F-unallocated", "F-elsewhere"]


def write_impact(root: Path, *, placebo_fails: bool = False) -> None:
    study = Study(
        identify_run_id="identify-20260430",
        index_date=dt.date(2026, 4, 30),
        window_end=dt.date(2026, 10, 31),
        family_ids=[],
        treated=np.zeros(0, bool),
        covariate_names=[],
        covariates=np.zeros((0, 0)),
        outcomes={},
        left_out=3,
    )
    placebo = Estimate(0.21, 0.05, 0.37, 40) if placebo_fails else Estimate(-0.004, -0.12, 0.11, 40)
    results = [
        OutcomeResult(
            "escalation",
            "=Escalation (plan or care)",  # a label a spreadsheet would run as a formula
            "share of families",
            0.15,
            0.261,
            Estimate(-0.111, -0.218, -0.005, 40),
            Estimate(-0.098, -0.2, 0.004, 62),
            placebo,
            Estimate(-0.109, -0.2, -0.01, 40),
        ),
        OutcomeResult(
            "police_incidents",
            "Police incidents",
            "incidents per family",
            0.8,
            0.9,
            Estimate(-0.1, -0.4, 0.2, 40),
            Estimate(-0.12, -0.45, 0.21, 62),
            Estimate(0.02, -0.3, 0.33, 40),
            Estimate(-0.09, -0.38, 0.19, 40),
        ),
    ]
    impact = Impact(
        study=study,
        seed=1,
        treated=62,
        comparison=77,
        matched=40,
        unmatched=22,
        comparison_used=35,
        balance=[Balance("needs", 0.41, 0.03, 0.02), Balance("headline_domestic_abuse", -0.2, 0.0, 0.01)],
        results=results,
    )
    write_impact_report(Workspace(root), impact)


def switch_risk_model(root: Path, enabled: bool) -> None:
    (root / "risk-model.yaml").write_text(
        f"enabled: {'true' if enabled else 'false'}\ncapacity: 2\n", "utf-8"
    )


def _metrics(roc: float, pr: float, brier: float | None, calibration: bool) -> Metrics:
    bins = [(0.05, 0.0, 3), (0.42, 0.5, 2)] if calibration else []
    return Metrics(roc, pr, brier, 0.5, 0.5, bins)


def write_risk(root: Path, *, clearly_better: bool = False) -> None:
    n = len(SCORED)
    groups = {"sex": ["female", "male", "female", "male", "female"]}
    evaluation = RiskEvaluation(
        settings=RiskSettings(enabled=True, capacity=2),
        as_of=RISK_AS_OF,
        train=Families(dt.date(2025, 11, 2), ["A", "B", "C"], np.zeros((3, 1)), {}),
        test=Families(dt.date(2026, 5, 2), SCORED, np.zeros((n, 1)), groups),
        train_escalated=11,
        test_y=np.array([1, 0, 0, 1, 0], float),
        model_version="0.1.0+abc123",
        scores=np.array([0.61, 0.12, 0.33, 0.05, 0.2]),
        metrics={
            "model": _metrics(0.667, 0.7 if clearly_better else 0.583, 0.181, calibration=True),
            "logistic regression": _metrics(0.611, 0.552, 0.19, calibration=True),
            "priority order": _metrics(0.7, 0.6, None, calibration=False),
        },
        priority_run="identify-20260502",
        groups=[
            GroupRates("sex", "female", 3, 1, 0.667, 0.5, 0.0),
            GroupRates("sex", "male", 2, 1, 0.0, 0.0, 1.0),
        ],
        gaps=[
            Gap("sex", "selection_rate", 0.667, True),
            Gap("sex", "false_positive_rate", 0.05, False),
        ],
        chosen=np.array([True, False, True, False, False]),
        factors=[
            ["domestic abuse incidents in the past year: 3", "a child in need open: 1"],
            ["<b>missing episodes</b>: 1"],
            ["police incidents in the past year: 2"],
            [],
            [],
        ],
    )
    write_risk_report(Workspace(root), evaluation)
