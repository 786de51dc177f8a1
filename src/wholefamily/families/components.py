"""Connected components of a graph given as edge arrays, vectorised with numpy.

Label propagation with pointer jumping: every round each edge pulls both ends to the smaller label and
labels are then shortcut to their roots, so the number of rounds grows with the logarithm of a
component's diameter, not with the number of nodes. No per-node Python.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

Ints = npt.NDArray[np.int64]


def components(n: int, left: Ints, right: Ints) -> Ints:
    """For nodes 0..n-1 and undirected edges (left[i], right[i]): each node's component label, which is
    the smallest node number in its component."""
    label = np.arange(n, dtype=np.int64)
    left = np.asarray(left, dtype=np.int64)
    right = np.asarray(right, dtype=np.int64)
    if left.size == 0:
        return label
    while True:
        low = np.minimum(label[left], label[right])
        pulled = label.copy()
        np.minimum.at(pulled, label[left], low)
        np.minimum.at(pulled, label[right], low)
        while True:
            jumped = pulled[pulled]
            if np.array_equal(jumped, pulled):
                break
            pulled = jumped
        pulled = pulled[label]  # every node follows its old root to the new one
        while True:
            jumped = pulled[pulled]
            if np.array_equal(jumped, pulled):
                break
            pulled = jumped
        if np.array_equal(pulled, label):
            return label
        label = pulled
