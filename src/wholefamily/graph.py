"""Connected components of a graph given as edge arrays (scipy's), shared by linkage and family formation."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

Ints = npt.NDArray[np.int64]


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
