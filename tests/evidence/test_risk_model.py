"""The risk model's parts that need no authority: its metrics on known answers, the explanation of a
family's score in plain words, the fairness audit's gaps, and the switch that keeps it off."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from authorities import invoke

from wholefamily.evidence.errors import EvidenceError
from wholefamily.evidence.risk.fairness import audit
from wholefamily.evidence.risk.features import FEATURES
from wholefamily.evidence.risk.metrics import average_precision, metrics, roc_auc, top
from wholefamily.evidence.risk.model import fit, top_factors
from wholefamily.evidence.risk.settings import read_settings

NAMES = list(FEATURES)


def test_metrics_on_known_answers() -> None:
    y = np.array([1, 0, 1, 0, 0], float)
    assert roc_auc(np.array([0.9, 0.8, 0.7, 0.1, 0.7]), y) == pytest.approx(4.5 / 6)
    assert roc_auc(np.array([5.0, 1, 4, 2, 3]), y) == 1.0
    assert average_precision(np.array([0.9, 0.8, 0.7, 0.1, 0.2]), y) == pytest.approx((1 + 2 / 3) / 2)
    assert top(np.array([0.1, 0.5, 0.5, 0.9, 0.0]), 2).tolist() == [False, True, False, True, False]
    m = metrics(np.array([0.9, 0.8, 0.7, 0.1, 0.2]), y, capacity=2, probability=True)
    assert (m.precision_at_capacity, m.recall_at_capacity) == (0.5, 0.5)
    assert m.brier == pytest.approx(((0.1**2) + 0.8**2 + 0.3**2 + 0.1**2 + 0.2**2) / 5)
    assert sum(n for _, _, n in m.calibration) == 5


def test_a_family_is_told_the_factors_that_raise_its_score_in_plain_words() -> None:
    rng = np.random.default_rng(1)
    n = 4000
    x = np.zeros((n, len(NAMES)))
    x[:, NAMES.index("children")] = rng.integers(1, 4, n)
    x[:, NAMES.index("domestic_abuse")] = rng.poisson(0.3, n)
    x[:, NAMES.index("substance_misuse")] = rng.random(n) < 0.1
    logit = -3.5 + 1.2 * x[:, NAMES.index("domestic_abuse")] + 1.5 * x[:, NAMES.index("substance_misuse")]
    y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(float)
    fitted = fit(x, y, seed=1)
    at_risk, typical = np.zeros((2, len(NAMES))), np.zeros((1, len(NAMES)))
    at_risk[0, NAMES.index("children")] = at_risk[1, NAMES.index("children")] = 2
    at_risk[0, NAMES.index("domestic_abuse")] = 3
    at_risk[0, NAMES.index("substance_misuse")] = 1
    at_risk[1, NAMES.index("substance_misuse")] = 1
    typical[0, NAMES.index("children")] = 2
    factors = top_factors(fitted, np.vstack([at_risk, typical]))
    assert set(factors[0][:2]) == {
        "domestic abuse incidents in the past year: 3",
        "someone in contact with substance misuse services",
    }
    assert factors[1][0] == "someone in contact with substance misuse services"
    assert factors[2] == []  # nothing about a typical family raises its score
    assert fitted.version == fit(x, y, seed=1).version != fit(x, 1 - y, seed=1).version


def test_the_audit_flags_a_gap_beyond_the_tolerance_and_leaves_small_groups_unjudged() -> None:
    groups = {"sex": ["female"] * 40 + ["male"] * 40 + ["not recorded"] * 3}
    chosen = np.array([True] * 20 + [False] * 20 + [True] * 4 + [False] * 36 + [True] * 3)
    y = np.zeros(83)
    rows, gaps = audit(groups, chosen, y, tolerance=0.1)
    selection = next(g for g in gaps if g.measure == "selection_rate")
    assert selection.gap == pytest.approx(0.5 - 0.1) and selection.flagged
    assert next(r for r in rows if r.group == "not recorded").selection_rate == 1.0  # shown, not judged
    assert not next(g for g in gaps if g.measure == "false_negative_rate").flagged  # none escalated


def test_the_model_is_off_until_the_council_switches_it_on(tmp_path: Path) -> None:
    with pytest.raises(EvidenceError, match="the risk model is off"):
        read_settings(tmp_path)
    (tmp_path / "risk-model.yaml").write_text("enabled: false\n", "utf-8")
    with pytest.raises(EvidenceError, match="enabled: false"):
        read_settings(tmp_path)
    (tmp_path / "risk-model.yaml").write_text("enabled: true\ncapacity: 0\nteam: 5\n", "utf-8")
    with pytest.raises(EvidenceError, match="capacity") as problem:
        read_settings(tmp_path)
    assert "team" in str(problem.value)
    (tmp_path / "risk-model.yaml").write_text("enabled: true\ncapacity: 30\n", "utf-8")
    assert read_settings(tmp_path).capacity == 30
    (tmp_path / "wholefamily-workspace.yaml").write_text("wholefamily_workspace: 1\n", "utf-8")
    (tmp_path / "risk-model.yaml").unlink()
    out = invoke("evaluate", "risk", "--workspace", str(tmp_path), "--as-of", "2026-10-31", code=2)
    assert "the risk model is off" in out
