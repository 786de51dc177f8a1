"""generate --programme-effect: the truth it writes, and what it leaves as it was."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
from authorities import invoke

GENERATE = ["generate", "--residents", "2000", "--seed", "3", "--deliveries", "2", "--closures", "0.6"]


def test_the_truth_holds_both_outcomes_and_the_effect_is_their_difference(tmp_path: Path) -> None:
    plain, full = tmp_path / "plain", tmp_path / "full"
    invoke(*GENERATE, "--out", str(plain))
    invoke(*GENERATE, "--programme-effect", "1", "--out", str(full))
    assert not (plain / "truth" / "programme-effect.json").exists()
    truth = json.loads((full / "truth" / "programme-effect.json").read_text("utf-8"))
    rows = duckdb.sql(
        f"""SELECT count(*), count(*) FILTER (WHERE worked_with),
                   avg(escalates_with_programme::INT - escalates_without_programme::INT) FILTER (WHERE worked_with),
                   count(*) FILTER (WHERE worked_with AND escalates_with_programme),
                   count(*) FILTER (WHERE escalation_date IS NOT NULL),
                   count(*) FILTER (WHERE NOT worked_with AND escalates_without_programme),
                   min(probability), max(probability)
            FROM '{full / "truth" / "escalation.parquet"}'"""
    ).fetchall()[0]
    families, worked_with, att, treated_escalated, escalated, untreated_escalated, low, high = rows
    assert truth["programme_effect"] == 1.0
    assert (truth["families_at_risk"], truth["worked_with_at_risk"]) == (families, worked_with)
    assert truth["escalation_att"] == att < 0  # an effect of 1 prevents every escalation of those worked with
    assert treated_escalated == 0 and escalated == untreated_escalated > 0
    assert 0 < low < high < 1
    # who is worked with does not depend on the effect
    assert (plain / "casework" / "milestones.csv").read_bytes() == (
        full / "casework" / "milestones.csv"
    ).read_bytes()


def test_an_effect_needs_casework() -> None:
    out = invoke("generate", "--programme-effect", "0.3", "--out", "unused", code=2)
    assert "--programme-effect needs --closures" in out
