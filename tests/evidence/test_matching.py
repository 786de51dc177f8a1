"""The estimators on data with a known answer: families worked with chosen by their needs (confounded),
a known effect on a yes-or-no outcome. A plain difference of means is wrong; matching and weighting
recover the effect, and matching balances every covariate."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from wholefamily.evidence.impact import estimate_impact
from wholefamily.evidence.logistic import fit_logistic
from wholefamily.evidence.matching import BALANCED
from wholefamily.evidence.study import OUTCOMES, Study

EFFECT = -0.15


def _study(effect: float, seed: int = 7, n: int = 1500) -> tuple[Study, float]:
    rng = np.random.default_rng(seed)
    needs = rng.integers(1, 5, n).astype(float)
    abuse = (rng.random(n) < 0.3).astype(float)
    children = rng.integers(1, 4, n).astype(float)
    treated = rng.random(n) < 1 / (1 + np.exp(-(-3.0 + 0.6 * needs + 0.8 * abuse)))
    risk = np.clip(0.05 + 0.08 * needs + 0.15 * abuse, 0, 1)
    u = rng.random(n)
    escalation = np.where(treated, u < risk + effect * (risk > -effect), u < risk).astype(float)
    truth = float((escalation[treated] - (u[treated] < risk[treated])).mean())
    x = np.column_stack([needs, children, abuse, needs >= 3])
    outcomes = {name: escalation.copy() if name == "escalation" else rng.random(n) for name in OUTCOMES}
    study = Study(
        "test",
        dt.date(2026, 1, 31),
        dt.date(2027, 1, 31),
        [f"F{k:07d}" for k in range(n)],
        treated,
        ["needs", "dependent_children", "headline:domestic_abuse", "headline:three_or_more"],
        x,
        outcomes,
        0,
    )
    return study, truth


def test_matching_recovers_a_confounded_effect_that_a_plain_difference_misses() -> None:
    study, truth = _study(EFFECT)
    y, t = study.outcomes["escalation"], study.treated
    assert abs((y[t].mean() - y[~t].mean()) - truth) > 0.05  # confounded: the plain difference is wrong
    impact = estimate_impact(study, seed=1)
    escalation = impact.results[0]
    assert escalation.matched.low <= truth <= escalation.matched.high
    assert escalation.weighted.low <= truth <= escalation.weighted.high
    assert escalation.matched.high < 0
    assert impact.balanced
    assert all(abs(b.after_weighting) < BALANCED for b in impact.balance)
    assert escalation.placebo_passes and escalation.random_cause_passes


@pytest.mark.parametrize("seed", [3, 11])
def test_no_effect_is_found_where_there_is_none(seed: int) -> None:
    study, truth = _study(0.0, seed)
    assert truth == 0.0
    escalation = estimate_impact(study, seed=1).results[0]
    assert escalation.matched.covers_zero and escalation.weighted.covers_zero


def test_the_same_seed_matches_the_same_families() -> None:
    study, _ = _study(EFFECT)
    assert estimate_impact(study, 5) == estimate_impact(study, 5)


def test_logistic_regression_finds_the_coefficients_it_was_drawn_from() -> None:
    rng = np.random.default_rng(2)
    x = rng.normal(size=(20_000, 2))
    y = (rng.random(20_000) < 1 / (1 + np.exp(-(0.5 + 1.5 * x[:, 0] - 1.0 * x[:, 1])))).astype(float)
    fit = fit_logistic(x, y, ridge=0.0)
    slopes = fit.coef[1:] / fit.scale
    assert np.allclose(slopes, [1.5, -1.0], atol=0.1)
    separated = fit_logistic(np.array([[0.0], [0.0], [1.0], [1.0]]), np.array([0.0, 0.0, 1.0, 1.0]))
    assert np.isfinite(separated.coef).all()  # the ridge keeps a perfect separation finite
