"""The pairs that join a person: a maximum spanning forest of its strong pairs, the same every run."""

from __future__ import annotations

import numpy as np
import pytest

from union_find import UnionFind
from wholefamily.graph import strongest_forest


def _kruskal(n: int, left: list[int], right: list[int], weight: list[float]) -> tuple[float, set[int]]:
    """A plain Kruskal, strongest first: the forest's total weight and the components' roots."""
    sets, total = UnionFind(n), 0.0
    for w, a, b in sorted(zip(weight, left, right, strict=True), reverse=True):
        total += w if sets.join(a, b) else 0.0
    return total, {sets.root(x) for x in range(n)}


def _graph(seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A random graph of 300 nodes with many equal weights, as copies of one record give; each pair once."""
    rng = np.random.default_rng(seed)
    left, right = rng.integers(0, 300, 900), rng.integers(0, 300, 900)
    pairs = np.unique(np.stack([np.minimum(left, right), np.maximum(left, right)], axis=1), axis=0)
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    return pairs[:, 0], pairs[:, 1], rng.choice([8.0, 9.5, 12.25, 20.0], len(pairs))


def test_the_forest_is_a_strongest_spanning_forest() -> None:
    left, right, weight = _graph(5)
    chosen = strongest_forest(300, right, left, weight)  # either way round
    total, roots = _kruskal(300, left.tolist(), right.tolist(), weight.tolist())
    assert weight[chosen].sum() == total
    assert chosen.size == 300 - len(roots), "one edge fewer than the nodes, in every component"
    forest = UnionFind(300)
    assert all(forest.join(a, b) for a, b in zip(left[chosen].tolist(), right[chosen].tolist(), strict=True))


def test_the_same_pairs_in_any_order_give_the_same_forest() -> None:
    left, right, weight = _graph(9)
    first = strongest_forest(300, left, right, weight)
    shuffle = np.random.default_rng(1).permutation(left.size)
    noise = np.random.default_rng(2).uniform(-1e-9, 1e-9, left.size)  # engines differ in the last bits
    again = strongest_forest(300, left[shuffle], right[shuffle], weight[shuffle] + noise)
    assert np.array_equal(np.sort(shuffle[again]), first)


def test_a_pair_given_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="more than once"):
        strongest_forest(3, np.array([0, 1]), np.array([1, 0]), np.array([9.0, 9.0]))


def test_no_pairs_no_forest() -> None:
    empty = np.empty(0, dtype=np.int64)
    assert strongest_forest(5, empty, empty, np.empty(0)).size == 0
