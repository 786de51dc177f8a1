"""The companions pass gives the weights of scoring every mention again with its companions, while Splink
scores only the pairs the first pass did not: a pair the first pass scored takes the companions' weight on
top of its first score, and a pair sharing no companion, or whose first names and birth years disagree,
keeps its first score. Copies of one row are paired as a star (``linkage.distinct``): a pair of copies is
left out only where the star joins them at least as strongly."""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pytest
from tests_linkage_helpers import every_mention_scored, prior_weight

from wholefamily.linkage import engine
from wholefamily.linkage.distinct import COPIES_FILE
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
#: The run's pairs, the reference's, the rows of each pass's copies (``unique_id`` to its row's first copy),
#: Splink's input with companions and the frequencies.
Passes = tuple[Scores, Scores, list[dict[int, int]], engine.Mentions, engine.TermFrequencies]


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
) -> Passes:
    """The run's pairs after both passes (with the pass that last scored each), Splink's own scoring of every
    mention with its companions under the plan's rules and the companion rule, each pass's copies, the
    Splink input with companions and the frequencies."""
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
        _companions_pass(
            con, labels, trained, columns, folder / "companions", scorer, folder / "first" / COPIES_FILE
        )
        run = {
            (int(a), int(b)): {"match_weight": w, "match_probability": p, "pass": k}
            for a, b, w, p, k in con.execute("FROM scored_pairs").fetchall()
        }
        everyone = _splink_input(con, columns, folder / "everyone.parquet", _WITH_COMPANIONS)
        stars = [
            dict(con.execute(f"SELECT unique_id, row_id FROM read_parquet({sql_literal(str(f))})").fetchall())
            for f in (folder / "first" / COPIES_FILE, folder / "companions" / COPIES_FILE)
            if f.exists()
        ]
    rules = [*trained.plan.prediction, COMPANIONS]
    reference = _read([every_mention_scored(everyone, trained, folder / "reference.parquet", rules)])
    return run, reference, stars, everyone, reading


def test_companions_pass_gives_the_weights_of_scoring_everything_again(passes: Passes) -> None:
    run, reference, stars, _, _ = passes
    kinds = {p["pass"] for p in run.values()}
    assert {FIRST_PASS_WITH_COMPANION, COMPANIONS_PASS} <= kinds, "both kinds of companion pair occur"
    assert run.keys() <= reference.keys()
    differ = [
        k
        for k in run
        if (run[k]["match_weight"], run[k]["match_probability"])
        != (reference[k]["match_weight"], reference[k]["match_probability"])
    ]
    assert not differ, f"{len(differ)} pairs weigh otherwise than scoring them again, e.g. {differ[:3]}"

    def weight(a: int, b: int) -> float:
        return (
            np.inf if a == b else run.get((min(a, b), max(a, b)), {"match_weight": -np.inf})["match_weight"]
        )

    left_out = reference.keys() - run.keys()
    assert left_out, "some copies of one row are joined by a star alone"
    unjoined = [
        (a, b)
        for a, b in left_out
        if not any(
            a in star
            and star[a] == star.get(b)
            and min(weight(star[a], a), weight(star[a], b)) >= reference[(a, b)]["match_weight"]
            for star in stars
        )
    ]
    assert not unjoined, f"{len(unjoined)} pairs left out that no star joins as strongly, e.g. {unjoined[:3]}"
    first = stars[0]
    copies_weighed = [
        k
        for k, p in run.items()
        if first[k[0]] == first[k[1]] != k[0] and p["pass"] == FIRST_PASS_WITH_COMPANION
    ]
    assert copies_weighed, "copies that share a companion keep their pair, weighed from their star's"


def test_pairs_left_out_of_the_companion_rule_gain_nothing_from_it(
    passes: Passes,
    trained: ModelParameters,
    tmp_path: Path,
) -> None:
    _, _, _, everyone, frequencies = passes
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


def test_published_pairs_of_copies_weigh_what_their_fields_add_up_to(
    authority: Workspace, trained: ModelParameters
) -> None:
    run_link(authority, params=trained)
    with duckdb.connect(str(authority.warehouse)) as con:
        prepare_input(con, None)
        compared = [
            c for c in (*_SPLINK_COLUMNS, *identifier_columns(con)) if c not in ("unique_id", "mention_key")
        ]
        rel = con.execute(
            f"""
            WITH rows AS (
                SELECT unique_id, mention_key,
                       min(unique_id) OVER (PARTITION BY {", ".join(compared)}) AS first_copy
                FROM {INPUT_TABLE}
            )
            SELECT p.* EXCLUDE (mention_key_l, mention_key_r, run_id),
                   l.first_copy = r.first_copy AND l.unique_id <> l.first_copy AS off_the_star
            FROM link_pairs AS p
            JOIN rows AS l ON l.mention_key = p.mention_key_l
            JOIN rows AS r ON r.mention_key = p.mention_key_r
            """
        )
        names = [d[0] for d in rel.description]
        pairs = [dict(zip(names, row, strict=True)) for row in rel.fetchall()]
    prior = prior_weight(trained)
    unsummed = [
        p
        for p in pairs
        if abs(sum(v for k, v in p.items() if k.startswith("mw_")) + prior - p["match_weight"]) > 1e-6
    ]
    assert not unsummed, f"{len(unsummed)} published pairs whose fields do not add up, e.g. {unsummed[:1]}"
    weighed = [p for p in pairs if p["off_the_star"]]
    assert weighed and all(p["mw_companions"] > 0 for p in weighed), (
        "a pair of copies off the star is published only as the companions pass weighed it"
    )
