"""A source that holds one record per person: never two of its records in one person, and a record's best
match in another such source links when that is more likely than not."""

from __future__ import annotations

import numpy as np

from wholefamily.linkage.clustering import cluster


def _edges(*pairs: tuple[int, int, float]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    left, right, weight = zip(*pairs, strict=True)
    return np.array(left), np.array(right), np.array(weight)


def test_two_records_of_one_delivery_are_never_one_person() -> None:
    # 0 and 2 are one source's records, 1 another's: the chain 0-1-2 would hold both
    left, right, weight = _edges((0, 1, 20.0), (1, 2, 9.0))
    groups = np.array([0, -1, 0])
    labels = cluster(3, left, right, weight, [], [], groups).labels
    assert labels[0] == labels[1] != labels[2]  # the weaker link gives way


def test_without_groups_the_chain_is_one_person() -> None:
    left, right, weight = _edges((0, 1, 20.0), (1, 2, 9.0))
    labels = cluster(3, left, right, weight, [], []).labels
    assert labels[0] == labels[1] == labels[2]


def test_records_of_different_deliveries_may_join() -> None:
    left, right, weight = _edges((0, 1, 20.0), (1, 2, 9.0))
    labels = cluster(3, left, right, weight, [], [], np.array([0, -1, 1])).labels
    assert labels[0] == labels[2]
