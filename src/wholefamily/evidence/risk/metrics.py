"""Honest metrics of a score against what happened: ROC and PR AUC, Brier score, calibration, and
precision and recall among the families a team can take (the ``capacity`` highest scores)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

CALIBRATION_BINS = 5


@dataclass(frozen=True)
class Metrics:
    roc_auc: float
    pr_auc: float  # average precision
    brier: float | None  # only for a score that is a probability
    precision_at_capacity: float
    recall_at_capacity: float
    calibration: list[tuple[float, float, int]]  # (mean predicted, share escalated, families) per bin


def roc_auc(score: np.ndarray, y: np.ndarray) -> float:
    """The chance that a family that escalated scores above one that did not (ties count half)."""
    positives, negatives = score[y == 1], score[y == 0]
    if not positives.size or not negatives.size:
        return float("nan")
    ranks = _ranks(np.concatenate([positives, negatives]))
    return float(
        (ranks[: positives.size].sum() - positives.size * (positives.size + 1) / 2)
        / (positives.size * negatives.size)
    )


def _ranks(values: np.ndarray) -> np.ndarray:
    """1-based ranks, ties given their mean rank."""
    order = np.argsort(values, kind="stable")
    ranks = np.empty(values.size)
    sorted_values = values[order]
    start = 0
    for end in range(1, values.size + 1):
        if end == values.size or sorted_values[end] != sorted_values[start]:
            ranks[order[start:end]] = (start + end + 1) / 2
            start = end
    return ranks


def average_precision(score: np.ndarray, y: np.ndarray) -> float:
    if not y.sum():
        return float("nan")
    order = np.lexsort((np.arange(score.size), -score))
    hits = y[order]
    precision = np.cumsum(hits) / np.arange(1, hits.size + 1)
    return float((precision * hits).sum() / hits.sum())


def top(score: np.ndarray, capacity: int) -> np.ndarray:
    """Whether each family is among the ``capacity`` highest scores (ties broken by position, which is
    the family id's order)."""
    chosen = np.zeros(score.size, bool)
    chosen[np.lexsort((np.arange(score.size), -score))[:capacity]] = True
    return chosen


def metrics(score: np.ndarray, y: np.ndarray, capacity: int, probability: bool) -> Metrics:
    chosen = top(score, capacity)
    calibration = []
    if probability:
        for part in np.array_split(np.argsort(score, kind="stable"), CALIBRATION_BINS):
            if part.size:
                calibration.append((float(score[part].mean()), float(y[part].mean()), int(part.size)))
    return Metrics(
        roc_auc(score, y),
        average_precision(score, y),
        float(((score - y) ** 2).mean()) if probability else None,
        float(y[chosen].mean()) if chosen.any() else float("nan"),
        float(y[chosen].sum() / y.sum()) if y.sum() else float("nan"),
        calibration,
    )
