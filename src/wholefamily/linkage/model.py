"""The Splink model in code: comparisons, blocking and training, and its trained parameters as data.

The comparisons are written once here and built for whichever backend runs them (DuckDB or Spark); which
of them a run uses, and its blocking and training rules, come from its plan (``plan.py``, chosen from the
mentions). What a run learns (λ and each level's m and u) is kept as plain data with its plan
(:class:`ModelParameters`) and applied to a freshly built settings dictionary, so a model trained on
DuckDB scores identically on Spark.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import Linker, SettingsCreator
from splink.internals.blocking_rule_creator import BlockingRuleCreator
from splink.internals.comparison_creator import ComparisonCreator
from splink.internals.comparison_level_creator import ComparisonLevelCreator
from splink.internals.dialects import SplinkDialect

from wholefamily.linkage.plan import NAMES_SWAPPED, POSTCODES_NOT_UK, LinkagePlan
from wholefamily.linkage.prepare import IDENTIFIER_PREFIX
from wholefamily.linkage.profile import Profile
from wholefamily.linkage.rules import Rule

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
NICKNAME = "nickname or formal name"
NEAR_SPELLING = "Jaro-Winkler distance of first_name >= 0.92"  # Splink's own label for the level


class _CrossedNames(ComparisonLevelCreator):
    """A first name alike the other side's surname (a name written surname first, into the wrong field),
    in any backend's Jaro-Winkler: both names swapped, or only one (the other changed too). Only the
    first-name comparison has these levels: the surname comparison scores such a pair as different,
    which EM learns, so a swap counts once."""

    def __init__(self, *, both: bool) -> None:
        self.both = both

    def create_sql(self, sql_dialect: SplinkDialect) -> str:
        jw = sql_dialect.jaro_winkler_function_name
        # the first letters compared first: most pairs differ there, and the similarity is costly
        one = f"left(first_name_l, 1) = left(surname_r, 1) AND {jw}(first_name_l, surname_r) >= {_CROSSED_SIMILARITY}"
        other = f"left(surname_l, 1) = left(first_name_r, 1) AND {jw}(surname_l, first_name_r) >= {_CROSSED_SIMILARITY}"
        return f"{one} AND {other}" if self.both else f"({one} OR {other})"

    def create_label_for_charts(self) -> str:
        return "first name and surname swapped" if self.both else "a first name is the other's surname"


_CROSSED_SIMILARITY = 0.88


def _first_name(swapped: bool) -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="first_name",
        comparison_levels=[
            cll.NullLevel("first_name"),
            cll.ExactMatchLevel("first_name").configure(tf_adjustment_column="first_name"),
            cll.JaroWinklerLevel("first_name", 0.92),
            *([_CrossedNames(both=True)] if swapped else []),
            cll.ArrayIntersectLevel("first_name_forms").configure(label_for_charts=NICKNAME),
            cll.ArrayIntersectLevel("given_names").configure(label_for_charts="first name among given names"),
            *([_CrossedNames(both=False)] if swapped else []),
            cll.JaroWinklerLevel("first_name", 0.8),
            cll.ElseLevel(),
        ],
    )


def _middle_names() -> cl.CustomComparison:
    """Middle names where both records give them: equal, the first of them equal (one record gives only
    the first), or the same initial. Not weighed by how common each is: their u is that of namesakes
    (``train``), which a term frequency would replace."""
    return cl.CustomComparison(
        output_column_name="middle_names",
        comparison_levels=[
            cll.NullLevel("middle_names"),
            cll.ExactMatchLevel("middle_names"),
            _custom(
                "split_part(middle_names_l, ' ', 1) = split_part(middle_names_r, ' ', 1)", "first middle name"
            ),
            _custom("left(middle_names_l, 1) = left(middle_names_r, 1)", "same initial"),
            cll.ElseLevel(),
        ],
    )


def _surname() -> cl.CustomComparison:
    return cl.CustomComparison(
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


def _dob() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="dob",
        comparison_levels=[
            _custom(
                "(dob_l IS NULL OR dob_r IS NULL) AND (birth_year_min_l IS NULL OR birth_year_min_r IS NULL)",
                "no date of birth or age on one side",
            ).configure(is_null_level=True),
            cll.ExactMatchLevel("dob_text").configure(tf_adjustment_column="dob_text"),
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


def _postcode(not_uk: bool) -> cl.CustomComparison:
    """One comparison for where a person lives: a postcode and its address line are not independent
    evidence (a person who moved differs on both), so scoring them apart counted a move twice. A UK
    postcode that differs is compared by sector and district; where some postcodes are not UK ones
    (``not_uk``), two such that differ are compared as a mistyped postcode: the same address line, or
    one keystroke apart (with the address line alike, or not)."""
    same_postcode = cll.ExactMatchLevel("postcode_filled")
    mistyped = [
        cll.And(_not_uk(), cll.ExactMatchLevel("address_filled")).configure(
            label_for_charts="same address line, postcode differs"
        ),
        cll.And(_not_uk(), cll.DamerauLevenshteinLevel("postcode_filled", 1), _address_alike()).configure(
            label_for_charts="postcode one character apart, address line alike"
        ),
        cll.And(_not_uk(), cll.DamerauLevenshteinLevel("postcode_filled", 1)).configure(
            label_for_charts="postcode one character apart"
        ),
    ]
    return cl.CustomComparison(
        output_column_name="postcode",
        comparison_levels=[
            cll.NullLevel("postcode_filled"),
            cll.And(same_postcode, cll.ExactMatchLevel("address_filled")).configure(
                label_for_charts="same postcode and address line"
            ),
            cll.And(same_postcode, _address_alike()).configure(
                label_for_charts="same postcode, address line alike"
            ),
            cll.ExactMatchLevel("postcode_filled").configure(
                tf_adjustment_column="postcode_filled", label_for_charts="same postcode"
            ),
            *(mistyped if not_uk else []),
            cll.ExactMatchLevel("postcode_sector").configure(label_for_charts="same postcode sector"),
            cll.ExactMatchLevel("postcode_district").configure(label_for_charts="same postcode district"),
            cll.ElseLevel(),
        ],
    )


def _not_uk() -> cll.CustomLevel:
    """Neither postcode is a UK one (the condition first: the distances after it are costly)."""
    return _custom("postcode_sector_l IS NULL AND postcode_sector_r IS NULL", "not UK postcodes")


def _address_alike() -> cll.JaroWinklerLevel:
    return cll.JaroWinklerLevel("address_filled", 0.9)


def _companions() -> cl.CustomComparison:
    """Named alongside the same person (a child's mother in its health visiting and school records): known
    only after a first clustering, and evidence only with a first name and birth years that agree (a
    child's father, and a son named after him, are named alongside it too). Not sharing one says
    nothing, so the other level is neutral."""
    return cl.CustomComparison(
        output_column_name="companions",
        comparison_levels=[cll.NullLevel("companions"), _alongside(), cll.ElseLevel()],
    )


def _alongside() -> ComparisonLevelCreator:
    return cll.And(cll.ArrayIntersectLevel("companions"), _names_and_years_agree()).configure(
        label_for_charts=ALONGSIDE
    )


def _names_and_years_agree() -> ComparisonLevelCreator:
    return cll.And(
        cll.Or(cll.ArrayIntersectLevel("first_name_forms"), cll.JaroWinklerLevel("first_name", 0.92)),
        _custom(f"birth_year_min_l IS NULL OR birth_year_min_r IS NULL OR ({_OVERLAP})", "years agree"),
    )


def comparisons(plan: LinkagePlan) -> list[ComparisonCreator | dict[str, Any]]:
    """The plan's comparisons: names and dates for English records, where people live, and each
    identifier (and sex) as an exact match."""
    builders: dict[str, Callable[[], cl.CustomComparison]] = {
        "first_name": lambda: _first_name(NAMES_SWAPPED in plan.levels),
        "middle_names": _middle_names,
        "surname": _surname,
        "dob": _dob,
        "postcode": lambda: _postcode(POSTCODES_NOT_UK in plan.levels),
        "companions": _companions,
    }
    return [builders[name]() if name in builders else _identifier(name) for name in plan.comparisons]


def _identifier(column: str) -> cl.CustomComparison:
    """Equal or not; an identifier of a named type (``id_...``), which ingest does not check, may also
    be one keystroke apart (a check digit makes that a different NHS number, UPN or NI number)."""
    typo = [cll.DamerauLevenshteinLevel(column, 1)] if column.startswith(IDENTIFIER_PREFIX) else []
    return cl.CustomComparison(
        output_column_name=column,
        comparison_levels=[cll.NullLevel(column), cll.ExactMatchLevel(column), *typo, cll.ElseLevel()],
    )


def prediction_rules(plan: LinkagePlan) -> list[BlockingRuleCreator | dict[str, Any]]:
    """Blocking rules for scoring (their counts go into every run record)."""
    return [rule.splink(apart=plan.apart) for rule in plan.prediction]


#: The second scoring pass: pairs of mentions named alongside the same first-pass person, with first names
#: and birth years that agree. These are the only pairs whose weight the companions comparison changes (its
#: other level is neutral, and the first pass had no companions), so the rest keep their first score.
COMPANIONS = Rule(("companions",), ("companions",), level=_names_and_years_agree())


DETERMINISTIC_RECALL = 0.8


def settings(
    plan: LinkagePlan, blocking: list[BlockingRuleCreator | dict[str, Any]] | None = None
) -> SettingsCreator:
    return SettingsCreator(
        link_type="dedupe_only",
        comparisons=comparisons(plan),
        blocking_rules_to_generate_predictions=prediction_rules(plan) if blocking is None else blocking,
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
    """What a run compares (its plan) and what training learned: λ and each comparison's levels (null
    levels excluded) in order."""

    plan: LinkagePlan
    probability_two_random_records_match: float
    comparisons: dict[str, list[LevelParameters]]

    def to_json(self) -> dict[str, Any]:
        return {
            "plan": self.plan.to_json(),
            "probability_two_random_records_match": self.probability_two_random_records_match,
            "comparisons": {name: [asdict(lv) for lv in levels] for name, levels in self.comparisons.items()},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ModelParameters:
        return cls(
            LinkagePlan.from_json(data["plan"]),
            float(data["probability_two_random_records_match"]),
            {
                name: [LevelParameters(**level) for level in levels]
                for name, levels in data["comparisons"].items()
            },
        )

    @classmethod
    def from_linker(cls, plan: LinkagePlan, linker: Linker) -> ModelParameters:
        model = linker.misc.save_model_to_json()
        return cls(
            plan,
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

    def with_levels(self, changed: dict[str, list[LevelParameters]]) -> ModelParameters:
        return ModelParameters(
            self.plan, self.probability_two_random_records_match, {**self.comparisons, **changed}
        )

    def settings_dict(
        self, sql_dialect: str, blocking: list[BlockingRuleCreator | dict[str, Any]] | None = None
    ) -> dict[str, Any]:
        """The plan's settings for ``sql_dialect`` (and ``blocking``, else the plan's prediction rules)
        with these parameters filled in."""
        built = settings(self.plan, blocking).create_settings_dict(sql_dialect_str=sql_dialect)
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

    def level_weight(self, comparison: str, label: str) -> float:
        """The match weight Splink's scoring gives a level of ``comparison`` (the one labelled ``label``):
        a pair's match weight is the sum of its levels' weights and the prior's."""
        built = SettingsCreator.from_path_or_dict(self.settings_dict("duckdb")).get_settings("duckdb")
        for found in built.comparisons:
            if found.output_column_name == comparison:
                for level in found.comparison_levels:
                    if level.label_for_charts == label:
                        return float(level._match_weight)
        raise ValueError(f"comparison {comparison!r} has no level {label!r}")


def train(
    linker: Linker, plan: LinkagePlan, *, u_pairs: float, em_sample: float, seed: int = 1
) -> ModelParameters:
    """Unsupervised training: λ from the plan's deterministic rules, u by random sampling, m by EM in the
    plan's blocks.

    The two partial-date levels (an age only; an undated adult) cannot be seen by EM in blocks of
    dated pairs, so their m comes from the data: if a share q of mentions is dated that way, a true pair
    has one such side with probability 2q(1 - q). Their u is counted from the data too (the share of all
    pairs at the level): random sampling sees them too seldom to estimate it the same at every scale."""
    training = linker.training
    training.estimate_probability_two_random_records_match(
        [rule.splink(apart=plan.apart) for rule in plan.deterministic], recall=DETERMINISTIC_RECALL
    )
    training.estimate_u_using_random_sampling(max_pairs=u_pairs, seed=seed)
    for rule in plan.training:
        training.estimate_parameters_using_expectation_maximisation(
            rule.splink(apart=plan.apart),
            record_sample_proportion=em_sample,
            max_pairs=5_000_000,
            estimate_without_term_frequencies=True,
        )
    learned = _floored(ModelParameters.from_linker(plan, linker))
    changed: dict[str, list[LevelParameters]] = {}
    if "dob" in learned.comparisons and plan.profile is not None:
        profile = plan.profile
        share = {AGE_AGREES: profile.age_only, ADULT_AGREES: profile.adult_only}
        pairs = {AGE_AGREES: profile.partial_pairs["age"], ADULT_AGREES: profile.partial_pairs["adult"]}
        changed["dob"] = [
            LevelParameters(lv.label, 2 * share[lv.label] * (1 - share[lv.label]), pairs[lv.label])
            if share.get(lv.label, 0.0) > 0 and pairs[lv.label] > 0
            else lv
            for lv in learned.comparisons["dob"]
        ]
    if "first_name" in learned.comparisons:
        changed["first_name"] = _nickname_levels(learned.comparisons["first_name"])
    if "middle_names" in learned.comparisons and plan.profile and plan.profile.namesake_middle_names:
        changed["middle_names"] = namesake_levels(learned.comparisons["middle_names"], plan.profile)
    if "slot_ref" in learned.comparisons:
        changed["slot_ref"] = _slot_levels(learned)
    if "companions" in learned.comparisons and plan.anchor is not None:
        changed["companions"] = _companion_levels(learned, plan.anchor)
    return learned.with_levels(changed)


def _floored(learned: ModelParameters) -> ModelParameters:
    """Every level's m at least ``M_FLOOR``."""
    return learned.with_levels(
        {
            name: [LevelParameters(lv.label, max(lv.m or 0.0, M_FLOOR), lv.u) for lv in levels]
            for name, levels in learned.comparisons.items()
        }
    )


def namesake_levels(levels: list[LevelParameters], profile: Profile) -> list[LevelParameters]:
    """Middle names' u among namesakes, not among all pairs: middle names are compared where first name and
    surname already agree, and there they agree far more often by chance (``profile``). Random sampling's u
    made equal middle names near-proof, and at 1,000,000 residents joined thousands of namesakes."""
    agree = profile.namesake_middle_names  # a level never seen keeps no u (``None``), as Splink left it
    chance = [max(share, lv.u or 0.0) or lv.u for share, lv in zip(agree, levels, strict=False)]
    rest = max(1.0 - sum(u or 0.0 for u in chance), M_FLOOR)
    return [
        LevelParameters(lv.label, lv.m, chance[i] if i < len(chance) else rest) for i, lv in enumerate(levels)
    ]


def _nickname_levels(levels: list[LevelParameters]) -> list[LevelParameters]:
    """A known nickname or formal name (KATE, KATHERINE) is evidence at least as strong as a near-identical
    spelling. Most files hold few nicknames, so EM learns an m for them close to their u, and a mother named
    KATE on a school contact never met KATHERINE of the same surname and address on a health record."""
    near = next((lv.m for lv in levels if lv.label == NEAR_SPELLING), None)
    if near is None:
        return levels
    return [
        LevelParameters(lv.label, max(lv.m or 0.0, near), lv.u) if lv.label == NICKNAME else lv
        for lv in levels
    ]


def _slot_levels(learned: ModelParameters) -> list[LevelParameters]:
    """``slot_ref`` is seldom seen by EM (slot holders are undated): an equal slot is evidence like an
    equal partner id, so it takes ``local_ref``'s m; a different slot is no evidence either way (a mother
    is a contact on each of her children's records), so its m equals its u."""
    exact, other = learned.comparisons["slot_ref"]
    return [
        LevelParameters(exact.label, learned.comparisons["local_ref"][0].m, exact.u),
        LevelParameters(other.label, other.u, other.u),
    ]


def _companion_levels(learned: ModelParameters, anchor: str) -> list[LevelParameters]:
    """Training never sees companions (they come from the first clustering): being named alongside the
    same person with the same first name is evidence like an equal identifier of one person (the
    plan's anchor, a partner's own id where there is one: its m and u); the other level is neutral."""
    exact = learned.comparisons[anchor][0]
    return [LevelParameters(ALONGSIDE, exact.m, exact.u), LevelParameters("All other comparisons", 1.0, 1.0)]


M_FLOOR = 1e-4
"""The least m of any level: a pattern training barely saw (a hyphenated surname matching on one part,
an NHS number that differs) is weak evidence, never the near-certain veto an m of 0 would make it."""
