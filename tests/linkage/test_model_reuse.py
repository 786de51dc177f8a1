"""A month's link run re-uses the last run's model, reports how the fields have drifted since it was
trained, and trains afresh when the model no longer fits the mentions."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest
from tests_linkage_helpers import invoke_ok

from wholefamily.linkage.model import ModelParameters
from wholefamily.linkage.profile import FillRates, Profile, drift
from wholefamily.linkage.run import run_link
from wholefamily.workspace import Workspace


def _profile(filled: dict[str, float], age_only: float) -> Profile:
    return Profile(
        mentions=100,
        filled=filled,
        identifiers=[],
        pairs={},
        one_person={},
        age_only=age_only,
        adult_only=0.0,
        partial_pairs={"age": 0.0, "adult": 0.0},
        shared_records=0,
        swapped_names=0.0,
        postcodes_not_uk=0.0,
        one_record_per_person=[],
    )


def test_drift_is_each_share_now_minus_when_trained() -> None:
    trained = _profile({"dob": 0.8, "upn": 0.5}, age_only=0.1)
    now = FillRates(120, {"dob": 0.7, "id_council": 0.25}, age_only=0.15, adult_only=0.0)

    assert drift(trained, now) == {
        "adult_only": 0.0,
        "age_only": 0.05,
        "dob": -0.1,
        "id_council": 0.25,  # a field the model never saw
        "upn": -0.5,  # a field gone since
    }


@pytest.mark.slow
def test_next_month_reuses_the_model_and_reports_drift(template: Path, tmp_path: Path) -> None:
    authority = Workspace(Path(shutil.copytree(template, tmp_path / "authority")))
    first = run_link(authority)
    invoke_ok("ingest", "--workspace", str(authority.root))

    second = run_link(authority)

    assert first.trained_run == first.run_id and first.params is not None
    assert second.trained_run == first.run_id
    assert second.params == first.params
    assert first.params.plan.profile is not None
    assert set(first.params.plan.profile.filled) <= set(second.drift)
    assert any(second.drift.values()), "a new delivery moves some fill rate"
    with duckdb.connect(str(authority.warehouse), read_only=True) as con:
        model = json.loads(con.execute("SELECT model FROM link_runs ORDER BY run_id DESC").fetchall()[0][0])
    assert (model["trained_run"], model["drift"]) == (first.run_id, second.drift)


@pytest.mark.slow
def test_a_model_the_mentions_no_longer_fit_is_trained_again(
    template: Path, tmp_path: Path, trained: ModelParameters
) -> None:
    authority = Workspace(Path(shutil.copytree(template, tmp_path / "authority")))
    first = run_link(authority, params=trained)
    plan = trained.to_json()["plan"]
    unfit = {**trained.to_json(), "plan": {**plan, "comparisons": [*plan["comparisons"], "id_gone"]}}
    with duckdb.connect(str(authority.warehouse)) as con:
        con.execute(
            "UPDATE link_runs SET model = $m WHERE run_id = $r", {"m": json.dumps(unfit), "r": first.run_id}
        )

    again = run_link(authority)

    assert again.trained_run == again.run_id
    assert again.params is not None and "id_gone" not in again.params.plan.comparisons
