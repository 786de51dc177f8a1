"""Helpers shared by the linkage tests."""

from __future__ import annotations

import logging
import math
from pathlib import Path

import duckdb
from click.testing import CliRunner, Result
from splink import DuckDBAPI, Linker

from wholefamily.cli import main
from wholefamily.cli.linkage import evaluate, explain, link, review
from wholefamily.linkage import engine
from wholefamily.linkage.model import ModelParameters
from wholefamily.linkage.rules import Rule
from wholefamily.linkage.run import PAIR_FLOOR
from wholefamily.warehouse.sql import sql_literal

for _command in (link, review, explain, evaluate):
    if _command.name not in main.commands:
        main.add_command(_command)


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def invoke_ok(*args: str) -> Result:
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    return result


def every_mention_scored(
    mentions: engine.Mentions, params: ModelParameters, out: Path, rules: list[Rule] | None = None
) -> Path:
    """The reference for scoring: Splink itself comparing every mention (no distinct rows), with the same
    parameters and ``rules`` (default: the plan's prediction rules), into the Parquet file ``out``."""
    blocking = None if rules is None else [rule.splink(apart=params.plan.apart) for rule in rules]
    with duckdb.connect() as con:
        db_api = DuckDBAPI(connection=con)
        linker = Linker(
            mentions.register(db_api), params.settings_dict("duckdb", blocking), log_level=logging.ERROR
        )
        scored = linker.inference.predict(threshold_match_weight=PAIR_FLOOR).physical_name
        columns = [str(r[0]) for r in con.execute(f"DESCRIBE {scored}").fetchall()]
        con.execute(
            f"COPY (SELECT {engine.pair_columns_sql(columns)} FROM {scored}) TO {sql_literal(str(out))} (FORMAT parquet)"
        )
    return out


def prior_weight(params: ModelParameters) -> float:
    """The match weight of the prior, which a pair's weights per field add up to with the match weight."""
    lam = params.probability_two_random_records_match
    return math.log2(lam / (1 - lam))
