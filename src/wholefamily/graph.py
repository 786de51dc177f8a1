"""Graphs given as edge arrays (scipy's): connected components, shared by linkage and family formation, and
the strongest edges that connect each component."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy.sparse import coo_matrix, csr_matrix
from scipy.sparse.csgraph import connected_components, minimum_spanning_tree

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]


def components(n: int, left: Ints, right: Ints) -> Ints:
    """For nodes 0..n-1 and undirected edges (left[i], right[i]): each node's component label, which is
    the smallest node number in its component.

    Labelling by a member, not by scipy's count, lets family formation put unit and group labels in one
    column without collisions, and keeps what sorts by label independent of scipy's numbering.
    """
    left = np.asarray(left, dtype=np.int64)
    right = np.asarray(right, dtype=np.int64)
    graph = coo_matrix((np.ones(left.size, dtype=np.int8), (left, right)), shape=(n, n))
    _, found = connected_components(graph, directed=False)
    labels = np.asarray(found, dtype=np.int64)
    smallest = np.unique(labels, return_index=True)[1]  # each label's first node is its smallest
    return smallest[labels].astype(np.int64)


def strongest_forest(n: int, left: Ints, right: Ints, weight: Floats) -> Ints:
    """The edges (their indices) of a maximum spanning forest: in each component, the strongest edges that
    connect all its nodes. Each pair of nodes is given once. Weights are compared to 6 decimals (the float
    noise engines differ by); the edges are put in one order by their nodes first, so the same edges, in
    any order, give the same forest."""
    if left.size == 0:
        return np.empty(0, dtype=np.int64)
    low, high = np.minimum(left, right), np.maximum(left, right)
    key = low * n + high
    order = np.argsort(key)
    key = key[order]
    if np.any(key[1:] == key[:-1]):
        raise ValueError("a pair of nodes is given more than once")
    rounded = np.round(weight[order], 6)
    cost = rounded.max() + 1.0 - rounded  # the weakest costs most; never 0 (scipy's "no edge")
    starts = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(low, minlength=n), out=starts[1:])
    tree = minimum_spanning_tree(csr_matrix((cost, high[order], starts), shape=(n, n))).tocoo()
    return np.sort(order[np.searchsorted(key, tree.row.astype(np.int64) * n + tree.col)])
