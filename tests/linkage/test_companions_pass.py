"""The companions pass gives the weights of scoring every mention again with its companions, while Splink
scores only the pairs the first pass did not: a pair the first pass scored takes the companions' weight on
top of its first score, and a pair sharing no companion, or whose first names and birth years disagree,
keeps its first score."""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pytest

from wholefamily.linkage import engine
from wholefamily.linkage.model import COMPANIONS, ModelParameters
from wholefamily.linkage.prepare import INPUT_TABLE, identifier_columns, prepare_input
from wholefamily.linkage.rules import Rule
from wholefamily.linkage.run import (
    _SPLINK_COLUMNS,
    COMPANIONS_PASS,
    FIRST_PASS_WITH_COMPANION,
    PAIR_FLOOR,
    _companions_pass,
    _Scorer,
    _splink_input,
    _store_pairs,
    run_link,
)
from wholefamily.warehouse.memory import memory_settings
from wholefamily.warehouse.sql import sql_literal
from wholefamily.workspace import Workspace

#: Every mention, each with the companions the pass gave it (none for most).
_WITH_COMPANIONS = (
    f"(SELECT i.* REPLACE (c.companions AS companions) FROM {INPUT_TABLE} AS i "
    "LEFT JOIN companion_lists AS c USING (unique_id))"
)

Scores = dict[tuple[int, int], dict[str, float]]


def _read(files: list[Path]) -> Scores:
    listed = ", ".join(sql_literal(str(f)) for f in files)
    with duckdb.connect() as con:
        rel = con.execute(f"FROM read_parquet([{listed}])")
        names = [d[0] for d in rel.description]
        rows = [dict(zip(names, row, strict=True)) for row in rel.fetchall()]
    return {(r.pop("unique_id_l"), r.pop("unique_id_r")): r for r in rows}


@pytest.fixture(scope="module")
def passes(
    authority: Workspace, trained: ModelParameters, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Scores, Scores, engine.Mentions, engine.TermFrequencies]:
    """The run's pairs after both passes (with the pass that last scored each), Splink's scoring of every
    mention with its companions under the plan's rules and the companion rule, the Splink input with
    companions and the frequencies."""
    folder = tmp_path_factory.mktemp("passes")
    run_link(authority, params=trained)
    frequencies = engine.TermFrequencies(folder / "tf", save=True)
    with duckdb.connect(str(authority.warehouse)) as con:
        n = prepare_input(con, None)
        columns = [*_SPLINK_COLUMNS, *identifier_columns(con)]
        (folder / "first").mkdir()
        first = engine.predict(
            _splink_input(con, columns, folder / "mentions.parquet"),
            trained,
            "duckdb",
            PAIR_FLOOR,
            folder / "first",
            frequencies=frequencies,
        )
        _store_pairs(con, first)
        labels = np.zeros(n + 1, dtype=np.int64)  # the published people stand in for the first clustering
        for unique_id, person in con.execute(
            f"SELECT i.unique_id, dense_rank() OVER (ORDER BY pm.person_id) FROM {INPUT_TABLE} AS i "
            "JOIN person_mentions AS pm USING (mention_key)"
        ).fetchall():
            labels[unique_id] = person
        reading = engine.TermFrequencies(frequencies.folder, save=False)
        scorer = _Scorer("duckdb", None, memory_settings(authority.root), reading)
        _companions_pass(con, labels, trained, columns, folder / "companions", scorer)
        run = {
            (int(a), int(b)): {"match_weight": w, "match_probability": p, "pass": k}
            for a, b, w, p, k in con.execute("FROM scored_pairs").fetchall()
        }
        everyone = _splink_input(con, columns, folder / "everyone.parquet", _WITH_COMPANIONS)
    (folder / "reference").mkdir()
    rules = [*trained.plan.prediction, COMPANIONS]
    reference = _read(
        engine.predict(
            everyone, trained, "duckdb", PAIR_FLOOR, folder / "reference", rules=rules, frequencies=reading
        )
    )
    return run, reference, everyone, reading


def test_companions_pass_gives_the_weights_of_scoring_everything_again(
    passes: tuple[Scores, Scores, engine.Mentions, engine.TermFrequencies],
) -> None:
    run, reference, _, _ = passes
    kinds = {p["pass"] for p in run.values()}
    assert {FIRST_PASS_WITH_COMPANION, COMPANIONS_PASS} <= kinds, "both kinds of companion pair occur"
    assert run.keys() == reference.keys()
    differ = [
        k
        for k in run
        if (run[k]["match_weight"], run[k]["match_probability"])
        != (reference[k]["match_weight"], reference[k]["match_probability"])
    ]
    assert not differ, f"{len(differ)} pairs weigh otherwise than scoring them again, e.g. {differ[:3]}"


def test_pairs_left_out_of_the_companion_rule_gain_nothing_from_it(
    passes: tuple[Scores, Scores, engine.Mentions, engine.TermFrequencies],
    trained: ModelParameters,
    tmp_path: Path,
) -> None:
    _, _, everyone, frequencies = passes
    scored: dict[str, Scores] = {}
    for name, rule in {"chosen": COMPANIONS, "every": Rule(COMPANIONS.columns, COMPANIONS.explode)}.items():
        (tmp_path / name).mkdir()
        files = engine.predict(
            everyone,
            trained,
            "duckdb",
            PAIR_FLOOR,
            tmp_path / name,
            rules=[rule],
            frequencies=frequencies,
        )
        scored[name] = _read(files)
    chosen, every = scored["chosen"], scored["every"]
    assert any(p["mw_companions"] > 0 for p in chosen.values()), "some pairs gain from a shared companion"
    assert chosen.keys() < every.keys()
    assert all(chosen[k] == every[k] for k in chosen), "the pairs scored are scored as before"
    left_out = [every[k] for k in every.keys() - chosen.keys()]
    assert left_out and all(p["mw_companions"] == 0 for p in left_out), "the rest keep their first weight"
