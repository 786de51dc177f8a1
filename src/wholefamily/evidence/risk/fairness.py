"""The fairness audit of the families chosen (the ``capacity`` highest scores): per group of sex,
ethnicity, age band and area, the selection rate, the false positive rate (chosen, did not escalate)
and the false negative rate (not chosen, escalated), and each measure's gap (largest minus smallest
group). A gap beyond the tolerance is flagged. A group's rate counts towards the gap only when at least
``MIN_COUNT`` families are behind it (all for the selection rate, those that did not escalate for the
false positive rate, those that did for the false negative rate); otherwise it is shown but too few to
judge."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MIN_COUNT = 10
MEASURES = ("selection_rate", "false_positive_rate", "false_negative_rate")


@dataclass(frozen=True)
class GroupRates:
    attribute: str
    group: str
    families: int
    escalated: int
    selection_rate: float
    false_positive_rate: float
    false_negative_rate: float


@dataclass(frozen=True)
class Gap:
    attribute: str
    measure: str
    gap: float
    flagged: bool


def _rate(hits: np.ndarray, among: np.ndarray) -> float:
    return float(hits[among].mean()) if among.any() else float("nan")


def audit(
    groups: dict[str, list[str]], chosen: np.ndarray, y: np.ndarray, tolerance: float
) -> tuple[list[GroupRates], list[Gap]]:
    rows, gaps = [], []
    for attribute, values in groups.items():
        labels = np.array(values, dtype=object)
        judged: dict[str, list[float]] = {m: [] for m in MEASURES}
        for group in sorted(set(values)):
            g = labels == group
            rates = GroupRates(
                attribute,
                group,
                int(g.sum()),
                int(y[g].sum()),
                _rate(chosen, g),
                _rate(chosen, g & (y == 0)),
                _rate(~chosen, g & (y == 1)),
            )
            rows.append(rates)
            behind = (g.sum(), (g & (y == 0)).sum(), (g & (y == 1)).sum())
            for m, count in zip(MEASURES, behind, strict=True):
                if count >= MIN_COUNT:
                    judged[m].append(getattr(rates, m))
        for m in MEASURES:
            gap = max(judged[m]) - min(judged[m]) if len(judged[m]) > 1 else 0.0
            gaps.append(Gap(attribute, m, gap, gap > tolerance))
    return rows, gaps
