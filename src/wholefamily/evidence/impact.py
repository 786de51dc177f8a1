"""The programme's effect on the families worked with, against matched comparison families.

For each outcome: the matched estimate (mean outcome of the families worked with minus that of their
matches) with a 95% interval, the inverse-probability-weighted estimate as a check (its interval by a
seeded bootstrap that fits the propensity again each time), and two refutations in the manner of DoWhy:

* **placebo treatment**: the same number of families, drawn at random, called worked with; a sound
  method finds no effect (the interval covers 0);
* **random common cause**: a covariate of pure noise added to the propensity model; a sound estimate
  hardly moves (stays inside the first interval; not judged when that interval has no width).

The interval of the matched estimate treats the matches as fixed: the variance of the mean outcome of
the families worked with plus that of their matches, each comparison family counting by its weight w
(the matched families it stands for: ``s_c^2 * sum(w^2) / n^2``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from wholefamily.evidence.matching import (
    BALANCED,
    Matched,
    ipw_weights,
    match,
    pooled_spread,
    smd,
)
from wholefamily.evidence.study import OUTCOMES, Study

Z95 = 1.959964
#: covariates matched exactly: the headlines of need
EXACT = "headline:"
BOOTSTRAP = 200


@dataclass(frozen=True)
class Estimate:
    effect: float
    low: float
    high: float
    n: int  # families worked with whose outcome counts

    @property
    def covers_zero(self) -> bool:
        return self.low <= 0.0 <= self.high


@dataclass(frozen=True)
class OutcomeResult:
    outcome: str
    label: str
    measure: str
    treated_mean: float
    matched_mean: float  # of the matches
    matched: Estimate
    weighted: Estimate
    placebo: Estimate
    random_cause: Estimate

    @property
    def placebo_passes(self) -> bool:
        return self.placebo.covers_zero

    @property
    def random_cause_passes(self) -> bool | None:
        """None when the interval has no width (the outcome did not vary among the matched families)."""
        if not self.matched.high > self.matched.low:
            return None
        return self.matched.low <= self.random_cause.effect <= self.matched.high


@dataclass(frozen=True)
class Balance:
    covariate: str
    before: float
    after_matching: float
    after_weighting: float


@dataclass(frozen=True)
class Impact:
    study: Study
    seed: int
    treated: int
    comparison: int
    matched: int
    unmatched: int
    comparison_used: int
    balance: list[Balance]
    results: list[OutcomeResult]

    @property
    def balanced(self) -> bool:
        return all(abs(b.after_matching) < BALANCED for b in self.balance)


def estimate_impact(study: Study, seed: int) -> Impact:
    x, t = study.covariates, study.treated
    exact = np.array([n.startswith(EXACT) for n in study.covariate_names])
    m = match(x, t, exact)
    weights = ipw_weights(x, t)
    spread = pooled_spread(x, t)
    after = smd(x, _indicator(m.matched, t.size), m.weights(), spread)
    weighted = smd(x, np.where(t, 1.0, 0.0), np.where(t, 0.0, weights), spread)
    before = smd(x, t.astype(float), (~t).astype(float), spread)
    balance = [
        Balance(name, float(b), float(a), float(w))
        for name, b, a, w in zip(study.covariate_names, before, after, weighted, strict=True)
    ]
    rng = np.random.default_rng(seed)
    placebo_t = np.zeros(t.size, bool)
    placebo_t[rng.choice(t.size, int(t.sum()), replace=False)] = True
    placebo = match(x, placebo_t, exact)
    noisy = np.column_stack([x, rng.normal(0.0, 1.0, t.size)])
    random_cause = match(noisy, t, np.append(exact, False))
    results = []
    for name, (label, measure) in OUTCOMES.items():
        y = study.outcomes[name]
        main = _matched_estimate(m, y)
        results.append(
            OutcomeResult(
                name,
                label,
                measure,
                main[1],
                main[2],
                main[0],
                _weighted_estimate(x, t, y, seed),
                _matched_estimate(placebo, y)[0],
                _matched_estimate(random_cause, y)[0],
            )
        )
    return Impact(
        study,
        seed,
        int(t.sum()),
        int((~t).sum()),
        int(m.matched.size),
        int(t.sum() - m.matched.size),
        int((m.weights() > 0).sum()),
        balance,
        results,
    )


def _indicator(indices: np.ndarray, n: int) -> np.ndarray:
    out = np.zeros(n)
    out[indices] = 1.0
    return out


def _matched_estimate(m: Matched, y: np.ndarray) -> tuple[Estimate, float, float]:
    """The estimate, and the mean outcome of the families worked with and of their matches, over the
    matched families whose outcome is known and who have a match whose outcome is known."""
    known = ~np.isnan(y)
    rows, w = [], np.zeros(y.size)
    for i, matches in zip(m.treated.tolist(), m.matches, strict=True):
        matches = matches[known[matches]]
        if known[i] and matches.size:
            rows.append(i)
            np.add.at(w, matches, 1.0 / matches.size)
    n = len(rows)
    if n < 2:
        return Estimate(float("nan"), float("nan"), float("nan"), n), float("nan"), float("nan")
    treated, used = y[np.array(rows, np.int64)], w > 0
    treated_mean, control_mean = float(treated.mean()), float((w[used] * y[used]).sum() / n)
    control_var = float(np.cov(y[used], aweights=w[used])) if used.sum() > 1 else 0.0
    se = float(np.sqrt(treated.var(ddof=1) / n + control_var * (w[used] ** 2).sum() / n**2))
    effect = treated_mean - control_mean
    return Estimate(effect, effect - Z95 * se, effect + Z95 * se, n), treated_mean, control_mean


def _weighted_difference(x: np.ndarray, t: np.ndarray, y: np.ndarray) -> float:
    w = ipw_weights(x, t)
    return float(y[t].mean() - (w[~t] * y[~t]).sum() / w[~t].sum())


def _weighted_estimate(x: np.ndarray, t: np.ndarray, y: np.ndarray, seed: int) -> Estimate:
    """The weighted difference, with a percentile interval from a bootstrap within each group."""
    known = ~np.isnan(y)
    x, t, y = x[known], t[known], y[known]
    if t.sum() < 2 or (~t).sum() < 2:
        return Estimate(float("nan"), float("nan"), float("nan"), int(t.sum()))
    rng = np.random.default_rng(seed + 1)
    treated, control = np.flatnonzero(t), np.flatnonzero(~t)
    draws = []
    for _ in range(BOOTSTRAP):
        rows = np.concatenate([rng.choice(treated, treated.size), rng.choice(control, control.size)])
        draws.append(_weighted_difference(x[rows], t[rows], y[rows]))
    low, high = np.quantile(draws, [0.025, 0.975])
    return Estimate(_weighted_difference(x, t, y), float(low), float(high), int(t.sum()))
