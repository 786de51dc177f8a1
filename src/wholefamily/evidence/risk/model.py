"""The model (gradient boosting), the plain logistic regression it must beat, and each family's top
factors in plain words.

A factor's weight for one family is how much its score falls when that feature alone is set to the
typical value of the training families (the median): the features that raise this family's score most.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier

from wholefamily import __version__
from wholefamily.evidence.logistic import Logistic, fit_logistic
from wholefamily.evidence.risk.features import FEATURES

PARAMETERS = {"max_iter": 150, "learning_rate": 0.05, "max_depth": 3, "l2_regularization": 1.0}
TOP_FACTORS = 3


@dataclass(frozen=True)
class Fitted:
    version: str
    boosted: Any  # HistGradientBoostingClassifier (no type stubs)
    logistic: Logistic
    typical: np.ndarray  # the training families' median of each feature

    def score(self, x: np.ndarray) -> np.ndarray:
        return np.asarray(self.boosted.predict_proba(x)[:, 1], float)


def fit(x: np.ndarray, y: np.ndarray, seed: int) -> Fitted:
    boosted = HistGradientBoostingClassifier(**PARAMETERS, random_state=seed).fit(x, y)
    digest = hashlib.sha256()
    for part in (x.tobytes(), y.tobytes(), repr(sorted(PARAMETERS.items())).encode(), str(seed).encode()):
        digest.update(part)
    version = f"{__version__}+{digest.hexdigest()[:12]}"
    return Fitted(version, boosted, fit_logistic(x, y), np.median(x, axis=0))


def top_factors(fitted: Fitted, x: np.ndarray) -> list[list[str]]:
    """Per family (row of ``x``), up to ``TOP_FACTORS`` plain-words factors that raise its score."""
    base = fitted.score(x)
    drops = np.zeros_like(x)
    for j in range(x.shape[1]):
        typical = x.copy()
        typical[:, j] = fitted.typical[j]
        drops[:, j] = base - fitted.score(typical)
    labels = [label for label, _ in FEATURES.values()]
    out = []
    for row, drop in zip(x, drops, strict=True):
        order = [j for j in np.argsort(-drop, kind="stable")[:TOP_FACTORS] if drop[j] > 0.001]
        out.append([_words(labels[j], row[j]) for j in order])
    return out


def _words(label: str, value: float) -> str:
    if label.startswith("share"):
        return f"{label}: {value:.0%}"
    if label.startswith(("someone", "a child", "early help", "a child protection")):
        return label if value else f"not {label}"
    return f"{label}: {value:.0f}"
