"""Small-number suppression: nothing small is published, and no hidden entry can be recovered from the
published figures, in one table or across tables that share their totals."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wholefamily.insight.suppression import (
    CountTable,
    SuppressedTable,
    determined,
    suppress,
    suppress_together,
)

counts = st.integers(0, 30) | st.integers(0, 6)


@st.composite
def tables(draw: st.DrawFn, rows: int | None = None) -> CountTable:
    n_rows = rows or draw(st.integers(1, 6))
    n_columns = draw(st.integers(1, 5))
    cells = draw(
        st.lists(st.lists(counts, min_size=n_columns, max_size=n_columns), min_size=n_rows, max_size=n_rows)
    )
    return CountTable(
        tuple(f"r{i}" for i in range(n_rows)),
        tuple(f"c{j}" for j in range(n_columns)),
        tuple(map(tuple, cells)),
    )


def solvable(
    grids: list[np.ndarray], hidden: list[frozenset[tuple[int, int]]], shared: int = 0
) -> list[object]:
    """Hidden entries fixed by the published figures, by rank: an unknown is determined when adding its unit
    row to the equations does not raise their rank. With ``shared``, the two tables' last columns are one."""
    names: dict[object, int] = {}

    def unknown(k: int, entry: tuple[int, int]) -> int:
        key: object = ("shared", entry[0]) if shared and entry[1] == grids[k].shape[1] - 1 else (k, entry)
        return names.setdefault(key, len(names))

    for k, h in enumerate(hidden):
        for e in sorted(h):
            unknown(k, e)
    rows = []
    for k, grid in enumerate(grids):
        n, m = grid.shape
        for i in range(n):  # cells minus the row total
            rows.append(
                {unknown(k, (i, j)): (-1 if j == m - 1 else 1) for j in range(m) if (i, j) in hidden[k]}
            )
        for j in range(m):
            rows.append(
                {unknown(k, (i, j)): (-1 if i == n - 1 else 1) for i in range(n) if (i, j) in hidden[k]}
            )
    matrix = np.zeros((len(rows) + 1, len(names)))
    for r, row in enumerate(rows):
        for v, sign in row.items():
            matrix[r, v] = sign
    rank = np.linalg.matrix_rank(matrix[:-1])
    fixed = []
    for key, v in names.items():
        matrix[-1] = 0
        matrix[-1, v] = 1
        if np.linalg.matrix_rank(matrix) == rank:
            fixed.append(key)
    return fixed


def published(table: SuppressedTable) -> list[int]:
    return [v for line in table.grid for v in line if v is not None]


def recoverable_by_one_line(table: CountTable, result: SuppressedTable) -> list[tuple[int, int]]:
    """Hidden entries that are a line's total minus its other entries (or a total that is their sum)."""
    grid = table.grid()
    found = []
    lines = [[(i, j) for j in range(grid.shape[1])] for i in range(grid.shape[0])]
    lines += [[(i, j) for i in range(grid.shape[0])] for j in range(grid.shape[1])]
    for line in lines:
        hidden = [e for e in line if e in result.hidden]
        if len(hidden) == 1:
            found.append(hidden[0])
    return found


@settings(max_examples=300, deadline=None)
@given(tables(), st.integers(1, 8), st.booleans())
def test_nothing_small_is_published_and_nothing_hidden_can_be_recovered(
    table: CountTable, threshold: int, suppress_zero: bool
) -> None:
    result = suppress(table, threshold, suppress_zero)
    low = 0 if suppress_zero else 1
    assert not [v for v in published(result) if low <= v < threshold]
    assert recoverable_by_one_line(table, result) == []
    assert determined([table.grid()], [set(result.hidden)]) == []
    assert solvable([table.grid()], [result.hidden]) == []
    grid = table.grid()
    for i, line in enumerate(result.grid):  # what is published is the true figure
        for j, value in enumerate(line):
            assert value is None or value == grid[i, j]
    assert result.primary <= result.hidden


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_tables_sharing_their_row_totals_give_nothing_away_together(data: st.DataObject) -> None:
    first = data.draw(tables())
    rows = len(first.rows)
    second = data.draw(tables(rows=rows))
    # the second table has the same row totals: its last column makes up the difference
    totals = [sum(r) for r in first.cells]
    cells = [[*r[:-1], max(0, t - sum(r[:-1]))] for r, t in zip(second.cells, totals, strict=True)]
    for r, t in zip(cells, totals, strict=True):
        excess = sum(r) - t
        for j in range(len(r)):
            cut = min(excess, r[j])
            r[j] -= cut
            excess -= cut
    second = CountTable(second.rows, second.columns, tuple(map(tuple, cells)))
    links = [[(0, (i, len(first.columns))), (1, (i, len(second.columns)))] for i in range(rows + 1)]
    a, b = suppress_together([first, second], links)
    for i in range(rows + 1):
        assert (a.row_total(i) if i < rows else a.total) == (b.row_total(i) if i < rows else b.total)
    grids = [first.grid(), second.grid()]
    assert determined(grids, [set(a.hidden), set(b.hidden)], links) == []
    assert solvable(grids, [a.hidden, b.hidden], shared=1) == []
    assert not [v for v in published(a) + published(b) if 1 <= v < 5]


def test_a_small_cell_is_hidden_with_the_smallest_of_its_row_and_column() -> None:
    table = CountTable(("a", "b", "c"), ("x", "y"), ((3, 20), (10, 40), (12, 50)))
    result = suppress(table)
    assert result.primary == {(0, 0)}
    # row a: 20 beside the 3; column x: 10 below it; then row b needs a second: 40, and column y has 20, 40
    assert result.hidden == {(0, 0), (0, 1), (1, 0), (1, 1)}
    assert result.row_total(0) == 23 and result.column_total(0) == 25 and result.total == 135


def test_zeros_are_shown_unless_asked_and_the_same_counts_give_the_same_result() -> None:
    table = CountTable(("a", "b"), ("x", "y", "z"), ((0, 7, 9), (6, 0, 8)))
    assert suppress(table).hidden == frozenset()
    hidden = suppress(table, suppress_zero=True)
    assert {(0, 0), (1, 1)} <= hidden.hidden
    assert suppress(table, suppress_zero=True) == hidden


def test_a_small_total_is_hidden_too() -> None:
    table = CountTable(("a", "b"), ("x", "y"), ((2, 0), (30, 40)))
    result = suppress(table)
    assert result.row_total(0) is None and result.cell(0, 0) is None


def test_the_check_finds_what_one_line_gives_away() -> None:
    table = CountTable(("a", "b"), ("x", "y"), ((3, 20), (10, 40)))
    naive = frozenset({(0, 0), (0, 1), (1, 0), (1, 1), (2, 0), (2, 1)})  # a whole column of totals shown
    assert solvable([table.grid()], [naive]) == []
    one = frozenset({(0, 0)})
    assert solvable([table.grid()], [one]) == [(0, (0, 0))]
    assert determined([table.grid()], [set(one)]) == [(0, (0, 0))]


def test_bad_tables_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        CountTable(("a",), ("x",), ((-1,),))
    with pytest.raises(ValueError, match="one value per row"):
        CountTable(("a", "b"), ("x",), ((1,),))
    with pytest.raises(ValueError, match="same figure"):
        suppress_together(
            [CountTable(("a",), ("x",), ((1,),)), CountTable(("a",), ("x",), ((2,),))],
            [[(0, (0, 1)), (1, (0, 1))]],
        )
    assert np.array_equal(CountTable(("a",), ("x", "y"), ((1, 2),)).grid(), [[1, 2, 3], [1, 2, 3]])
