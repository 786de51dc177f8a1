"""The model chosen for the mentions being linked: which comparisons, which blocking rules for scoring,
which deterministic rules estimate λ and which blocks EM learns m in, each from what the sources hold.

The rules (docs/pipeline-decisions.md, "Linkage"):

* **Comparisons.** First name, middle names and surname, date of birth (a date, an age or an adult role), where a person
  lives (a postcode) and sex, each when some mention has it. Every identifier (NHS number, UPN, NI number,
  a partner's own person id, each named identifier type) is an exact-match comparison when two mentions
  share a value: one that never repeats can never agree. The slot in someone else's record, when two
  mentions share one. Companions (named alongside the same person), when partner records name several
  people and an identifier of one person is compared to borrow its m and u from.
* **Scoring blocks.** Every compared identifier; date of birth with surname and with first name; postcode
  with first name and with surname; for a mention with neither an address nor an identifier (which only
  its name and date can find), first name, surname and birth year (an age gives two years, so an age-only
  mention meets a dated one; between two mentions that both have an address or an identifier it only
  added namesakes: at 100,000 residents precision fell from 0.99954 to 0.99939); first name, middle
  names and surname. And the broad rules (first name and surname; date of birth alone; postcode alone)
  when each makes at most ``BROAD_PAIRS_PER_MENTION`` pairs per mention, as in a small file or a field
  with many distinct values.
* **λ (deterministic rules).** Each identifier of one person (of the pairs sharing it, at least
  ``ONE_PERSON`` agree on first name or date of birth: a household's or a case's reference does not), and
  exact first name, surname and date of birth (without dates of birth: and address).
* **EM blocks.** Date of birth (names and addresses vary freely in it); the two identifiers of one person
  shared by most pairs, those that several sources hold before a partner's own id (dates of birth and
  names vary within a person, most between two partners' systems); then, for a comparison no block
  yet trains, first name with surname, or postcode with address line. A block needs
  ``MIN_TRAINING_PAIRS`` pairs. A comparison no block can train is left out; names that cannot be trained,
  or no block at all, stop the run with what is missing.
* **Optional levels.** Swapped names, where pairs sharing a date of birth often have them swapped;
  a mistyped postcode, where some postcodes are not UK ones.
* A source that holds one record per person (``one_record_per_person`` in its config) is never paired
  within one of its deliveries, by any rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from wholefamily.linkage.errors import LinkageError
from wholefamily.linkage.profile import Profile
from wholefamily.linkage.rules import Rule

FIXED_IDENTIFIERS = ("nhs_number", "upn", "ni_number", "local_ref")
#: Broad rules are used up to this many pairs per mention (FEBRL's 10,000 records: under 3; our own
#: authority at 20,000 residents: 5 to 67, so none).
BROAD_PAIRS_PER_MENTION = 4.0
#: Share of the pairs sharing an identifier that agree on first name or date of birth, above which it is
#: taken to name one person (a pupil number: over 0.95; a household reference: far lower).
ONE_PERSON = 0.8
MIN_TRAINING_PAIRS = 200
#: The optional levels: names swapped (first name in the surname field), where pairs sharing a date of
#: birth have them swapped at least ``SWAPPED_NAMES`` as often as they have equal first names (FEBRL: 7%;
#: our own authority: 0.09%); a mistyped postcode (the same address line, or one keystroke apart), where
#: some postcodes are not UK ones (a UK postcode is compared by sector and district instead). Each costs
#: time: Splink samples u until every level is seen often, which a rare level never is.
NAMES_SWAPPED = "names swapped"
POSTCODES_NOT_UK = "postcodes not UK"
SWAPPED_NAMES = 0.01
#: Identifier blocks EM learns in (the ones most pairs share), besides date of birth.
TRAINING_IDENTIFIERS = 2

#: The columns each comparison reads: a block on any of them cannot train it.
COMPARISON_COLUMNS: dict[str, frozenset[str]] = {
    "first_name": frozenset({"first_name", "first_name_forms", "given_names"}),
    "middle_names": frozenset({"middle_names"}),
    "surname": frozenset({"surname", "surname_parts"}),
    "dob": frozenset({"dob", "dob_text", "dob_swapped", "birth_year_min", "birth_year_max"}),
    "postcode": frozenset({"postcode_filled", "address_filled", "postcode_sector", "postcode_district"}),
    "sex": frozenset({"sex"}),
}
#: Comparisons whose m and u are set after training, never learned by EM.
DERIVED = ("slot_ref", "companions")

#: Exact names with a date of birth, else (no dates of birth) with an address: near-certain matches for λ.
_NAMES_EXACT = (
    Rule(("first_name", "surname", "dob")),
    Rule(("first_name", "surname", "postcode_filled", "address_filled")),
)
_NAME_RULES = (
    Rule(("dob", "surname")),
    Rule(("dob", "first_name_canonical")),
    Rule(("postcode_filled", "first_name_canonical")),
    Rule(("postcode_filled", "surname")),
    Rule(("first_name_canonical", "middle_names", "surname")),
    Rule(("first_name_canonical", "surname", "birth_years"), ("birth_years",), "no_address_or_identifier"),
)
_BROAD_RULES = (Rule(("first_name_canonical", "surname")), Rule(("dob",)), Rule(("postcode_filled",)))
_FALLBACK_TRAINING = (Rule(("first_name", "surname")), Rule(("postcode_filled", "address_filled")))


@dataclass(frozen=True)
class LinkagePlan:
    """What a run compares and how it blocks and trains; saved with the run's model."""

    comparisons: tuple[str, ...]
    prediction: tuple[Rule, ...]
    deterministic: tuple[Rule, ...]
    training: tuple[Rule, ...]
    apart: bool  # some source holds one record per person: every rule leaves out pairs within it
    anchor: str | None  # the identifier whose m and u companions borrow
    levels: tuple[str, ...]  # optional comparison levels the data call for (``OPTIONAL_LEVELS``)
    reasons: dict[str, str] = field(default_factory=dict)
    profile: Profile | None = None

    def reads(self) -> set[str]:
        """The input columns the plan's comparisons and rules read (a model fits mentions that have them)."""
        compared = (COMPARISON_COLUMNS.get(c, frozenset({c})) for c in self.comparisons)
        rules = (r for rules in (self.prediction, self.deterministic, self.training) for r in rules)
        return set().union(*compared, *(r.reads() for r in rules))

    def to_json(self) -> dict[str, Any]:
        return {
            "comparisons": list(self.comparisons),
            "prediction": [r.to_json() for r in self.prediction],
            "deterministic": [r.to_json() for r in self.deterministic],
            "training": [r.to_json() for r in self.training],
            "apart": self.apart,
            "anchor": self.anchor,
            "levels": list(self.levels),
            "reasons": self.reasons,
            "profile": self.profile.to_json() if self.profile else None,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LinkagePlan:
        return cls(
            tuple(data["comparisons"]),
            tuple(Rule.from_json(r) for r in data["prediction"]),
            tuple(Rule.from_json(r) for r in data["deterministic"]),
            tuple(Rule.from_json(r) for r in data["training"]),
            bool(data["apart"]),
            data["anchor"],
            tuple(data["levels"]),
            dict(data["reasons"]),
            Profile.from_json(data["profile"]) if data.get("profile") else None,
        )


def candidate_rules(identifiers: list[str]) -> list[Rule]:
    """Every rule a plan may use, for the profile to count."""
    ids = [Rule((c,)) for c in [*identifiers, "slot_ref"]]
    return [*ids, *_NAME_RULES, *_BROAD_RULES, *_NAMES_EXACT, *_FALLBACK_TRAINING]


def choose_plan(profile: Profile) -> LinkagePlan:
    """The plan for these mentions, by the rules in this module's docstring."""
    reasons: dict[str, str] = {}
    pairs = profile.pairs
    shared = [c for c in profile.identifiers if pairs[Rule((c,)).key] > 0]
    for c in profile.identifiers:
        if c not in shared:
            reasons[c] = "left out: no two mentions share a value"
    one_person = [c for c in shared if profile.one_person[c] >= ONE_PERSON]
    base = [c for c, column in _BASE_FIELDS if profile.filled.get(column, 0.0) > 0]
    for c, column in _BASE_FIELDS:
        if c not in base:
            reasons[c] = f"left out: no mention has {column}"
    training = _training_rules(profile, one_person, reasons)
    for c in base + shared:
        if not _trained(c, training):
            reasons[c] = "left out: no training block leaves it free to vary"
    trainable = [c for c in base if _trained(c, training)]
    shared = [c for c in shared if _trained(c, training)]
    if not {"first_name", "surname"} & set(trainable):
        raise LinkageError(
            "cannot learn how names vary: fewer than "
            f"{MIN_TRAINING_PAIRS} pairs of mentions share a date of birth, an identifier of one person or "
            "an address"
        )
    slot = ["slot_ref"] if pairs[Rule(("slot_ref",)).key] > 0 and "local_ref" in shared else []
    anchor = "local_ref" if "local_ref" in shared else (_most_shared(profile, one_person) or None)
    companions = ["companions"] if profile.shared_records and anchor else []
    comparisons = (
        [c for c in trainable if c != "sex"]
        + shared
        + slot
        + (["sex"] if "sex" in trainable else [])
        + companions
    )
    deterministic = [Rule((c,)) for c in one_person]
    deterministic += [next((r for r in _NAMES_EXACT if pairs[r.key] > 0), _NAMES_EXACT[0])]
    if not any(pairs[r.key] for r in deterministic):
        raise LinkageError(
            "cannot estimate how many pairs are one person: no two mentions share an identifier of one "
            "person, or a first name and surname with a date of birth or an address"
        )
    prediction = [Rule((c,)) for c in shared + slot]
    prediction += [r for r in _NAME_RULES if pairs.get(r.key, 0) > 0]
    budget = BROAD_PAIRS_PER_MENTION * profile.mentions
    for rule in _BROAD_RULES:
        if 0 < pairs[rule.key] <= budget:
            prediction.append(rule)
        elif pairs[rule.key] > budget:
            reasons[rule.key] = f"not a scoring block: {pairs[rule.key]:,} pairs, over {budget:,.0f}"
    return LinkagePlan(
        tuple(comparisons),
        tuple(prediction),
        tuple(deterministic),
        tuple(training),
        bool(profile.one_record_per_person),
        anchor,
        _levels(profile, reasons),
        reasons,
        profile,
    )


def _levels(profile: Profile, reasons: dict[str, str]) -> tuple[str, ...]:
    chosen = []
    if profile.swapped_names >= SWAPPED_NAMES:
        chosen.append(NAMES_SWAPPED)
    else:
        reasons[NAMES_SWAPPED] = (
            f"no level: {profile.swapped_names:.2%} of pairs, fewer than {SWAPPED_NAMES:.0%}"
        )
    if profile.postcodes_not_uk > 0:
        chosen.append(POSTCODES_NOT_UK)
    else:
        reasons[POSTCODES_NOT_UK] = "no level: every postcode is a UK one"
    return tuple(chosen)


_BASE_FIELDS = (
    ("first_name", "first_name"),
    ("middle_names", "middle_names"),
    ("surname", "surname"),
    ("dob", "birth_year_min"),
    ("postcode", "postcode_filled"),
    ("sex", "sex"),
)


def _training_rules(profile: Profile, one_person: list[str], reasons: dict[str, str]) -> list[Rule]:
    def enough(rule: Rule) -> bool:
        return profile.pairs[rule.key] >= MIN_TRAINING_PAIRS

    chosen = [Rule(("dob",))] if enough(Rule(("dob",))) else []
    # identifiers shared across sources first: a partner's own id pairs records the same system keeps,
    # which vary less than a person's records in two partners' systems
    ids = sorted(one_person, key=lambda c: (c == "local_ref", -profile.pairs[Rule((c,)).key]))
    chosen += [r for r in (Rule((c,)) for c in ids) if enough(r)][:TRAINING_IDENTIFIERS]
    for rule in _FALLBACK_TRAINING:
        if enough(rule) and any(not _trained(c, chosen) and _trained(c, [rule]) for c in COMPARISON_COLUMNS):
            chosen.append(rule)
    if not chosen:
        raise LinkageError(
            f"nothing to train the model on: fewer than {MIN_TRAINING_PAIRS} pairs of mentions share a date "
            "of birth, an identifier of one person, a first name and surname, or an address"
        )
    for rule in (Rule(("dob",)), *_FALLBACK_TRAINING):
        if rule not in chosen:
            reasons[f"training on {rule.key}"] = (
                "not needed: other blocks train every comparison"
                if enough(rule)
                else f"too few pairs ({profile.pairs[rule.key]:,})"
            )
    return chosen


def _trained(comparison: str, rules: list[Rule]) -> bool:
    """Whether some block leaves the comparison's columns free (Splink trains it there)."""
    columns = COMPARISON_COLUMNS.get(comparison, frozenset({comparison}))
    return any(not columns & set(r.columns) for r in rules)


def _most_shared(profile: Profile, identifiers: list[str]) -> str:
    return max(identifiers, key=lambda c: profile.pairs[Rule((c,)).key], default="")
