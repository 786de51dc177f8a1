"""People from scored pairs: connected components at a threshold, with the data manager's decisions.

A "same" decision is an edge of infinite weight; a "not same" decision removes that pair's edge, and two
records of a source that holds one record per person are kept apart the same way. Most components hold
no "not same" pair and are final after one set-based pass (scipy's connected components).
A component that still holds one is re-clustered on its own: its edges are taken strongest first
(Kruskal's order) and an edge is skipped when it would join two groups that a "not same" decision keeps
apart. That cuts the weakest links between the two people, keeps everything the evidence joins more
strongly, and only touches the few components a decision concerns.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from wholefamily.graph import components


@dataclass(frozen=True)
class Clusters:
    labels: np.ndarray  # cluster of each node (0..n-1)
    reclustered: int  # components split to honour "not same" decisions
    unresolvable: int  # "not same" pairs that "same" decisions force together


def cluster(
    n: int,
    left: np.ndarray,
    right: np.ndarray,
    weight: np.ndarray,
    same: list[tuple[int, int]],
    not_same: list[tuple[int, int]],
    one_each: np.ndarray | None = None,
) -> Clusters:
    """Cluster nodes 0..n-1 joined by the edges (left, right, weight) already at or above the threshold.

    ``one_each`` gives each node a group of which a cluster holds at most one node (-1: none), like a
    "not same" decision between every two nodes of a group that one component joins."""
    forbidden = {(min(a, b), max(a, b)) for a, b in not_same}
    if forbidden:
        pairs = np.array(sorted(forbidden), dtype=np.int64)
        keep = ~_among(np.minimum(left, right) * n + np.maximum(left, right), pairs[:, 0] * n + pairs[:, 1])
        left, right, weight = left[keep], right[keep], weight[keep]
    if same:
        same_arr = np.array(same, dtype=np.int64)
        left = np.concatenate([left, same_arr[:, 0]])
        right = np.concatenate([right, same_arr[:, 1]])
        weight = np.concatenate([weight, np.full(len(same), np.inf)])
    labels = components(n, left, right)
    if one_each is not None:
        forbidden |= _together(labels, one_each)
    broken = np.unique([labels[a] for a, b in forbidden if labels[a] == labels[b]]).astype(np.int64)
    if broken.size == 0:
        return Clusters(labels, 0, 0)
    next_label = int(labels.max()) + 1
    unresolvable = 0
    apart_of: dict[int, set[int]] = {}
    for a, b in forbidden:
        apart_of.setdefault(a, set()).add(b)
        apart_of.setdefault(b, set()).add(a)
    edge_component = labels[left]
    in_broken = np.zeros(int(labels.max()) + 1, dtype=bool)
    in_broken[broken] = True
    chosen = np.flatnonzero(in_broken[edge_component])
    chosen = chosen[np.argsort(edge_component[chosen], kind="stable")]
    bounds = np.searchsorted(edge_component[chosen], broken, side="right")
    for start, stop in zip([0, *bounds[:-1].tolist()], bounds.tolist(), strict=True):
        edges = chosen[start:stop]
        nodes = np.unique(np.concatenate([left[edges], right[edges]]))
        parts, stuck = _constrained(nodes, left[edges], right[edges], weight[edges], apart_of)
        unresolvable += stuck
        for part in parts[1:]:
            labels[part] = next_label
            next_label += 1
    return Clusters(labels, int(broken.size), unresolvable)


def _among(values: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Whether each value is one of ``keys`` (ascending, not empty): a binary search per value, far quicker
    than ``np.isin``'s sort of both when a county's millions of edges meet a few thousand keys."""
    at = np.minimum(np.searchsorted(keys, values), keys.size - 1)
    return np.asarray(keys[at] == values)


def _together(labels: np.ndarray, groups: np.ndarray) -> set[tuple[int, int]]:
    """Every two nodes of one group (>= 0) that share a component."""
    nodes = np.flatnonzero(groups >= 0)
    order = np.lexsort((nodes, groups[nodes], labels[nodes]))
    nodes = nodes[order]
    key = np.stack([labels[nodes], groups[nodes]], axis=1)
    starts = np.flatnonzero(np.any(key[1:] != key[:-1], axis=1)) + 1
    return {
        (int(a), int(b))
        for run in np.split(nodes, starts)
        if run.size > 1
        for i, a in enumerate(run)
        for b in run[i + 1 :]
    }


def _constrained(
    nodes: np.ndarray,
    left: np.ndarray,
    right: np.ndarray,
    weight: np.ndarray,
    apart_of: dict[int, set[int]],
) -> tuple[list[np.ndarray], int]:
    """Kruskal over one component with cannot-link constraints; returns its parts, largest first."""
    parent = {int(v): int(v) for v in nodes}
    apart: dict[int, set[int]] = {v: {o for o in apart_of.get(v, ()) if o in parent} for v in parent}

    def find(v: int) -> int:
        while parent[v] != v:
            parent[v] = parent[parent[v]]
            v = parent[v]
        return v

    stuck = 0
    # strongest first; ties (to the float noise engines differ by) broken by the pair's ids, so that
    # DuckDB and Spark, which return pairs in different orders, build the same clusters
    for i in np.lexsort((right, left, -np.round(weight, 6))):
        a, b = find(int(left[i])), find(int(right[i]))
        if a == b:
            continue
        if b in apart[a]:
            stuck += int(np.isinf(weight[i]))  # a "same" decision contradicting a "not same" one
            if not np.isinf(weight[i]):
                continue
        parent[b] = a
        from_b = apart.pop(b) - {a}  # a forced merge of two kept apart leaves neither apart from itself
        apart[a].discard(b)
        apart[a] |= from_b
        for other in from_b:
            apart[other].discard(b)
            apart[other].add(a)
    groups: dict[int, list[int]] = {}
    for v in parent:
        groups.setdefault(find(v), []).append(v)
    parts = sorted((np.array(sorted(g)) for g in groups.values()), key=lambda g: (-g.size, int(g[0])))
    return parts, stuck
