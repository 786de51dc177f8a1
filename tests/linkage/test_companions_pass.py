"""The companions pass scores only the pairs whose weight being named alongside the same person changes:
pairs sharing a companion whose first names and birth years agree. Every other pair sharing one keeps the
weight the first pass gave it, so leaving it out loses nothing."""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np

from wholefamily.linkage import engine
from wholefamily.linkage.model import COMPANIONS, ModelParameters
from wholefamily.linkage.prepare import INPUT_TABLE, identifier_columns, prepare_input
from wholefamily.linkage.rules import Rule
from wholefamily.linkage.run import _SPLINK_COLUMNS, PAIR_FLOOR, _with_companions, run_link
from wholefamily.warehouse.sql import sql_literal
from wholefamily.workspace import Workspace


def _scored(
    mentions: engine.Mentions, params: ModelParameters, rule: Rule, folder: Path
) -> dict[tuple[int, int], dict[str, float]]:
    folder.mkdir()
    files = engine.predict(mentions, params, "duckdb", PAIR_FLOOR, folder, rules=[rule])
    listed = ", ".join(sql_literal(str(f)) for f in files)
    with duckdb.connect() as con:
        rel = con.execute(f"FROM read_parquet([{listed}])")
        names = [d[0] for d in rel.description]
        rows = [dict(zip(names, row, strict=True)) for row in rel.fetchall()]
    return {(r.pop("unique_id_l"), r.pop("unique_id_r")): r for r in rows}


def test_pairs_left_out_of_the_companions_pass_gain_nothing_from_it(
    authority: Workspace, trained: ModelParameters, tmp_path: Path
) -> None:
    run_link(authority, params=trained)
    with duckdb.connect(str(authority.warehouse)) as con:
        n = prepare_input(con, None)
        people = con.execute(
            f"SELECT i.unique_id, dense_rank() OVER (ORDER BY pm.person_id) FROM {INPUT_TABLE} AS i "
            "JOIN person_mentions AS pm USING (mention_key)"
        ).fetchall()
        labels = np.zeros(n + 1, dtype=np.int64)
        for unique_id, person in people:
            labels[unique_id] = person
        columns = [*_SPLINK_COLUMNS, *identifier_columns(con)]
        mentions = _with_companions(con, labels, columns, tmp_path / "mentions.parquet")

    chosen = _scored(mentions, trained, COMPANIONS, tmp_path / "chosen")
    every = _scored(mentions, trained, Rule(COMPANIONS.columns, COMPANIONS.explode), tmp_path / "every")

    assert any(p["mw_companions"] > 0 for p in chosen.values()), "some pairs gain from a shared companion"
    assert chosen.keys() < every.keys()
    assert all(chosen[k] == every[k] for k in chosen), "the pairs scored are scored as before"
    left_out = [every[k] for k in every.keys() - chosen.keys()]
    assert left_out and all(p["mw_companions"] == 0 for p in left_out), "the rest keep their first weight"
