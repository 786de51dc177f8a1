"""Small-number suppression of published counts, so that no published figure reveals a small group of people.

A table of counts (areas × categories) is published with its totals: the row totals, the column totals and
the grand total. Seen as one grid of (rows + 1) × (columns + 1) entries, every row and every column of that
grid is an equation (its cells add up to its total), and those equations are what a reader can use to
recover a hidden number.

* **Primary suppression**: every entry (a cell or a total) from 1 to ``threshold - 1`` is hidden; the
  default threshold is 5, as in most UK official statistics (counts of 1 to 4 are hidden). Zeros are shown
  by default, since a zero is not a small group of people; ``suppress_zero`` hides them as well.
* **Secondary suppression**: a line (row or column of the grid) with exactly one hidden entry would give it
  away as its total minus the others, so the smallest other entry of that line is hidden too (a non-zero
  one first, then a cell before a total, then the first in reading order), again and again until every
  line has none or at least two hidden entries. That alone still lets a reader solve the equations of
  several lines together, so the hidden entries are then checked as one linear system (over every table
  suppressed together): while an entry is determined by the published figures, the smallest entry of one
  of its lines is hidden as well. The result is that **no hidden entry can be recovered exactly** from the
  published figures by any sum or difference of them, in one table or across the tables suppressed
  together (tables that share totals, ``links``): an entry is hidden in every table that holds it.

What it does not protect against: bounds. A reader knows every hidden number is at least zero and that
the hidden entries of a line add up to its total minus the published ones, so a hidden entry can sometimes
be narrowed to a range; and figures published elsewhere (another release, another level of geography not
suppressed with these tables) are outside the system.

Every step is deterministic: the same counts give the same hidden entries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

DEFAULT_THRESHOLD = 5

Entry = tuple[int, int]
"""(row, column) of the grid with totals: row ``len(rows)`` holds the column totals, column ``len(columns)``
the row totals, and the corner the grand total."""


@dataclass(frozen=True)
class CountTable:
    """Counts by row and column; the totals are their sums, published with them."""

    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: tuple[tuple[int, ...], ...]

    def __post_init__(self) -> None:
        if not self.rows or not self.columns:
            raise ValueError("a count table needs at least one row and one column")
        if len(self.cells) != len(self.rows) or any(len(r) != len(self.columns) for r in self.cells):
            raise ValueError("a count table's cells must have one value per row and column")
        if any(v < 0 for r in self.cells for v in r):
            raise ValueError("counts cannot be negative")

    def grid(self) -> np.ndarray:
        """The counts with their totals: a last column of row totals, a last row of column totals."""
        cells = np.array(self.cells, dtype=np.int64).reshape(len(self.rows), len(self.columns))
        with_totals = np.hstack([cells, cells.sum(axis=1, keepdims=True)])
        return np.vstack([with_totals, with_totals.sum(axis=0, keepdims=True)])


@dataclass(frozen=True)
class SuppressedTable:
    """A count table as published: ``None`` where an entry is hidden."""

    rows: tuple[str, ...]
    columns: tuple[str, ...]
    grid: tuple[tuple[int | None, ...], ...]  # with totals, as ``CountTable.grid``
    primary: frozenset[Entry]  # hidden for being small; the other hidden entries protect them

    def cell(self, row: int, column: int) -> int | None:
        return self.grid[row][column]

    def row_total(self, row: int) -> int | None:
        return self.grid[row][len(self.columns)]

    def column_total(self, column: int) -> int | None:
        return self.grid[len(self.rows)][column]

    @property
    def total(self) -> int | None:
        return self.grid[len(self.rows)][len(self.columns)]

    @property
    def hidden(self) -> frozenset[Entry]:
        return frozenset(
            (i, j) for i, line in enumerate(self.grid) for j, value in enumerate(line) if value is None
        )


Link = Sequence[tuple[int, Entry]]
"""Entries of several tables (table index, entry) that hold the same figure (a shared total)."""


def suppress(
    table: CountTable, threshold: int = DEFAULT_THRESHOLD, suppress_zero: bool = False
) -> SuppressedTable:
    """The table as it may be published (see the module's description)."""
    return suppress_together([table], (), threshold, suppress_zero)[0]


def suppress_together(
    tables: Sequence[CountTable],
    links: Sequence[Link] = (),
    threshold: int = DEFAULT_THRESHOLD,
    suppress_zero: bool = False,
) -> list[SuppressedTable]:
    """Tables published side by side, ``links`` naming the entries they share: an entry hidden in one is
    hidden in all, and no hidden entry can be recovered from all of them together."""
    if threshold < 1:
        raise ValueError("the suppression threshold must be at least 1")
    grids = [t.grid() for t in tables]
    for link in links:
        values = {int(grids[k][e]) for k, e in link}
        if len(values) > 1:
            raise ValueError(f"linked entries must hold the same figure, not {sorted(values)}")
    low = 0 if suppress_zero else 1
    primary = [
        {(int(i), int(j)) for i, j in zip(*np.nonzero((g >= low) & (g < threshold)), strict=True)}
        for g in grids
    ]
    hidden = [set(p) for p in primary]
    while _protect_lines(grids, hidden) or _share(links, hidden) or _protect_system(grids, hidden, links):
        pass
    return [
        SuppressedTable(
            t.rows,
            t.columns,
            tuple(
                tuple(None if (i, j) in h else int(v) for j, v in enumerate(line)) for i, line in enumerate(g)
            ),
            frozenset(p),
        )
        for t, g, h, p in zip(tables, grids, hidden, primary, strict=True)
    ]


def _lines(grid: np.ndarray) -> list[list[Entry]]:
    """Every row and column of the grid with totals: the equations a reader has."""
    n_rows, n_columns = grid.shape
    return [[(i, j) for j in range(n_columns)] for i in range(n_rows)] + [
        [(i, j) for i in range(n_rows)] for j in range(n_columns)
    ]


def _cost(grid: np.ndarray, entry: Entry) -> tuple[bool, int, bool, Entry]:
    """Which entry to hide first: a non-zero one, the smallest, a cell before a total, in reading order."""
    value = int(grid[entry])
    last_row, last_column = grid.shape[0] - 1, grid.shape[1] - 1
    return value == 0, value, entry[0] == last_row or entry[1] == last_column, entry


def _cheapest(grid: np.ndarray, candidates: list[Entry], hidden: set[Entry]) -> Entry | None:
    shown = [e for e in candidates if e not in hidden]
    return min(shown, key=lambda e: _cost(grid, e)) if shown else None


def _protect_lines(grids: list[np.ndarray], hidden: list[set[Entry]]) -> bool:
    """Hide the smallest other entry of the first line with exactly one hidden entry; whether one was."""
    for grid, h in zip(grids, hidden, strict=True):
        for line in _lines(grid):
            if sum(e in h for e in line) == 1:
                entry = _cheapest(grid, line, h)
                assert entry is not None  # a line has at least two entries
                h.add(entry)
                return True
    return False


def _share(links: Sequence[Link], hidden: list[set[Entry]]) -> bool:
    """Hide every entry of a link where one is hidden; whether any was."""
    changed = False
    for link in links:
        if any(e in hidden[k] for k, e in link):
            for k, e in link:
                if e not in hidden[k]:
                    hidden[k].add(e)
                    changed = True
    return changed


def _protect_system(grids: list[np.ndarray], hidden: list[set[Entry]], links: Sequence[Link]) -> bool:
    """Hide one more entry when the published figures determine a hidden one; whether one was."""
    found = determined(grids, hidden, links)
    if not found:
        return False
    k, entry = found[0]
    grid = grids[k]
    across, down = (e for e in _lines(grid) if entry in e)
    choice = _cheapest(grid, across + down, hidden[k]) or _cheapest(
        grid, [(int(i), int(j)) for i, j in np.ndindex(grid.shape)], hidden[k]
    )
    if choice is None:
        raise AssertionError("every entry is hidden, yet one is determined")
    hidden[k].add(choice)
    return True


def determined(
    grids: Sequence[np.ndarray], hidden: Sequence[set[Entry] | frozenset[Entry]], links: Sequence[Link] = ()
) -> list[tuple[int, Entry]]:
    """The hidden entries (table index, entry) that the published figures determine exactly: each unknown
    whose value is the same in every solution of the tables' line equations, linked entries being one
    unknown. Empty when the suppression is safe."""
    unknown: dict[tuple[int, Entry], int] = {}
    size = 0
    for link in links:
        members = [(k, e) for k, e in link if e in hidden[k]]
        for member in members:
            unknown[member] = size
        size += bool(members)
    for k, h in enumerate(hidden):
        for entry in sorted(h):
            if (k, entry) not in unknown:
                unknown[(k, entry)] = size
                size += 1
    if size == 0:
        return []
    equations = []
    for k, grid in enumerate(grids):
        last_row, last_column = grid.shape[0] - 1, grid.shape[1] - 1
        for line in _lines(grid):
            row = np.zeros(size)
            for entry in line:
                if entry in hidden[k]:
                    is_total = entry[0] == last_row if line[0][1] == line[-1][1] else entry[1] == last_column
                    row[unknown[(k, entry)]] += -1.0 if is_total else 1.0
            if row.any():
                equations.append(row)
    if not equations:
        return []
    # an unknown is determined when its unit vector lies in the equations' row space: its projection on an
    # orthonormal basis of that space (the economy SVD's leading right singular vectors) has length 1
    _, values, vt = np.linalg.svd(np.array(equations), full_matrices=False)
    basis = vt[: int((values > 1e-9 * max(values.max(initial=0.0), 1.0)).sum())]
    fixed = {v for v in range(size) if (basis[:, v] ** 2).sum() > 1 - 1e-9}
    return sorted(key for key, v in unknown.items() if v in fixed)
