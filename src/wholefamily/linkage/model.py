"""The Splink model in code: comparisons, blocking rules and training, and its trained parameters as data.

The comparisons are written once here and built for whichever backend runs them (DuckDB or Spark); what a
run learns (λ and each level's m and u) is kept as plain data (:class:`ModelParameters`) and applied to a
freshly built settings dictionary, so a model trained on DuckDB scores identically on Spark.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import Linker, SettingsCreator, block_on
from splink.internals.blocking_rule_creator import BlockingRuleCreator
from splink.internals.comparison_creator import ComparisonCreator

_DUCKDB = "duckdb"


def _custom(sql: str, label: str) -> cll.CustomLevel:
    """A level written in DuckDB SQL (plain column expressions that sqlglot translates for Spark)."""
    return cll.CustomLevel(sql, label_for_charts=label, base_dialect_str=_DUCKDB)


_OVERLAP = "birth_year_min_l <= birth_year_max_r AND birth_year_min_r <= birth_year_max_l"
_PARTIAL = f"(dob_l IS NULL OR dob_r IS NULL) AND {_OVERLAP}"
_NARROW = "birth_year_max_l - birth_year_min_l <= 1 AND birth_year_max_r - birth_year_min_r <= 1"
AGE_AGREES = "an age agrees with the birth year"
ADULT_AGREES = "an undated adult, born early enough"
ALONGSIDE = "named alongside the same person, first names agree"


def comparisons() -> list[ComparisonCreator | dict[str, Any]]:
    """One comparison per field, for English names and dates, where people live and partners' identifiers."""
    first_name = cl.CustomComparison(
        output_column_name="first_name",
        comparison_levels=[
            cll.NullLevel("first_name"),
            cll.ExactMatchLevel("first_name").configure(tf_adjustment_column="first_name"),
            cll.JaroWinklerLevel("first_name", 0.92),
            cll.ArrayIntersectLevel("first_name_forms").configure(label_for_charts="nickname or formal name"),
            cll.ArrayIntersectLevel("given_names").configure(label_for_charts="first name among given names"),
            cll.JaroWinklerLevel("first_name", 0.8),
            cll.ElseLevel(),
        ],
    )
    surname = cl.CustomComparison(
        output_column_name="surname",
        comparison_levels=[
            cll.NullLevel("surname"),
            cll.ExactMatchLevel("surname").configure(tf_adjustment_column="surname"),
            cll.JaroWinklerLevel("surname", 0.92),
            cll.ArrayIntersectLevel("surname_parts").configure(
                label_for_charts="a part of the surname matches"
            ),
            cll.JaroWinklerLevel("surname", 0.8),
            cll.ElseLevel(),
        ],
    )
    dob = cl.CustomComparison(
        output_column_name="dob",
        comparison_levels=[
            _custom(
                "(dob_l IS NULL OR dob_r IS NULL) AND (birth_year_min_l IS NULL OR birth_year_min_r IS NULL)",
                "no date of birth or age on one side",
            ).configure(is_null_level=True),
            cll.ExactMatchLevel("dob_text"),
            _custom("dob_swapped_l = dob_text_r", "day and month swapped"),
            cll.DamerauLevenshteinLevel("dob_text", 1),
            cll.AbsoluteDateDifferenceLevel("dob", input_is_string=False, threshold=1, metric="month"),
            _custom(f"{_PARTIAL} AND {_NARROW}", AGE_AGREES),
            _custom(_PARTIAL, ADULT_AGREES),
            cll.AbsoluteDateDifferenceLevel("dob", input_is_string=False, threshold=1, metric="year"),
            cll.AbsoluteDateDifferenceLevel("dob", input_is_string=False, threshold=10, metric="year"),
            cll.ElseLevel(),
        ],
    )
    # One comparison for where a person lives: a postcode and its address line are not independent
    # evidence (a person who moved differs on both), so scoring them apart counted a move twice.
    same_postcode = cll.ExactMatchLevel("postcode_filled")
    postcode = cl.CustomComparison(
        output_column_name="postcode",
        comparison_levels=[
            cll.NullLevel("postcode_filled"),
            cll.And(same_postcode, cll.ExactMatchLevel("address_filled")).configure(
                label_for_charts="same postcode and address line"
            ),
            cll.And(same_postcode, cll.JaroWinklerLevel("address_filled", 0.9)).configure(
                label_for_charts="same postcode, address line alike"
            ),
            cll.ExactMatchLevel("postcode_filled").configure(
                tf_adjustment_column="postcode_filled", label_for_charts="same postcode"
            ),
            cll.ExactMatchLevel("postcode_sector").configure(label_for_charts="same postcode sector"),
            cll.ExactMatchLevel("postcode_district").configure(label_for_charts="same postcode district"),
            cll.ElseLevel(),
        ],
    )
    # Named alongside the same person (a child's mother in its health visiting and school records): known
    # only after a first clustering, and evidence only with a first name and birth years that agree (a
    # child's father, and a son named after him, are named alongside it too). Not sharing one says
    # nothing, so the other level is neutral.
    companion = cl.CustomComparison(
        output_column_name="companions",
        comparison_levels=[
            cll.NullLevel("companions"),
            cll.And(
                cll.ArrayIntersectLevel("companions"),
                cll.Or(cll.ArrayIntersectLevel("first_name_forms"), cll.JaroWinklerLevel("first_name", 0.92)),
                _custom(
                    f"birth_year_min_l IS NULL OR birth_year_min_r IS NULL OR ({_OVERLAP})", "years agree"
                ),
            ).configure(label_for_charts=ALONGSIDE),
            cll.ElseLevel(),
        ],
    )
    return [
        first_name,
        surname,
        dob,
        postcode,
        *(_identifier(name) for name in ("nhs_number", "upn", "ni_number", "local_ref", "slot_ref")),
        _identifier("sex"),
        companion,
    ]


def _identifier(column: str) -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name=column,
        comparison_levels=[cll.NullLevel(column), cll.ExactMatchLevel(column), cll.ElseLevel()],
    )


def prediction_rules() -> list[BlockingRuleCreator | dict[str, Any]]:
    """Blocking rules for scoring: each is a small block even at county scale (checked with
    ``count_comparisons_from_blocking_rules``; the counts go into every run record)."""
    return [
        block_on("nhs_number"),
        block_on("upn"),
        block_on("ni_number"),
        block_on("local_ref"),
        block_on("slot_ref"),
        block_on("dob", "surname"),
        block_on("dob", "first_name_canonical"),
        block_on("postcode_filled", "first_name_canonical"),
        block_on("postcode_filled", "surname"),
    ]


def companion_rules() -> list[BlockingRuleCreator | dict[str, Any]]:
    """The second scoring pass: pairs of mentions named alongside the same first-pass person."""
    return [block_on("companions", arrays_to_explode=["companions"])]


def training_rules() -> list[BlockingRuleCreator]:
    """EM blocks: one that leaves names and postcode free; two (pairs sharing a pupil or NHS number,
    nearly all the same person) that show how dates of birth and names vary within a person. Blocking on
    names to train dates would mistake same-named relatives at one address for one person."""
    return [block_on("dob"), block_on("upn"), block_on("nhs_number")]


def deterministic_rules() -> list[str | BlockingRuleCreator]:
    """Near-certain matches, for estimating λ (the chance two random mentions are the same person)."""
    return [
        block_on("nhs_number"),
        block_on("upn"),
        block_on("first_name", "surname", "dob"),
    ]


DETERMINISTIC_RECALL = 0.8


def settings(blocking: list[BlockingRuleCreator | dict[str, Any]] | None = None) -> SettingsCreator:
    return SettingsCreator(
        link_type="dedupe_only",
        comparisons=comparisons(),
        blocking_rules_to_generate_predictions=prediction_rules() if blocking is None else blocking,
        retain_intermediate_calculation_columns=True,
        retain_matching_columns=False,
        additional_columns_to_retain=["mention_key"],
    )


@dataclass(frozen=True)
class LevelParameters:
    label: str
    m: float | None
    u: float | None


@dataclass(frozen=True)
class ModelParameters:
    """What training learned: λ and each comparison's levels (null levels excluded) in order."""

    probability_two_random_records_match: float
    comparisons: dict[str, list[LevelParameters]]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ModelParameters:
        return cls(
            float(data["probability_two_random_records_match"]),
            {
                name: [LevelParameters(**level) for level in levels]
                for name, levels in data["comparisons"].items()
            },
        )

    @classmethod
    def from_linker(cls, linker: Linker) -> ModelParameters:
        model = linker.misc.save_model_to_json()
        return cls(
            float(model["probability_two_random_records_match"]),
            {
                c["output_column_name"]: [
                    LevelParameters(
                        level.get("label_for_charts", ""),
                        level.get("m_probability"),
                        level.get("u_probability"),
                    )
                    for level in c["comparison_levels"]
                    if not level.get("is_null_level")
                ]
                for c in model["comparisons"]
            },
        )

    def with_m_floor(self, floor: float) -> ModelParameters:
        return ModelParameters(
            self.probability_two_random_records_match,
            {
                name: [LevelParameters(lv.label, max(lv.m or 0.0, floor), lv.u) for lv in levels]
                for name, levels in self.comparisons.items()
            },
        )

    def settings_dict(
        self, sql_dialect: str, blocking: list[BlockingRuleCreator | dict[str, Any]] | None = None
    ) -> dict[str, Any]:
        """The code's settings for ``sql_dialect`` (and ``blocking``, else the prediction rules) with these
        parameters filled in."""
        built = settings(blocking).create_settings_dict(sql_dialect_str=sql_dialect)
        built["probability_two_random_records_match"] = self.probability_two_random_records_match
        for comparison in built["comparisons"]:
            learned = self.comparisons[comparison["output_column_name"]]
            levels = [level for level in comparison["comparison_levels"] if not level.get("is_null_level")]
            if len(levels) != len(learned):
                raise ValueError(
                    f"saved parameters do not fit comparison {comparison['output_column_name']!r}"
                )
            for level, params in zip(levels, learned, strict=True):
                level["m_probability"] = params.m
                level["u_probability"] = params.u
        return built


def train(
    linker: Linker, partial_share: dict[str, float], *, u_pairs: float, em_sample: float, seed: int = 1
) -> ModelParameters:
    """Unsupervised training: λ from deterministic rules, u by random sampling, m by EM on three blocks.

    The two partial-date levels (an age only; an undated adult) cannot be seen by EM in blocks of
    dated pairs, so their m comes from the data: if a share q of mentions is dated that way, a true pair
    has one such side with probability 2q(1 - q) (``partial_share`` gives q by level label)."""
    training = linker.training
    training.estimate_probability_two_random_records_match(deterministic_rules(), recall=DETERMINISTIC_RECALL)
    training.estimate_u_using_random_sampling(max_pairs=u_pairs, seed=seed)
    for rule in training_rules():
        training.estimate_parameters_using_expectation_maximisation(
            rule, record_sample_proportion=em_sample, max_pairs=5_000_000
        )
    learned = ModelParameters.from_linker(linker).with_m_floor(M_FLOOR)
    dob = [
        LevelParameters(lv.label, 2 * partial_share[lv.label] * (1 - partial_share[lv.label]), lv.u)
        if lv.label in partial_share and partial_share[lv.label] > 0
        else lv
        for lv in learned.comparisons["dob"]
    ]
    return ModelParameters(
        learned.probability_two_random_records_match,
        {
            **learned.comparisons,
            "dob": dob,
            "slot_ref": _slot_levels(learned),
            "companions": _companion_levels(learned),
        },
    )


def _slot_levels(learned: ModelParameters) -> list[LevelParameters]:
    """``slot_ref`` is seldom seen by EM (slot holders are undated): an equal slot is evidence like an
    equal partner id, so it takes ``local_ref``'s m; a different slot is no evidence either way (a mother
    is a contact on each of her children's records), so its m equals its u."""
    exact, other = learned.comparisons["slot_ref"]
    return [
        LevelParameters(exact.label, learned.comparisons["local_ref"][0].m, exact.u),
        LevelParameters(other.label, other.u, other.u),
    ]


def _companion_levels(learned: ModelParameters) -> list[LevelParameters]:
    """Training never sees companions (they come from the first clustering): being named alongside the
    same person with the same first name is evidence like an equal partner id (``local_ref``'s m and u);
    the other level is neutral."""
    exact = learned.comparisons["local_ref"][0]
    return [LevelParameters(ALONGSIDE, exact.m, exact.u), LevelParameters("All other comparisons", 1.0, 1.0)]


M_FLOOR = 1e-4
"""The least m of any level: a pattern training barely saw (a hyphenated surname matching on one part,
an NHS number that differs) is weak evidence, never the near-certain veto an m of 0 would make it."""
