"""Disclosure audit: can a hidden count of a published table be worked out from what the table shows?

A published count table shows some counts and hides others (``"<5"``,
``"ris."``); a row and a column labelled ``"Totale"`` bind the cells by sums.
For every hidden cell, linear programming (:func:`scipy.optimize.linprog`)
finds the smallest and the largest value it could take given every shown
number, every sum and that counts are not negative; when the two are equal
the cell is *recoverable* and the table leaks it.  With ``min_count`` the
audit also uses what ``"<5"`` says (the count is between 1 and 4), which is
what a reader knows too.

The audit reads tables as they are published (strings, Italian numbers), so it
checks the pages themselves, not the code that made them.

Examples
--------
>>> leaky = pd.DataFrame({"Ist.": ["11"], "Vol.": ["<5"], "Totale": ["12"]}, index=["Attività"])
>>> [(r.row, r.column, r.low, r.high) for r in audit(leaky)]
[('Attività', 'Vol.', 1.0, 1.0)]
>>> audit(pd.DataFrame({"Ist.": ["<5"], "Vol.": ["<5"], "Totale": ["7"]}, index=["Attività"]))
[]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

TOTAL = "Totale"
#: how a published table writes a hidden count: "<5" (small) or "ris." (hidden to protect another)
SMALL_PATTERN = re.compile(r"^<\s*(\d+)$")
RESERVED = "ris."

Cell = tuple[object, object]
Line = tuple[list[Cell], Cell]  # (the parts, their total)


@dataclass(frozen=True)
class Recoverable:
    """A hidden cell whose value the shown numbers pin down."""

    row: object
    column: object
    low: float
    high: float


def parse_count(text: object) -> float | None:
    """A published count as a number (``"1.234"`` → 1234); ``None`` for a hidden one.

    Examples
    --------
    >>> parse_count("1.234"), parse_count("<5"), parse_count("ris."), parse_count(7)
    (1234.0, None, None, 7.0)
    """
    if isinstance(text, int | float | np.integer | np.floating):
        return float(text)
    value = str(text).strip()
    if value == RESERVED or SMALL_PATTERN.match(value):
        return None
    return float(value.replace(".", "").replace(",", "."))


def additive_lines(index: pd.Index, columns: pd.Index) -> list[Line]:
    """Every sum the table states: each row adds up to its ``Totale`` column, each column to its ``Totale`` row.

    Examples
    --------
    >>> additive_lines(pd.Index(["a", "Totale"]), pd.Index(["x", "Totale"]))[0]
    ([('a', 'x')], ('a', 'Totale'))
    """
    rows = [r for r in index if r != TOTAL]
    cols = [c for c in columns if c != TOTAL]
    lines: list[Line] = []
    if TOTAL in columns and cols:
        lines += [([(r, c) for c in cols], (r, TOTAL)) for r in index]
    if TOTAL in index and rows:
        lines += [([(r, c) for r in rows], (TOTAL, c)) for c in columns]
    return lines


def _system(known: dict[Cell, float], unknown: dict[Cell, tuple[float, float | None]], lines: list[Line]) -> dict:
    """The linear system of the unknown cells: ``A_eq x = b_eq`` (one row per sum) and their bounds."""
    position = {cell: i for i, cell in enumerate(unknown)}
    equations, constants = [], []
    for parts, total in lines:
        row = np.zeros(len(position))
        constant = 0.0
        for cell, sign in [*((p, 1) for p in parts), (total, -1)]:
            if cell in position:
                row[position[cell]] += sign
            else:
                constant -= sign * known[cell]
        if row.any():
            equations.append(row)
            constants.append(constant)
    return {
        "A_eq": np.array(equations) if equations else None,
        "b_eq": constants or None,
        "bounds": list(unknown.values()),
    }


def _extreme(system: dict, i: int, size: int, sign: int) -> float:
    """The smallest (sign 1) or largest (sign -1) value unknown ``i`` can take."""
    from scipy.optimize import linprog  # only needed when a table hides something

    objective = np.zeros(size)
    objective[i] = sign
    result = linprog(objective, **system)
    if result.status == 2:
        raise ValueError("the shown numbers contradict each other (no value fits every sum)")
    if result.status == 3:  # unbounded: no largest value
        return np.inf
    return float(sign * result.fun)


def hidden_ranges(
    known: dict[Cell, float], unknown: dict[Cell, tuple[float, float | None]], lines: list[Line]
) -> dict[Cell, tuple[float, float]]:
    """Smallest and largest value of every unknown cell, by linear programming.

    Parameters
    ----------
    known : dict
        Cell -> shown value.
    unknown : dict
        Cell -> (lower bound, upper bound or None): what the reader knows of a hidden cell.
    lines : list
        The sums binding the cells: ``(parts, total)``.

    Examples
    --------
    >>> hidden_ranges({("r", "a"): 3, ("r", "t"): 10}, {("r", "b"): (0, None), ("r", "c"): (0, None)},
    ...               [([("r", "a"), ("r", "b"), ("r", "c")], ("r", "t"))])
    {('r', 'b'): (0.0, 7.0), ('r', 'c'): (0.0, 7.0)}
    """
    system = _system(known, unknown, lines)
    return {
        cell: (_extreme(system, i, len(unknown), 1), _extreme(system, i, len(unknown), -1))
        for i, cell in enumerate(unknown)
    }


def pinned(
    known: dict[Cell, float],
    unknown: dict[Cell, tuple[float, float | None]],
    lines: list[Line],
    truth: dict[Cell, float],
    first_only: bool = False,
) -> list[Cell]:
    """The unknown cells that can take only their true value (faster than :func:`hidden_ranges` for a yes/no).

    Knowing one value each cell can take (its true one), a cell is free as soon as it can go half a unit
    above or below it: most cells need one linear program instead of two.

    Examples
    --------
    >>> lines = [([("r", "a"), ("r", "b")], ("r", "t"))]
    >>> pinned({("r", "a"): 3, ("r", "t"): 4}, {("r", "b"): (0, None)}, lines, {("r", "b"): 1})
    [('r', 'b')]
    """
    system = _system(known, unknown, lines)
    found = []
    for i, cell in enumerate(unknown):
        if _extreme(system, i, len(unknown), -1) - truth[cell] >= 0.5:
            continue
        if truth[cell] - _extreme(system, i, len(unknown), 1) >= 0.5:
            continue
        found.append(cell)
        if first_only:
            break
    return found


def audit(shown: pd.DataFrame, min_count: int | None = None) -> list[Recoverable]:
    """The hidden cells of a published count table that can be worked out from the rest.

    Parameters
    ----------
    shown : DataFrame
        The table as published: counts as strings (``"1.234"``, ``"<5"``, ``"ris."``) or numbers; a
        ``Totale`` row and/or column give its sums.
    min_count : int, optional
        Also use that ``"<k"`` means 1 to k − 1 (by default only that counts are not negative, the
        weaker reader).

    Returns
    -------
    list of Recoverable
        Empty when every hidden cell could take at least two values.

    Examples
    --------
    >>> table = pd.DataFrame({"a": ["<5", "ris.", "9"], "b": ["ris.", "<5", "8"], "Totale": ["7", "10", "17"]},
    ...                      index=["x", "y", "Totale"])
    >>> audit(table), audit(table, min_count=5)
    ([], [])
    """
    known: dict[Cell, float] = {}
    unknown: dict[Cell, tuple[float, float | None]] = {}
    for row in shown.index:
        for column in shown.columns:
            text = shown.loc[row, column]
            value = parse_count(text)
            if value is not None:
                known[(row, column)] = value
                continue
            small = SMALL_PATTERN.match(str(text).strip())
            if min_count is not None and small:
                unknown[(row, column)] = (1, int(small.group(1)) - 1)
            else:
                unknown[(row, column)] = (0, None)
    if not unknown:
        return []
    ranges = hidden_ranges(known, unknown, additive_lines(shown.index, shown.columns))
    return [Recoverable(row, column, low, high) for (row, column), (low, high) in ranges.items() if high - low < 0.5]
