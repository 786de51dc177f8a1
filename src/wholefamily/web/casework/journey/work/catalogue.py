"""The intervention catalogue (``casework/data/interventions.yaml``, built by scripts/build_interventions.py) and
the interventions suggested for a family: those working on the headlines of the family's needs.

Evidence labels say no more than the review did: the EIF level(s) its words state, else "No EIF level" with the
review's words, else "Not rated".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from wholefamily.framework.model import load_framework
from wholefamily.web.casework.models import SENSITIVE_HEADLINES, AssessedNeed, Family
from wholefamily.web.casework.needs import latest_assessment

#: What the EIF levels mean, in our words (https://guidebook.eif.org.uk/eif-evidence-standards).
LEVEL_MEANINGS = {
    "4": "Effective: several rigorous evaluations, including long-term impact",
    "3": "Effective: at least one rigorous evaluation showing a positive impact",
    "2": "Preliminary evidence: improvements seen, but not yet shown to be caused by the intervention",
    "NL2": "Evidence not yet at level 2",
}
PLUS_MEANING = "A “+” means the evidence goes beyond that level but not yet as far as the next."
_STRENGTH = {"4+": 8, "4": 7, "3+": 6, "3": 5, "2+": 4, "2": 3, "NL2": 1}


@dataclass(frozen=True)
class Evidence:
    rating: str | None
    levels: tuple[str, ...]
    rated_by: str | None
    source: str | None
    date: str | None

    @property
    def label(self) -> str:
        """A short, honest label: "EIF level 3+", "EIF levels 2 to 3+", "No EIF level", "Not rated"."""
        if not self.rating:
            return "Not rated"
        if not self.levels:
            return "No EIF level"
        if self.levels == ("NL2",):
            return "EIF: not level 2"
        if len(self.levels) == 1:
            return f"EIF level {self.levels[0]}"
        return f"EIF levels {self.levels[-1]} to {self.levels[0]}"

    @property
    def strength(self) -> int:
        """For ordering: the strongest level stated; a rating with no level just above none at all."""
        if not self.rating:
            return 0
        return max((_STRENGTH[level] for level in self.levels), default=1)


@dataclass(frozen=True)
class Intervention:
    id: str
    name: str
    kind: str
    area: str
    who_for: str | None
    ages: str | None
    level_of_need: str | None
    delivery: str
    headlines: tuple[str, ...]
    evidence: Evidence

    @property
    def referable(self) -> bool:
        """A family can be referred to an intervention, not to a way a whole service works."""
        return self.kind == "intervention"

    @property
    def kind_label(self) -> str:
        return "Intervention" if self.referable else "Way of working (system approach)"


@cache
def catalogue() -> tuple[Intervention, ...]:
    text = resources.files("wholefamily.web.casework").joinpath("data/interventions.yaml").read_text("utf-8")
    return tuple(
        Intervention(
            id=item["id"],
            name=item["name"],
            kind=item["kind"],
            area=item["area"],
            who_for=item["for"],
            ages=item["ages"],
            level_of_need=item["level_of_need"],
            delivery=item["delivery"],
            headlines=tuple(item["headlines"]),
            evidence=Evidence(
                rating=item["evidence"]["rating"],
                levels=tuple(item["evidence"]["levels"]),
                rated_by=item["evidence"].get("rated_by"),
                source=item["evidence"].get("source"),
                date=item["evidence"].get("date"),
            ),
        )
        for item in yaml.safe_load(text)
    )


@cache
def _by_id() -> dict[str, Intervention]:
    return {item.id: item for item in catalogue()}


def find(intervention_id: str) -> Intervention | None:
    return _by_id().get(intervention_id)


def name_of(intervention_id: str) -> str:
    """The name to show for a referral (the id itself if the catalogue no longer has it)."""
    found = find(intervention_id)
    return found.name if found else intervention_id


@cache
def headline_labels() -> dict[str, str]:
    today = dt.date.today()
    return {h.id: h.label_on(today) for h in load_framework("sf-2022").headlines}


def family_headlines(family: Family, *, sensitive: bool) -> set[str]:
    """The headlines the family has needs under: the partner data's needs and those the latest assessment
    added, less those it ruled out. Sensitive headlines only for users who may see them."""
    headlines = set(family.needs.values_list("headline", flat=True))
    latest = latest_assessment(family)
    if latest is not None:
        decided = dict(latest.needs.values_list("headline", "decision"))
        headlines |= {h for h, d in decided.items() if d != AssessedNeed.Decision.RULED_OUT}
        headlines -= {h for h, d in decided.items() if d == AssessedNeed.Decision.RULED_OUT}
    return headlines if sensitive else headlines - SENSITIVE_HEADLINES


@dataclass(frozen=True)
class Match:
    intervention: Intervention
    matched: tuple[str, ...]  # headline labels


def suggestions(headlines: set[str]) -> list[Match]:
    """Interventions working on any of ``headlines``: most headlines matched first, then strongest evidence."""
    labels = headline_labels()
    found = [
        Match(item, tuple(labels.get(h, h) for h in item.headlines if h in headlines))
        for item in catalogue()
        if item.referable and headlines.intersection(item.headlines)
    ]
    return sorted(
        found, key=lambda s: (-len(s.matched), -s.intervention.evidence.strength, s.intervention.name)
    )
