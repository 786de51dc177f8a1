"""Logistic regression by Newton's method, with a small ridge penalty so that it always converges (a
covariate that separates the groups perfectly would otherwise run off to infinity). Covariates are
standardised first; the intercept is not penalised."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

RIDGE = 1.0
ITERATIONS = 50


@dataclass(frozen=True)
class Logistic:
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray  # intercept first

    def logit(self, x: np.ndarray) -> np.ndarray:
        z = (x - self.mean) / self.scale
        return np.asarray(self.coef[0] + z @ self.coef[1:], float)

    def probability(self, x: np.ndarray) -> np.ndarray:
        return np.asarray(1.0 / (1.0 + np.exp(-self.logit(x))), float)


def fit_logistic(x: np.ndarray, y: np.ndarray, ridge: float = RIDGE) -> Logistic:
    """Fit P(y = 1 | x); ``x`` is (rows, covariates), ``y`` 0 or 1."""
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale = np.where(scale > 0, scale, 1.0)
    z = np.column_stack([np.ones(len(x)), (x - mean) / scale])
    penalty = np.full(z.shape[1], ridge)
    penalty[0] = 0.0
    coef = np.zeros(z.shape[1])
    for _ in range(ITERATIONS):
        p = 1.0 / (1.0 + np.exp(-(z @ coef)))
        gradient = z.T @ (y - p) - penalty * coef
        hessian = (z * (p * (1 - p))[:, None]).T @ z + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        coef = coef + step
        if np.abs(step).max() < 1e-8:
            break
    return Logistic(mean, scale, coef)
