"""evaluate impact end to end on small synthetic authorities generated with a known programme effect
(people and families from the truth, so that linkage is left out): the estimate recovers the injected
effect within its 95% interval with every covariate balanced, and finds none when none is injected."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
import pytest
from authorities import AS_OF, INDEX, invoke

from wholefamily.evidence.impact import Impact, estimate_impact
from wholefamily.evidence.matching import BALANCED
from wholefamily.evidence.study import load_study
from wholefamily.workspace import Workspace

pytestmark = pytest.mark.slow


def _impact(ws: Path) -> Impact:
    study = load_study(Workspace(ws), dt.date.fromisoformat(INDEX), dt.date.fromisoformat(AS_OF))
    return estimate_impact(study, seed=1)


def _true_effect(ws: Path) -> float:
    return float(json.loads((ws / "truth" / "programme-effect.json").read_text("utf-8"))["escalation_att"])


def test_an_injected_effect_is_recovered_within_its_interval_with_every_covariate_balanced(
    with_effect: Path,
) -> None:
    impact = _impact(with_effect)
    truth = _true_effect(with_effect)
    escalation = next(r for r in impact.results if r.outcome == "escalation")
    assert truth < -0.05  # the effect injected is there to find
    assert escalation.matched.low <= truth <= escalation.matched.high, (truth, escalation.matched)
    assert escalation.matched.effect < 0
    assert impact.matched >= 30 and impact.unmatched < impact.treated
    for b in impact.balance:
        assert abs(b.after_matching) < BALANCED, b
    assert max(abs(b.before) for b in impact.balance) > BALANCED  # matching had work to do
    assert escalation.placebo_passes


def test_no_effect_is_found_when_none_is_injected(without_effect: Path) -> None:
    impact = _impact(without_effect)
    assert _true_effect(without_effect) == 0.0
    escalation = next(r for r in impact.results if r.outcome == "escalation")
    assert escalation.matched.covers_zero, escalation.matched
    assert escalation.weighted.covers_zero, escalation.weighted
    assert impact.balanced


def test_every_escalation_the_truth_writes_reaches_the_outcome(with_effect: Path) -> None:
    study = load_study(Workspace(with_effect), dt.date.fromisoformat(INDEX), dt.date.fromisoformat(AS_OF))
    escalated = {
        str(r[0])
        for r in duckdb.sql(
            f"SELECT family_id FROM '{with_effect / 'truth' / 'escalation.parquet'}' "
            "WHERE escalation_date IS NOT NULL"
        ).fetchall()
    }
    outcome = dict(zip(study.family_ids, study.outcomes["escalation"].tolist(), strict=True))
    compared = escalated & set(outcome)
    assert len(compared) >= 5
    assert all(outcome[f] == 1.0 for f in compared)


def test_the_command_writes_the_report_and_a_seed_gives_the_same_one(with_effect: Path) -> None:
    args = ["evaluate", "impact", "--workspace", str(with_effect), "--index-date", INDEX, "--as-of", AS_OF]
    printed = invoke(*args)
    assert "child protection plan or entry to care" in printed
    folder = with_effect / "reports" / "impact"
    first = (folder / "impact.json").read_bytes()
    report = json.loads(first)
    assert report["balanced"] is True
    assert {o["outcome"] for o in report["outcomes"]} == {
        "escalation",
        "entry_to_care",
        "police_incidents",
        "school_attendance",
        "out_of_work_benefits",
    }
    assert "| child protection plan or entry to care | share |" in (folder / "impact.md").read_text("utf-8")
    assert (folder / "balance.svg").read_text("utf-8").startswith("<svg")
    invoke(*args)
    assert (folder / "impact.json").read_bytes() == first


def test_a_user_is_told_what_to_run_first(with_effect: Path) -> None:
    base = ["evaluate", "impact", "--workspace", str(with_effect)]
    assert "no identify run as of 2026-05-01" in invoke(
        *base, "--index-date", "2026-05-01", "--as-of", AS_OF, code=2
    )
    assert "must come after the index date" in invoke(*base, "--index-date", INDEX, "--as-of", INDEX, code=2)
