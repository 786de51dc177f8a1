"""evaluate risk on a small synthetic authority (with escalation from generate --programme-effect): no
feature reads anything delivered after its as-of date, and one command writes the model card, the
figures, the calibration plot and the score log with the model version."""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
from pathlib import Path

import duckdb
import numpy as np
import pytest
from authorities import AS_OF, invoke

from wholefamily.evidence.risk.features import Families, features_as_of
from wholefamily.warehouse.connection import open_warehouse

pytestmark = pytest.mark.slow
CUT = dt.date(2026, 6, 30)  # a delivery date in the middle of the authority's seven


def _features(warehouse: Path, day: dt.date) -> Families:
    with open_warehouse(warehouse) as con:
        return features_as_of(con, day)


def test_no_feature_uses_data_delivered_after_its_as_of_date(with_effect: Path, tmp_path: Path) -> None:
    cut = tmp_path / "cut.duckdb"
    shutil.copy(with_effect / "warehouse.duckdb", cut)
    with duckdb.connect(str(cut)) as con:
        gone = con.execute("DELETE FROM events WHERE delivery_date > ?", [CUT]).fetchone()
        con.execute("DELETE FROM mentions WHERE delivery_date > ?", [CUT])
    assert gone is not None and gone[0] > 0
    full, without_later = _features(with_effect / "warehouse.duckdb", CUT), _features(cut, CUT)
    assert full.family_ids == without_later.family_ids
    assert np.array_equal(full.x, without_later.x)
    assert full.groups == without_later.groups
    assert full.x.sum() > 0
    # the later deliveries do hold something: features as of the last delivery differ without them
    assert not np.array_equal(
        _features(with_effect / "warehouse.duckdb", dt.date(2026, 10, 31)).x,
        _features(cut, dt.date(2026, 10, 31)).x,
    )


def test_one_command_writes_the_model_card_figures_and_every_score_with_the_model_version_again_alike(
    with_effect: Path,
) -> None:
    (with_effect / "risk-model.yaml").write_text("enabled: true\ncapacity: 30\nhorizon_days: 90\n", "utf-8")
    invoke("identify", "--workspace", str(with_effect), "--as-of", "2026-08-02")
    printed = invoke("evaluate", "risk", "--workspace", str(with_effect), "--as-of", AS_OF)
    folder = with_effect / "reports" / "risk" / AS_OF
    figures = json.loads((folder / "metrics.json").read_text("utf-8"))
    assert set(figures["metrics"]) == {"model", "logistic regression", "priority order"}
    assert figures["train"]["as_of"] == "2026-05-04" and figures["test"]["as_of"] == "2026-08-02"
    assert figures["train"]["escalated"] >= 10 and figures["test"]["escalated"] >= 5
    for m in figures["metrics"].values():
        assert 0 <= m["roc_auc"] <= 1 and 0 <= m["recall_at_capacity"] <= 1
    with (folder / "scores.csv").open(encoding="utf-8") as f:
        scores = list(csv.DictReader(f))
    assert len(scores) == figures["test"]["families"]
    assert {s["model_version"] for s in scores} == {figures["model_version"]}
    assert sum(s["within_capacity"] == "True" for s in scores) == 30
    assert any(s["top_factors"] for s in scores if s["within_capacity"] == "True")
    card = (folder / "model-card.md").read_text("utf-8")
    assert figures["model_version"] in card and "## Fairness audit" in card
    if not figures["clearly_better_than_the_comparisons"]:
        assert "not clearly better" in card and "do not use it" in printed
    assert (folder / "calibration.svg").read_text("utf-8").startswith("<svg")
    record = (folder / "transparency-record.md").read_text("utf-8")
    assert "## Tier 2: detail" in record and figures["model_version"] in record
    logged = (folder / "scores.csv").read_bytes()
    invoke("evaluate", "risk", "--workspace", str(with_effect), "--as-of", AS_OF)
    assert (folder / "scores.csv").read_bytes() == logged  # the same data and seed, the same model and scores
