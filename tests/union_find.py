"""A plain union-find: the reference the graph tests check scipy-based code against."""

from __future__ import annotations


class UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def root(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def join(self, x: int, y: int) -> bool:
        """Join the sets of ``x`` and ``y``; False when they were one set already."""
        a, b = self.root(x), self.root(y)
        self.parent[a] = b
        return a != b
