"""The auditor's sample: random, stratified by headline, reproducible from its seed.

Each claim belongs to one stratum (its family's first headline, see ``signoff.stratum_of``). The sample's
size is shared between the strata in proportion to their claims (largest remainder, ties to the stratum
named first); within a stratum the claims are drawn with ``random.Random(seed)`` from the claims sorted by
key, strata in name order. The same seed, size and claims give the same sample, whatever order the claims
come in.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Drawn:
    stratum: str
    key: str


def allocate(counts: dict[str, int], size: int) -> dict[str, int]:
    """How many claims each stratum gives to a sample of ``size`` (at most every claim)."""
    total = sum(counts.values())
    size = max(0, min(size, total))
    if total == 0:
        return {}
    exact = {stratum: size * n / total for stratum, n in counts.items()}
    quota = {stratum: int(share) for stratum, share in exact.items()}
    left = size - sum(quota.values())
    by_remainder = sorted(counts, key=lambda s: (-(exact[s] - quota[s]), s))
    for stratum in by_remainder[:left]:
        quota[stratum] += 1
    return quota


def draw(claims: Iterable[tuple[str, str]], size: int, seed: int) -> list[Drawn]:
    """A sample of ``size`` of ``claims`` (``(key, stratum)`` pairs), in stratum and then draw order."""
    strata: dict[str, list[str]] = {}
    for key, stratum in claims:
        strata.setdefault(stratum, []).append(key)
    quota = allocate({stratum: len(keys) for stratum, keys in strata.items()}, size)
    rng = random.Random(seed)
    drawn: list[Drawn] = []
    for stratum in sorted(strata):
        drawn += [Drawn(stratum, key) for key in rng.sample(sorted(strata[stratum]), quota[stratum])]
    return drawn
