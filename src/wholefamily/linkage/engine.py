"""Splink's part of a link run: blocking analysis, training (always on DuckDB) and scoring (DuckDB or Spark).

Splink works in its own in-memory DuckDB database (never the warehouse file), fed the prepared mentions
from a Parquet file the warehouse writes (``Mentions``), so that Python never holds them. Scoring on Spark uses the parameters trained on DuckDB, applied to the same comparisons built
for Spark's dialect (``ModelParameters.settings_dict``).

Scored pairs leave Splink as Parquet files, one slice of the mentions at a time, so that neither Splink's
database nor Python ever holds every pair of a county at once: the warehouse reads the files.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet as pq
from splink import DuckDBAPI, Linker
from splink.blocking_analysis import count_comparisons_from_blocking_rules
from splink.internals.splink_dataframe import SplinkDataFrame

from wholefamily.linkage import distinct, model
from wholefamily.linkage.plan import LinkagePlan
from wholefamily.linkage.rules import Rule
from wholefamily.linkage.spark import predict_spark
from wholefamily.linkage.splink_common import pair_columns, quiet_splink
from wholefamily.warehouse.memory import MemorySettings
from wholefamily.warehouse.spark import Engine
from wholefamily.warehouse.sql import quote_ident, sql_literal


@contextmanager
def _database(
    memory: MemorySettings | None, threads: int | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """An in-memory database, under the workspace's memory limit and spilling to its disk."""
    con = duckdb.connect(config={"threads": threads} if threads else {})
    try:
        if memory is not None:
            memory.apply(con)
        yield con
    finally:
        con.close()


@contextmanager
def splink_database(memory: MemorySettings | None, threads: int | None = None) -> Iterator[DuckDBAPI]:
    """Splink's own in-memory database (``_database``)."""
    with _database(memory, threads) as con:
        yield DuckDBAPI(connection=con)


@dataclass(frozen=True)
class Mentions:
    """The prepared mentions as a Parquet file in ``unique_id`` order, and how many there are."""

    path: Path
    rows: int

    def register(self, db_api: DuckDBAPI) -> SplinkDataFrame:
        """The file as Splink's input, read where it lies (a view: Splink copies what it needs)."""
        db_api.duckdb_con.execute(
            f"CREATE VIEW mentions_input AS FROM read_parquet({sql_literal(str(self.path))})"
        )
        return db_api.register("mentions_input", dataset_display_name="mentions")


#: Below this many mentions the blocking analysis counts every comparison; above, a 5% sample estimates.
EXACT_COUNT_LIMIT = 300_000


@dataclass(frozen=True)
class BlockingCount:
    rule: str
    marginal: int
    cumulative: int
    estimated: bool


def count_blocked(
    mentions: Mentions, plan: LinkagePlan, *, memory: MemorySettings | None = None
) -> list[BlockingCount]:
    """Comparisons each of the plan's prediction rules adds (Splink's ``count_comparisons_from_blocking_rules``)."""
    proportion = 1.0 if mentions.rows <= EXACT_COUNT_LIMIT else 0.05
    with splink_database(memory) as db_api, quiet_splink(), warnings.catch_warnings():
        # a rule the sample barely meets warns as it is estimated; the run records which counts are estimates
        warnings.filterwarnings(
            "ignore", message="The sampled blocking analysis estimate", category=UserWarning
        )
        sdf = mentions.register(db_api)
        records = count_comparisons_from_blocking_rules(
            sdf,
            blocking_rules=model.prediction_rules(plan),
            link_type="dedupe_only",
            record_sample_proportion=proportion,
        )
    return [
        BlockingCount(
            str(r["blocking_rule"]),
            int(r["marginal_comparison_count"]),
            int(r["cumulative_comparison_count"]),
            bool(r["is_estimate"]),
        )
        for r in records
    ]


def train_duckdb(
    mentions: Mentions, plan: LinkagePlan, *, memory: MemorySettings | None = None
) -> model.ModelParameters:
    """Train on one DuckDB thread, over the mentions in ``unique_id`` order.

    EM sums match probabilities over the pairs' agreement patterns. With several threads the order of
    those floating additions changed from run to run, and with it the last digits of m, every match
    weight and so, near the threshold, which pairs link. One thread over a fixed input order adds them in
    the same order every run, so unchanged data trains to identical parameters. EM iterates over the
    counts of each agreement pattern rather than over every pair (term frequencies are left out of
    training, as they are of the u estimates), which makes one thread faster than two were over the pairs."""
    with splink_database(memory, threads=1) as db_api, quiet_splink():
        linker = Linker(mentions.register(db_api), model.settings(plan), log_level=logging.ERROR)
        n = max(mentions.rows, 1)
        # u: 30 random pairs per mention, at least 500,000 and at most 10 million (Splink stops early
        # once every level is seen often enough); EM: a sample of about two million mentions.
        u_pairs = min(1e7, max(5e5, 30.0 * n))
        return model.train(linker, plan, u_pairs=u_pairs, em_sample=min(1.0, 2_000_000 / n))


#: Rows per slice of scoring. Splink scores the pairs whose left-hand row is in one slice at a time, and
#: each slice's pairs are written out before the next: Splink's database holds one slice's pairs.
SLICE_MENTIONS = 1_000_000


def predict(
    mentions: Mentions,
    params: model.ModelParameters,
    engine: Engine,
    threshold: float,
    folder: Path,
    spark: Any = None,
    rules: list[Rule] | None = None,
    *,
    memory: MemorySettings | None = None,
    frequencies: TermFrequencies | None = None,
) -> list[Path]:
    """Score every pair ``rules`` (default: the plan's prediction rules) give at or above ``threshold`` (match
    weight) into Parquet files in ``folder``: ids, total and per-field weights (``pair_columns_sql``).

    Identical mentions are scored once (``distinct``) on either engine, with the term frequencies of these
    mentions, or with ``frequencies`` instead if they are to be read (``TermFrequencies``); frequencies to
    save are these mentions'."""
    rules = list(params.plan.prediction if rules is None else rules)
    if frequencies is None or frequencies.save:
        frequencies = frequencies or TermFrequencies(folder / "tf", save=True)
        _count_frequencies(mentions, params, frequencies.folder, memory)
    scoring = _Scoring(params, engine, threshold, folder, frequencies, spark, memory)
    with _database(memory) as con:
        rows = distinct.distinct_rows(con, mentions.path, rules, params.plan.apart, folder)
        row_pairs = scoring.score(Mentions(rows.rows, rows.row_count), rules, "rows")
        twins = Mentions(rows.twins, rows.twin_count) if rows.twins else None
        twin_pairs = scoring.score(twins, [TWINS], "twins")[0] if twins else None
        paths = [folder / f"pairs-{i}-of-{len(row_pairs)}.parquet" for i in range(1, len(row_pairs) + 1)]
        for i, (scored, path) in enumerate(zip(row_pairs, paths, strict=True)):
            distinct.expand(con, rows, scored, twin_pairs if i == 0 else None, path)
    return paths


#: Twins of one row (``distinct``) are paired with each other only.
TWINS = Rule((distinct.TWIN_OF,))


def _count_frequencies(
    mentions: Mentions, params: model.ModelParameters, folder: Path, memory: MemorySettings | None
) -> None:
    """Splink's term-frequency tables of every mention, into ``folder``."""
    with splink_database(memory) as db_api, quiet_splink():
        linker = Linker(mentions.register(db_api), params.settings_dict("duckdb"), log_level=logging.ERROR)
        TermFrequencies(folder, save=True).write(linker, db_api)


@dataclass(frozen=True)
class _Scoring:
    """What every scoring of one ``predict`` shares."""

    params: model.ModelParameters
    engine: Engine
    threshold: float
    folder: Path
    frequencies: TermFrequencies
    spark: Any
    memory: MemorySettings | None

    def score(self, rows: Mentions, rules: list[Rule], name: str) -> list[Path]:
        """The pairs of ``rows`` that ``rules`` give, in files of the folder named ``name``: on DuckDB one
        file per slice of ``rows``, on Spark one file."""
        blocking: list[Any] = [rule.splink(apart=self.params.plan.apart) for rule in rules]
        if self.engine == "spark":
            path = self.folder / f"{name}-spark.parquet"
            scored = predict_spark(
                rows.path, self.params, self.threshold, self.spark, blocking, self.frequencies.folder
            )
            pq.write_table(scored, path)
            return [path]
        slices = max(1, -(-rows.rows // SLICE_MENTIONS))
        paths = [self.folder / f"{name}-{i}-of-{slices}.parquet" for i in range(1, slices + 1)]
        with splink_database(self.memory) as db_api, quiet_splink():
            settings = self.params.settings_dict("duckdb", blocking)
            linker = Linker(rows.register(db_api), settings, log_level=logging.ERROR)
            self.frequencies.register(linker, db_api)
            for i, path in enumerate(paths, start=1):
                scored = linker.inference.predict_chunk(
                    left_chunk=(i, slices),
                    right_chunk=(1, 1),
                    threshold_match_weight=self.threshold,
                    warning_mode="never",
                )
                table = scored.physical_name
                columns = [str(r[0]) for r in db_api.duckdb_con.execute(f"DESCRIBE {table}").fetchall()]
                db_api.duckdb_con.execute(
                    f"COPY (SELECT {pair_columns_sql(columns)} FROM {table}) TO {sql_literal(str(path))} (FORMAT parquet)"  # noqa: S608
                )
                scored.drop_table_from_database_and_remove_from_cache()
        return paths


@dataclass(frozen=True)
class TermFrequencies:
    """Splink's term-frequency tables (how common each name, date and postcode is) kept in ``folder``:
    counted over every mention (``save``), read when scoring only some of them (distinct rows, or a later
    pass over the mentions with companions). A pair's weight depends on these frequencies, so scoring a
    subset with the whole input's frequencies gives each of its pairs the weight scoring every mention gives
    it."""

    folder: Path
    save: bool

    def write(self, linker: Linker, db_api: DuckDBAPI) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        for column in linker._settings_obj._term_frequency_columns:
            name = column.unquote().name
            table = linker.table_management.compute_tf_table(name)
            path = sql_literal(str(self.folder / f"{name}.parquet"))
            db_api.duckdb_con.execute(f"COPY {table.physical_name} TO {path} (FORMAT parquet)")

    def register(self, linker: Linker, db_api: DuckDBAPI) -> None:
        for path in sorted(self.folder.glob("*.parquet")):
            view = f"tf_lookup_{path.stem}"
            db_api.duckdb_con.execute(
                f"CREATE VIEW {quote_ident(view)} AS FROM read_parquet({sql_literal(str(path))})"
            )
            linker.table_management.register_term_frequency_lookup(db_api.register(view), path.stem)


def pair_columns_sql(columns: list[str]) -> str:
    """DuckDB's select list of the columns a link run keeps (``pair_columns``)."""
    return ", ".join(f"CAST({quote_ident(c)} AS {t}) AS {quote_ident(c)}" for c, t in pair_columns(columns))
