"""A link run: prepare → profile and plan, then train (or re-use the last run's model) → block and count →
score → cluster with decisions → score again with companions → cluster → stable ids → publish.

Everything the run writes is built in TEMP tables and published in one transaction, so a failure at
any step leaves the warehouse as it was.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa

from wholefamily.decisions import DecisionStore
from wholefamily.graph import strongest_forest
from wholefamily.linkage import engine as splink_engine
from wholefamily.linkage.clustering import Clusters, cluster
from wholefamily.linkage.conflicts import birth_date_conflicts, find_record_conflicts, record_conflicts
from wholefamily.linkage.distinct import COPIES_FILE
from wholefamily.linkage.model import ALONGSIDE, COMPANIONS, ModelParameters
from wholefamily.linkage.plan import FIXED_IDENTIFIERS, candidate_rules, choose_plan
from wholefamily.linkage.prepare import INPUT_TABLE, identifier_columns, prepare_input
from wholefamily.linkage.profile import drift, fill_rates, profile_input
from wholefamily.linkage.registry import assign_ids, registry_rows_sql
from wholefamily.linkage.rules import APART_SQL, level_sql
from wholefamily.warehouse.connection import open_warehouse, published_tables
from wholefamily.warehouse.memory import MemorySettings, memory_settings
from wholefamily.warehouse.publish import publish_run
from wholefamily.warehouse.runs import StepRun, new_run_id, runs_behind, utc_now
from wholefamily.warehouse.spark import Engine
from wholefamily.warehouse.sql import quote_ident, sql_literal
from wholefamily.workspace import Workspace

#: Match weight at which two mentions are the same person. Chosen on the synthetic authority by sweeping
#: 0..12: pairwise F1 of the clusters is within 0.0002 of its best from 6 to 9 at both 20,000 and 100,000
#: residents (precision and recall both above 0.998) and falls either side; 8 is inside that plateau.
MATCH_THRESHOLD = 8.0
#: Pairs scored at or above this weight are kept: for review, and in ``link_pairs`` those between two
#: people and those that join each person.
PAIR_FLOOR = 0.0
#: The uncertain band offered for clerical review, where a decision changes something often enough to be
#: worth a data manager's time (docs/pipeline-decisions.md). One pair is listed per couple of people (or
#: per person, for a doubtful link inside one person): the pair nearest the threshold, which is the one a
#: decision would turn.
REVIEW_BAND = (3.0, 9.0)

_SPLINK_COLUMNS = (
    "unique_id",
    "mention_key",
    "first_name",
    "first_name_canonical",
    "first_name_forms",
    "given_names",
    "middle_names",
    "surname",
    "surname_parts",
    "dob",
    "dob_text",
    "dob_swapped",
    "birth_year_min",
    "birth_year_max",
    "birth_years",
    "sex",
    "postcode_filled",
    "postcode_sector",
    "postcode_district",
    "address_filled",
    "nhs_number",
    "upn",
    "ni_number",
    "local_ref",
    "slot_ref",
    "exclusive_group",
    "no_address_or_identifier",
    "companions",
)

Progress = Callable[[str], None]


@dataclass
class LinkResult:
    run_id: str
    mentions: int
    persons: int
    pairs: int
    review_pairs: int
    decisions_applied: int
    unresolvable_decisions: int
    new_ids: int
    merged_ids: int
    seconds: float
    blocking: list[splink_engine.BlockingCount] = field(default_factory=list)
    params: ModelParameters | None = None
    engine: str = "duckdb"
    trained_run: str = ""  # the run whose training the model comes from (this one, if it trained)
    drift: dict[str, float] = field(default_factory=dict)  # fill rates now minus when trained (``drift``)


def run_link(
    workspace: Workspace,
    as_of: dt.date | None = None,
    engine: Engine = "duckdb",
    progress: Progress = lambda step: None,
    *,
    params: ModelParameters | None = None,
    spark: Any = None,
    retrain: bool = False,
) -> LinkResult:
    """Link every person mention as of ``as_of`` and publish people with stable ids.

    The model (plan and trained parameters) is ``params`` if given, else the last run's when it still fits
    the mentions and ``retrain`` is not asked for, else trained here. A reused model's drift is reported:
    how far each field's fill rate has moved since it was trained."""
    started, began = utc_now(), time.perf_counter()
    run_id = new_run_id()
    decisions = DecisionStore(workspace.decisions).active_links()
    memory = memory_settings(workspace.root)
    con = open_warehouse(workspace.warehouse)
    try:
        inputs = runs_behind(con, ["mentions"])
        progress("preparing mentions")
        n = prepare_input(con, as_of)
        columns = [*_SPLINK_COLUMNS, *identifier_columns(con)]
        identifiers = [*FIXED_IDENTIFIERS, *identifier_columns(con)]
        trained_run, shift = ("" if params else run_id), dict[str, float]()
        if params is None and not retrain:
            params, trained_run = _previous_model(con, columns) or (None, run_id)
        if params is None:
            progress("choosing comparisons and rules from the mentions")
            plan = choose_plan(profile_input(con, identifiers, candidate_rules(identifiers)))
        else:
            progress(
                f"re-using the model trained in run {trained_run}" if trained_run else "using the given model"
            )
            plan = params.plan
            if plan.profile is not None:
                shift = drift(plan.profile, fill_rates(con, identifiers))
        with memory.work_directory() as kept:
            # the companions pass scores only the pairs the first did not, with the term frequencies of
            # every mention, which the first pass saves here; each pass's pairs stay here, their weights
            # per field read back only for the pairs published
            saved = splink_engine.TermFrequencies(kept / "tf", save=True)
            passes = [kept / "first", kept / "companions"]
            with memory.work_directory() as folder:
                mentions = _splink_input(con, columns, folder / "mentions.parquet")
                with _splink_turn(con, memory) as splink_memory:
                    progress("blocking analysis")
                    blocking = splink_engine.count_blocked(mentions, plan, memory=splink_memory)
                    if params is None:
                        progress("training the model")
                        params = splink_engine.train_duckdb(mentions, plan, memory=splink_memory)
                    progress(f"scoring pairs on {engine}")
                    passes[0].mkdir()
                    pairs = splink_engine.predict(
                        mentions,
                        params,
                        engine,
                        PAIR_FLOOR,
                        passes[0],
                        spark,
                        memory=splink_memory,
                        frequencies=saved,
                    )
                _store_pairs(con, pairs)
            scored = [pairs]
            progress("clustering")
            applied, same, not_same = _decision_pairs(con, decisions)
            result, edges = _cluster_scored(con, n, same, not_same)
            if "companions" in plan.comparisons:
                progress(f"scoring pairs named alongside the same person on {engine}")
                scored.append(
                    _companions_pass(
                        con,
                        result.labels,
                        params,
                        columns,
                        passes[1],
                        _Scorer(engine, spark, memory, dataclasses.replace(saved, save=False)),
                        passes[0] / COPIES_FILE,
                    )
                )
                progress("clustering with companions")
                result, edges = _cluster_scored(con, n, same, not_same)
            labels = pa.table(
                {"unique_id": np.arange(1, n + 1, dtype=np.int64), "cluster": result.labels[1:]}
            )
            con.register("labels_arrow", labels)
            con.execute(
                f"CREATE OR REPLACE TEMP TABLE new_clusters AS SELECT i.unique_id, i.mention_key, l.cluster "  # noqa: S608
                f"FROM {INPUT_TABLE} AS i JOIN labels_arrow AS l USING (unique_id)"
            )
            con.unregister("labels_arrow")
            _store_joining_pairs(con, result.labels, edges)
            progress("assigning stable person ids")
            previous = _has_previous(con)
            assign_ids(con, previous)
            counts = _build_outputs(con, run_id, scored, params)
        seconds = time.perf_counter() - began
        progress("publishing")
        _publish(
            con,
            previous,
            StepRun(run_id, "link", started, as_of, inputs),
            {
                "run_id": run_id,
                "started_at": started,
                "seconds": seconds,
                "as_of": as_of,
                "engine": engine,
                "match_threshold": MATCH_THRESHOLD,
                "pair_floor": PAIR_FLOOR,
                "review_band": list(REVIEW_BAND),
                "blocking": json.dumps([dataclasses.asdict(b) for b in blocking]),
                "model": json.dumps({**params.to_json(), "trained_run": trained_run, "drift": shift}),
                "counts": json.dumps(
                    {
                        **counts,
                        "mentions": n,
                        "decisions_applied": applied,
                        "components_split_by_decisions": result.reclustered,
                        "unresolvable_decisions": result.unresolvable,
                    }
                ),
            },
        )
    finally:
        con.close()
    return LinkResult(
        run_id,
        n,
        counts["persons"],
        counts["pairs"],
        counts["review_pairs"],
        applied,
        result.unresolvable,
        counts["new_ids"],
        counts["merged_ids"],
        seconds,
        blocking,
        params,
        engine,
        trained_run,
        shift,
    )


def _previous_model(con: duckdb.DuckDBPyConnection, columns: list[str]) -> tuple[ModelParameters, str] | None:
    """The last run's model and the run that trained it, if the mentions still fit it: they have every
    column it reads, and a source holding one record per person exactly when it was trained with one."""
    if "link_runs" not in published_tables(con):
        return None
    rows = con.execute("SELECT run_id, model FROM main.link_runs ORDER BY run_id DESC LIMIT 1").fetchall()
    if not rows:
        return None
    data = json.loads(rows[0][1])
    params = ModelParameters.from_json(data)
    apart = con.execute(
        f"SELECT count(*) > 0 FROM {INPUT_TABLE} WHERE exclusive_group IS NOT NULL"  # noqa: S608
    ).fetchall()
    if not params.plan.reads() <= set(columns) or params.plan.apart != apart[0][0]:
        return None
    return params, str(data.get("trained_run", rows[0][0]))


def _read_pairs(files: list[Path]) -> str:
    return f"read_parquet([{', '.join(sql_literal(str(f)) for f in files)}])"


#: ``scored_pairs.pass``: whose files hold a pair's weight per field. A pair the companions pass gives that
#: the first pass scored keeps the first pass's, with the companions' weight added (``_add_companion_weight``).
FIRST_PASS, COMPANIONS_PASS, FIRST_PASS_WITH_COMPANION = 0, 1, 2


#: What the warehouse holds of a scored pair while a run clusters (the weight per field stays in the
#: pass's files, and is read back for the pairs published).
_SCORE_COLUMNS = "unique_id_l, unique_id_r, match_weight, match_probability"


def _store_pairs(con: duckdb.DuckDBPyConnection, files: list[Path]) -> None:
    """TEMP ``scored_pairs``: the pairs of the first scoring pass, from Splink's Parquet files (and the
    record conflicts among them)."""
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE scored_pairs AS SELECT {_SCORE_COLUMNS}, {FIRST_PASS} AS pass FROM {_read_pairs(files)}"  # noqa: S608
    )
    find_record_conflicts(con, "scored_pairs")


def _store_unscored_pairs(con: duckdb.DuckDBPyConnection, files: list[Path]) -> None:
    """The companions pass's pairs that the first pass did not score (``unscored_alongside``) join
    ``scored_pairs`` (and their record conflicts those found)."""
    con.execute(
        f"INSERT INTO scored_pairs SELECT {_SCORE_COLUMNS}, {COMPANIONS_PASS} AS pass FROM {_read_pairs(files)} "  # noqa: S608
        "SEMI JOIN unscored_alongside USING (unique_id_l, unique_id_r)"
    )
    find_record_conflicts(con, "unscored_alongside", add=True)


Edges = tuple[np.ndarray, np.ndarray, np.ndarray]  # unique_id_l, unique_id_r, match_weight


def _cluster_scored(
    con: duckdb.DuckDBPyConnection, n: int, same: list[tuple[int, int]], not_same: list[tuple[int, int]]
) -> tuple[Clusters, Edges]:
    """People from the strong pairs of ``scored_pairs``, keeping apart what decisions and records do; and
    the strong pairs."""
    con.execute(_STRONG_SQL, {"threshold": MATCH_THRESHOLD, "one_to_one": ONE_TO_ONE_THRESHOLD})
    strong = con.execute("SELECT unique_id_l, unique_id_r, match_weight FROM strong_pairs").fetchnumpy()
    edges = (
        np.asarray(strong["unique_id_l"], np.int64),
        np.asarray(strong["unique_id_r"], np.int64),
        np.asarray(strong["match_weight"], np.float64),
    )
    apart = not_same + record_conflicts(con)
    one_each = _one_record_groups(con, n)
    result = cluster(n + 1, *edges, same, apart, one_each)
    # a person a data manager has joined by hand ("same") is theirs: the dates of birth are not applied
    decided = {int(result.labels[a]) for a, _ in same}
    dates_apart = [
        (a, b) for a, b in birth_date_conflicts(con, result.labels) if result.labels[a] not in decided
    ]
    if not dates_apart:
        return result, edges
    kept_apart = cluster(n + 1, *edges, same, apart + dates_apart, one_each)
    return Clusters(kept_apart.labels, kept_apart.reclustered, result.unresolvable), edges


def _store_joining_pairs(con: duckdb.DuckDBPyConnection, labels: np.ndarray, edges: Edges) -> None:
    """TEMP ``joining_pairs``: the strongest pairs that join each person (a maximum spanning forest of the
    strong pairs inside people). They explain a person; the rest of the pairs
    inside a person repeat them (a pupil's forty attendance returns are 780 pairs and 39 joining ones)."""
    left, right, weight = edges
    inside = np.flatnonzero(labels[left] == labels[right])
    chosen = inside[strongest_forest(labels.size, left[inside], right[inside], weight[inside])]
    joining = pa.table(
        {
            "unique_id_l": np.minimum(left[chosen], right[chosen]),
            "unique_id_r": np.maximum(left[chosen], right[chosen]),
        }
    )
    con.register("joining_arrow", joining)
    con.execute("CREATE OR REPLACE TEMP TABLE joining_pairs AS FROM joining_arrow")
    con.unregister("joining_arrow")


#: Between two deliveries that each hold one record per person (``one_record_per_person`` in their
#: sources' configs), a record has at most one partner in the other: two records that are each other's
#: best-scoring candidate there are one person when that is more likely than not (a match weight of 0 or
#: more), without reaching ``MATCH_THRESHOLD``. The ranking has already ruled out the other records of that
#: delivery, so what is left to decide is only whether the person is in it at all.
ONE_TO_ONE_THRESHOLD = 0.0

_STRONG_SQL = f"""
CREATE OR REPLACE TEMP TABLE strong_pairs AS
WITH ends AS (
    SELECT p.unique_id_l, p.unique_id_r, p.match_weight, a.exclusive_group AS group_l,
           b.exclusive_group AS group_r
    FROM scored_pairs AS p
    JOIN {INPUT_TABLE} AS a ON a.unique_id = p.unique_id_l
    JOIN {INPUT_TABLE} AS b ON b.unique_id = p.unique_id_r
    WHERE a.exclusive_group IS NOT NULL AND b.exclusive_group IS NOT NULL AND p.match_weight >= $one_to_one
), sided AS (
    SELECT unique_id_l AS x, unique_id_r AS y, match_weight AS w, group_r AS y_group FROM ends
    UNION ALL
    SELECT unique_id_r, unique_id_l, match_weight, group_l FROM ends
), best AS (
    FROM sided QUALIFY row_number() OVER (PARTITION BY x, y_group ORDER BY w DESC, y) = 1
)
SELECT unique_id_l, unique_id_r, match_weight FROM scored_pairs WHERE match_weight >= $threshold
UNION
SELECT a.x, a.y, a.w FROM best AS a JOIN best AS b ON a.x = b.y AND a.y = b.x WHERE a.x < a.y
"""  # noqa: S608 - constant table name


def _one_record_groups(con: duckdb.DuckDBPyConnection, n: int) -> np.ndarray | None:
    """Each mention's one-record-per-person delivery as a number (-1: none), or None when there is none."""
    rows = con.execute(
        f"SELECT unique_id, dense_rank() OVER (ORDER BY exclusive_group) AS grp FROM {INPUT_TABLE} "  # noqa: S608
        "WHERE exclusive_group IS NOT NULL"
    ).fetchnumpy()
    if len(rows["unique_id"]) == 0:
        return None
    groups = np.full(n + 1, -1, dtype=np.int64)
    groups[np.asarray(rows["unique_id"], np.int64)] = np.asarray(rows["grp"], np.int64)
    return groups


#: Records naming more people than this (a class list, a block of flats) are no one's companions.
MAX_COMPANIONS = 20

_COMPANIONS_SQL = f"""
CREATE OR REPLACE TEMP TABLE companion_lists AS
WITH rec AS (
    SELECT m.unique_id, m.source, m.record_key, m.delivery_date, l.cluster,
           count(*) OVER (PARTITION BY m.source, m.record_key, m.delivery_date) AS people
    FROM {INPUT_TABLE} AS m JOIN first_labels AS l USING (unique_id)
)
SELECT a.unique_id, list(DISTINCT b.cluster ORDER BY b.cluster) AS companions
FROM rec AS a JOIN rec AS b
  ON a.source = b.source AND a.record_key = b.record_key AND a.delivery_date = b.delivery_date
 AND a.unique_id <> b.unique_id
WHERE a.people <= {MAX_COMPANIONS}
GROUP BY a.unique_id
"""  # noqa: S608 - constant names and number


def _splink_input(
    con: duckdb.DuckDBPyConnection, columns: list[str], path: Path, rows: str = INPUT_TABLE
) -> splink_engine.Mentions:
    """Splink's input (``rows``, every mention by default) written to ``path`` in ``unique_id`` order
    (training adds up in that order)."""
    written = con.execute(
        f"COPY (SELECT {', '.join(map(quote_ident, columns))} FROM {rows} ORDER BY unique_id) "  # noqa: S608
        f"TO {sql_literal(str(path))} (FORMAT parquet)"
    ).fetchall()[0][0]
    return splink_engine.Mentions(path, int(written))


#: While Splink's database scores every mention, it has this share of the memory limit and the warehouse the
#: rest (its TEMP tables spill to disk beyond it): the two never take more than the limit.
SPLINK_SHARE = 0.8
#: The least share Splink's database has, however few mentions it scores.
SPLINK_SHARE_MIN = 0.1


@contextmanager
def _splink_turn(
    con: duckdb.DuckDBPyConnection, memory: MemorySettings, share: float = SPLINK_SHARE
) -> Iterator[MemorySettings]:
    """The memory settings for Splink's database (``share`` of the limit), lent by the warehouse until the
    block ends. Lending costs time: the warehouse writes to disk what no longer fits its own share."""
    memory.share(1 - share).apply(con)
    try:
        yield memory.share(share)
    finally:
        memory.apply(con)


#: A pair's match probability from its match weight, as Splink's scoring computes it.
_PROBABILITY_SQL = (
    "CASE WHEN {w} >= 0 THEN 1.0 / (1.0 + pow(2.0::DOUBLE, -({w}))) "
    "ELSE pow(2.0::DOUBLE, {w}) / (1.0 + pow(2.0::DOUBLE, {w})) END"
)

_ALONGSIDE_SQL = f"""
CREATE OR REPLACE TEMP TABLE alongside_pairs AS
WITH named AS (SELECT unique_id, unnest(companions) AS companion FROM companion_lists),
shared AS (
    SELECT DISTINCT a.unique_id AS unique_id_l, b.unique_id AS unique_id_r
    FROM named AS a JOIN named AS b ON a.companion = b.companion AND a.unique_id < b.unique_id
)
SELECT s.unique_id_l, s.unique_id_r FROM shared AS s
JOIN {INPUT_TABLE} AS l ON l.unique_id = s.unique_id_l
JOIN {INPUT_TABLE} AS r ON r.unique_id = s.unique_id_r
WHERE {{condition}}
"""  # noqa: S608 - constant names


#: Pairs the companion rule gives between two copies of one row of the first pass, neither the row's first
#: copy, which the first pass left to the star (``distinct``): their first score is their star's.
_WEIGHED_COPIES_SQL = """
CREATE OR REPLACE TEMP TABLE weighed_copies AS
WITH copies AS MATERIALIZED (FROM read_parquet($copies))
SELECT a.unique_id_l, a.unique_id_r, l.row_id AS weights_l, s.match_weight, s.match_probability
FROM alongside_pairs AS a
JOIN copies AS l ON l.unique_id = a.unique_id_l AND l.row_id <> l.unique_id
JOIN copies AS r ON r.unique_id = a.unique_id_r AND r.row_id = l.row_id
JOIN scored_pairs AS s ON s.unique_id_l = l.row_id AND s.unique_id_r = a.unique_id_r
"""


def _add_companion_weight(
    con: duckdb.DuckDBPyConnection, labels: np.ndarray, params: ModelParameters, copies: Path
) -> int:
    """The companions pass where the first pass has already scored: the pairs the companion rule gives
    (``alongside_pairs``) that the first pass scored take the companions' weight on top of their first
    score, which is what scoring them again gives (their other fields score as before, and the
    companions' weight is the last term of the sum). So do pairs of copies of one row that the first pass
    joined by a star (``copies``: its file of each mention's row), from their star's score
    (``weighed_copies``). The rest, which only Splink can score, are left in ``unscored_alongside``;
    returns how many."""
    first = pa.table({"unique_id": np.arange(1, labels.size, dtype=np.int64), "cluster": labels[1:]})
    con.register("first_labels", first)
    con.execute(_COMPANIONS_SQL)
    con.unregister("first_labels")
    assert COMPANIONS.level is not None
    condition = f"coalesce({level_sql(COMPANIONS.level, 'duckdb', ('l', 'r'))}, false)"
    con.execute(
        _ALONGSIDE_SQL.replace(
            "{condition}", f"{condition} AND {APART_SQL}" if params.plan.apart else condition
        )
    )
    con.execute(_WEIGHED_COPIES_SQL, {"copies": str(copies)})
    con.execute(
        f"INSERT INTO scored_pairs SELECT unique_id_l, unique_id_r, match_weight, match_probability, {FIRST_PASS} "  # noqa: S608
        "FROM weighed_copies"
    )
    find_record_conflicts(con, "weighed_copies", add=True)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE unscored_alongside AS "
        "FROM alongside_pairs ANTI JOIN scored_pairs USING (unique_id_l, unique_id_r)"
    )
    weighed = "(match_weight + $weight)"
    con.execute(
        f"UPDATE scored_pairs AS s SET match_weight = {weighed}, "  # noqa: S608 - constants
        f"match_probability = {_PROBABILITY_SQL.format(w=weighed)}, pass = {FIRST_PASS_WITH_COMPANION} "
        "FROM alongside_pairs AS a WHERE s.unique_id_l = a.unique_id_l AND s.unique_id_r = a.unique_id_r",
        {"weight": params.level_weight("companions", ALONGSIDE)},
    )
    return int(con.execute("SELECT count(*) FROM unscored_alongside").fetchall()[0][0])


@dataclass(frozen=True)
class _Scorer:
    """Where and how a pass after the first scores: its engine, memory and the first pass's frequencies."""

    engine: Engine
    spark: Any
    memory: MemorySettings
    frequencies: splink_engine.TermFrequencies


def _companions_pass(
    con: duckdb.DuckDBPyConnection,
    labels: np.ndarray,
    params: ModelParameters,
    columns: list[str],
    folder: Path,
    scorer: _Scorer,
    copies: Path,
) -> list[Path]:
    """Give ``scored_pairs`` the companions pass's weights (companions from the first-pass people of
    ``labels``; ``copies``: the first pass's file of each mention's row): Splink scores only the pairs the
    first pass did not, into ``folder``; returns its files."""
    if not _add_companion_weight(con, labels, params, copies):
        return []
    folder.mkdir()
    with scorer.memory.work_directory() as work:
        mentions = _splink_input(con, columns, work / "mentions.parquet", _UNSCORED_ENDS)
        # a share in proportion to the mentions scored: most of them need no room at all
        share = min(SPLINK_SHARE, max(SPLINK_SHARE_MIN, SPLINK_SHARE * mentions.rows / (labels.size - 1)))
        with _splink_turn(con, scorer.memory, share) as splink_memory:
            pairs = splink_engine.predict(
                mentions,
                params,
                scorer.engine,
                PAIR_FLOOR,
                folder,
                scorer.spark,
                [COMPANIONS],
                memory=splink_memory,
                frequencies=scorer.frequencies,
            )
    _store_unscored_pairs(con, pairs)
    return pairs


#: The mentions at either end of a pair the companions pass must score, with their companions.
_UNSCORED_ENDS = (
    f"(SELECT i.* REPLACE (c.companions AS companions) FROM {INPUT_TABLE} AS i "  # noqa: S608
    "JOIN companion_lists AS c USING (unique_id) WHERE unique_id IN "
    "(SELECT unique_id_l FROM unscored_alongside UNION SELECT unique_id_r FROM unscored_alongside))"
)


def _decision_pairs(
    con: duckdb.DuckDBPyConnection, decisions: list[Any]
) -> tuple[int, list[tuple[int, int]], list[tuple[int, int]]]:
    """Active decisions whose two mentions are both in this run, as node pairs by verdict (and all active
    decisions as TEMP ``decided_pairs``, which the review list leaves out)."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE decided_pairs (left_key VARCHAR, right_key VARCHAR, verdict VARCHAR)"
    )
    if decisions:
        con.execute(
            "INSERT INTO decided_pairs SELECT unnest($l), unnest($r), unnest($v)",
            {
                "l": [d.left_key for d in decisions],
                "r": [d.right_key for d in decisions],
                "v": [d.verdict for d in decisions],
            },
        )
    rows = con.execute(
        f"""
        SELECT d.verdict, a.unique_id, b.unique_id FROM decided_pairs AS d
        JOIN {INPUT_TABLE} AS a ON a.mention_key = d.left_key
        JOIN {INPUT_TABLE} AS b ON b.mention_key = d.right_key
        """  # noqa: S608 - constant table name
    ).fetchall()
    same = [(int(a), int(b)) for v, a, b in rows if v == "same"]
    not_same = [(int(a), int(b)) for v, a, b in rows if v == "not_same"]
    return len(rows), same, not_same


def _has_previous(con: duckdb.DuckDBPyConnection) -> bool:
    return {"person_registry", "person_mentions"} <= published_tables(con)


def _build_outputs(
    con: duckdb.DuckDBPyConnection, run_id: str, scored: list[list[Path]], params: ModelParameters
) -> dict[str, int]:
    """The staged outputs; ``scored``: each pass's files of pairs, with their weights per field."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE stg_person_mentions AS "
        "SELECT c.mention_key, i.person_id, $run AS run_id "
        "FROM new_clusters AS c JOIN cluster_ids AS i USING (cluster)",
        {"run": run_id},
    )
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE stg_persons AS
        SELECT pm.person_id,  -- each the most common value; ties: the smallest (plain mode() takes any)
               mode(m.first_name ORDER BY m.first_name) AS first_name,
               mode(m.surname ORDER BY m.surname) AS surname, mode(m.dob ORDER BY m.dob) AS dob,
               mode(m.sex ORDER BY m.sex) AS sex, mode(m.postcode_filled ORDER BY m.postcode_filled) AS postcode,
               count(*) AS n_mentions, list(DISTINCT m.source ORDER BY m.source) AS sources
        FROM stg_person_mentions AS pm JOIN {INPUT_TABLE} AS m USING (mention_key)
        GROUP BY pm.person_id
        """  # noqa: S608 - constant
    )
    described = con.execute(f"DESCRIBE FROM {_read_pairs(scored[0])}").fetchall()
    weight_sql = ", ".join(f"p.{quote_ident(r[0])}" for r in described if str(r[0]).startswith("mw_"))
    # a pair of the first pass that the companions pass gave too has the companions' weight on top
    gained = (
        f", w.mw_companions + CASE WHEN k.pass = {FIRST_PASS_WITH_COMPANION} THEN $companions ELSE 0 END "
        "AS mw_companions"
        if "companions" in params.plan.comparisons
        else ""
    )
    # a pair of copies that the companions pass weighed (``weighed_copies``) has its star's weights per field
    weights_l = (
        "SELECT k.*, coalesce(c.weights_l, k.unique_id_l) AS weights_l FROM kept AS k "
        "LEFT JOIN weighed_copies AS c USING (unique_id_l, unique_id_r)"
        if gained
        else "SELECT *, unique_id_l AS weights_l FROM kept"
    )
    weighed = " UNION ALL ".join(
        f"SELECT w.* REPLACE (k.unique_id_l AS unique_id_l, k.match_weight AS match_weight, "  # noqa: S608
        f"k.match_probability AS match_probability{gained}) FROM {_read_pairs(files)} AS w "
        "JOIN kept_weights AS k ON w.unique_id_l = k.weights_l AND w.unique_id_r = k.unique_id_r "
        f"WHERE k.pass IN ({', '.join(map(str, passes))})"
        for files, passes in zip(
            scored, [(FIRST_PASS, FIRST_PASS_WITH_COMPANION), (COMPANIONS_PASS,)], strict=False
        )
        if files
    )
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE stg_link_pairs AS
        WITH kept AS (  -- the pairs that join each person, and every pair between two people
            FROM scored_pairs SEMI JOIN joining_pairs USING (unique_id_l, unique_id_r)
            UNION ALL
            SELECT p.* FROM scored_pairs AS p
            JOIN new_clusters AS a ON a.unique_id = p.unique_id_l
            JOIN new_clusters AS b ON b.unique_id = p.unique_id_r
            WHERE a.cluster <> b.cluster
        ), kept_weights AS ({weights_l}), weighed AS ({weighed})
        SELECT a.mention_key AS mention_key_l, b.mention_key AS mention_key_r,
               p.match_weight, p.match_probability, {weight_sql}, $run AS run_id
        FROM weighed AS p
        JOIN {INPUT_TABLE} AS a ON a.unique_id = p.unique_id_l
        JOIN {INPUT_TABLE} AS b ON b.unique_id = p.unique_id_r
        """,  # noqa: S608 - constant names
        {"run": run_id, **({"companions": params.level_weight("companions", ALONGSIDE)} if gained else {})},
    )
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE stg_review_pairs AS
        WITH band AS (
            SELECT a.mention_key AS mention_key_l, b.mention_key AS mention_key_r, p.match_weight,
                   p.match_probability
            FROM scored_pairs AS p
            JOIN {INPUT_TABLE} AS a ON a.unique_id = p.unique_id_l
            JOIN {INPUT_TABLE} AS b ON b.unique_id = p.unique_id_r
            WHERE p.match_weight >= $lo AND p.match_weight < $hi
        )
        SELECT least(p.mention_key_l, p.mention_key_r) AS mention_key_a,
               greatest(p.mention_key_l, p.mention_key_r) AS mention_key_b,
               p.match_weight, p.match_probability,
               pa.person_id AS person_id_a, pb.person_id AS person_id_b, $run AS run_id
        FROM band AS p
        JOIN stg_person_mentions AS pa ON pa.mention_key = p.mention_key_l
        JOIN stg_person_mentions AS pb ON pb.mention_key = p.mention_key_r
        QUALIFY row_number() OVER (PARTITION BY pa.person_id, pb.person_id
                                   ORDER BY abs(p.match_weight - $threshold), p.mention_key_l, p.mention_key_r) = 1
        """,  # noqa: S608 - constant names
        {"lo": REVIEW_BAND[0], "hi": REVIEW_BAND[1], "threshold": MATCH_THRESHOLD, "run": run_id},
    )
    con.execute(
        "DELETE FROM stg_review_pairs AS r USING decided_pairs AS d "
        "WHERE r.mention_key_a = d.left_key AND r.mention_key_b = d.right_key"
    )
    row = con.execute(
        """
        SELECT (SELECT count(*) FROM stg_persons), (SELECT count(*) FROM stg_link_pairs),
               (SELECT count(*) FROM stg_review_pairs), (SELECT count(*) FROM cluster_ids WHERE is_new),
               (SELECT count(*) FROM new_aliases)
        """
    ).fetchall()[0]
    return {
        "persons": row[0],
        "pairs": row[1],
        "review_pairs": row[2],
        "new_ids": row[3],
        "merged_ids": row[4],
    }


OUTPUT_TABLES = ("person_mentions", "persons", "link_pairs", "review_pairs")


def _publish(con: duckdb.DuckDBPyConnection, previous: bool, run: StepRun, record: dict[str, Any]) -> None:
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE stg_person_registry AS {registry_rows_sql(previous)}",
        {"run": run.run_id},
    )
    publish_run(
        con,
        run,
        replace={"person_registry": "stg_person_registry", **{name: f"stg_{name}" for name in OUTPUT_TABLES}},
        append={"person_aliases": "SELECT alias_id, person_id, $run FROM new_aliases"},
        rows={"link_runs": [record]},
        params={"run": run.run_id},
    )
