"""Propensity score matching and weighting, and the balance they reach.

The propensity score is the chance of being worked with given the covariates (``logistic``). Each family
worked with is matched to one comparison family among those within a caliper of ``CALIPER`` standard
deviations of the score's log-odds and with exactly the same values of the ``exact`` covariates (the
headlines of need): the nearest on the other covariates (each over its pooled standard deviation;
matching on covariates within propensity calipers, Rosenbaum and Rubin 1985), which balances each
covariate far better than the score alone in groups this small. A comparison family may be
the match of more than one (with replacement: the comparison group is not much larger than the group
worked with), and a family with several equally near comparison families is matched to all of them,
each weighing an equal share (Abadie and Imbens), so that no one family stands in for a whole group.
A family worked with and no comparison family within the caliper is left unmatched and out of the
estimate (counted).

Inverse probability weighting, the check: every family worked with weighs 1, every comparison family
``e / (1 - e)`` (its odds of being worked with), so that the weighted comparison group resembles the
group worked with (the effect on the treated, as matching estimates).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from wholefamily.evidence.logistic import fit_logistic

CALIPER = 0.2
#: the largest standardised mean difference counted as balanced
BALANCED = 0.1


@dataclass(frozen=True)
class Matched:
    logit: np.ndarray  # every family's log-odds of being worked with
    treated: np.ndarray  # indices of the families worked with
    matches: list[np.ndarray]  # per family worked with: its nearest comparison families (none: unmatched)

    @property
    def matched(self) -> np.ndarray:
        """Indices of the families worked with that were matched."""
        return self.treated[[m.size > 0 for m in self.matches]].astype(np.int64)

    def weights(self) -> np.ndarray:
        """Per family: the weight it has as a comparison, each matched family worked with sharing a
        weight of 1 among its equally near matches."""
        w = np.zeros(self.logit.size)
        for m in self.matches:
            if m.size:
                np.add.at(w, m, 1.0 / m.size)
        return w


def propensity_logit(x: np.ndarray, treated: np.ndarray) -> np.ndarray:
    return fit_logistic(x, treated.astype(float)).logit(x)


def match(x: np.ndarray, treated: np.ndarray, exact: np.ndarray) -> Matched:
    """``exact``: per covariate, whether a match must have the same value."""
    logit = propensity_logit(x, treated)
    t = np.flatnonzero(treated)
    pool = np.flatnonzero(~treated)
    caliper = CALIPER * float(logit.std())
    spread = pooled_spread(x, treated)
    scaled = x[:, (spread > 0) & ~exact] / spread[(spread > 0) & ~exact]
    matches = []
    for i in t:
        near = pool[np.abs(logit[pool] - logit[i]) <= caliper]
        near = near[(x[near][:, exact] == x[i, exact]).all(axis=1)]
        distance = ((scaled[near] - scaled[i]) ** 2).sum(axis=1)
        matches.append(near[distance <= distance.min() + 1e-9] if near.size else near)
    return Matched(logit, t, matches)


def ipw_weights(x: np.ndarray, treated: np.ndarray) -> np.ndarray:
    """Weights for the effect on the treated: 1 for the treated, the odds of treatment for the others."""
    return np.where(treated, 1.0, np.exp(propensity_logit(x, treated)))


def pooled_spread(x: np.ndarray, treated: np.ndarray) -> np.ndarray:
    """The pooled standard deviation of each covariate before matching: the one scale of every SMD."""
    return np.asarray(np.sqrt((x[treated].var(axis=0) + x[~treated].var(axis=0)) / 2), float)


def smd(x: np.ndarray, treated_w: np.ndarray, control_w: np.ndarray, spread: np.ndarray) -> np.ndarray:
    """Standardised mean difference per covariate between two weighted groups (weight 0: not in the
    group), over ``spread``. A covariate with no spread has none: 0."""
    difference = _mean(x, treated_w) - _mean(x, control_w)
    return np.asarray(np.divide(difference, spread, out=np.zeros_like(difference), where=spread > 0), float)


def _mean(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    return np.asarray((x * w[:, None]).sum(axis=0) / w.sum(), float)
