"""Statistical disclosure control: no small count in published output, and none that can be worked out.

A count table of a report (regional matrices, questionnaire answers, themes)
goes through :func:`protect`:

* **primary suppression** — counts from 1 to ``min_count − 1`` are hidden and
  shown as ``"<5"`` (zeros stay visible), or as ``"ris."`` where even knowing
  that a ``"<5"`` is 1 to 4 would give a count away (four ``"<5"`` under a
  total ``"<5"`` are each 1);
* **secondary suppression** — a row or column whose total is shown must not
  have a single hidden cell, or the total minus the shown cells would give it
  away: another cell is hidden (the smallest), or the total itself when no
  other cell can be; cells hidden this way are shown as ``"ris."`` (riservato),
  since they may be any number;
* **verification** — for every hidden cell, linear programming
  (:func:`scipy.optimize.linprog`) finds the smallest and largest value it
  could take given every shown number, the totals, that a ``"<5"`` is between
  1 and ``min_count − 1`` and that counts are not negative; while some hidden
  cell has only one possible value, one more cell is hidden.

The same mask hides the cell wherever it is shown: percentages, chart labels,
bar lengths, sentences.

Examples
--------
>>> table = pd.DataFrame({"A": [11, 1, 12], "B": [5, 0, 5], "Totale": [16, 1, 17]}, index=["x", "y", "Totale"])
>>> protected = protect(table)
>>> protected.shown().to_dict(orient="list")
{'A': ['ris.', '<5', '12'], 'B': ['5', '0', '5'], 'Totale': ['ris.', '<5', '17']}
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ...formats import number
from .audit import RESERVED, additive_lines, pinned
from .threshold import MIN_COUNT

SMALL = "<{min_count}"
#: what the two symbols mean, for captions and the reports' "Dati e avvertenze"
LEGEND = (
    "«<{min_count}»: un conteggio da 1 a {smaller} non è mostrato; «ris.»: dato riservato, non mostrato perché "
    "altrimenti un conteggio «<{min_count}» si potrebbe ricavare dai totali"
)


@dataclass(frozen=True)
class Protected:
    """A count table with the cells that must not be shown: ``primary`` (1 to min_count − 1) and ``secondary``."""

    counts: pd.DataFrame
    primary: pd.DataFrame  # bool, same shape
    secondary: pd.DataFrame  # bool, same shape
    min_count: int

    @property
    def hidden(self) -> pd.DataFrame:
        """Every hidden cell."""
        return self.primary | self.secondary

    def shown(self) -> pd.DataFrame:
        """The table as published: numbers written the Italian way, hidden cells as ``<5`` or ``ris.``.

        Examples
        --------
        >>> protect(pd.DataFrame({"n": [3, 1200]})).shown()["n"].tolist()
        ['<5', '1.200']
        """
        shown = self.counts.map(lambda v: number(int(v)))
        shown = shown.mask(self.primary, SMALL.format(min_count=self.min_count))
        return shown.mask(self.secondary, RESERVED)

    def value(self, row: object, column: object) -> str:
        """One cell as published (for a sentence that quotes it).

        Examples
        --------
        >>> table = pd.DataFrame({"Totale": [3]}, index=["Totale"])
        >>> protect(table).value("Totale", "Totale")
        '<5'
        """
        return str(self.shown().loc[row, column])

    def legend(self) -> str:
        """What ``<5`` and ``ris.`` mean, when the table hides anything (else an empty string).

        Examples
        --------
        >>> protect(pd.DataFrame({"n": [30]})).legend()
        ''
        """
        if not self.hidden.to_numpy().any():
            return ""
        return LEGEND.format(min_count=self.min_count, smaller=self.min_count - 1)


Position = tuple[int, int]


def _positions(counts: pd.DataFrame) -> list[tuple[list[Position], Position]]:
    """The table's sums (:func:`~cbresearch.check.disclosure.audit.additive_lines`) with cells as (row, column) positions."""
    rows = {label: i for i, label in enumerate(counts.index)}
    columns = {label: j for j, label in enumerate(counts.columns)}
    return [
        ([(rows[r], columns[c]) for r, c in parts], (rows[total[0]], columns[total[1]]))
        for parts, total in additive_lines(counts.index, counts.columns)
    ]


def _exposed(hidden: np.ndarray, lines: list) -> list:
    """The lines with exactly one hidden cell: the total minus the shown cells gives it away."""
    return [line for line in lines if sum(bool(hidden[cell]) for cell in (*line[0], line[1])) == 1]


def _hide_another(values: np.ndarray, hidden: np.ndarray, lines: list, among: list) -> Position | None:
    """Hide one more cell of the lines ``among``: the one that leaves the fewest exposed lines, then the smallest.

    Zeros are never chosen (a hidden zero protects nothing: it can only be 0).  Returns the cell, or None
    when every cell of those lines is already hidden.
    """
    candidates = {cell for parts, total in among for cell in (*parts, total) if not hidden[cell] and values[cell] > 0}
    totals = {total for _, total in lines}

    def cost(cell: Position) -> tuple:
        hidden[cell] = True
        left = len(_exposed(hidden, lines))
        hidden[cell] = False
        return (left, int(values[cell]), cell in totals, cell)

    if not candidates:
        return None
    target = min(candidates, key=cost)
    hidden[target] = True
    return target


def _relabel(primary: np.ndarray, lines: list, among: list) -> bool:
    """Show one more small count of the lines ``among`` as «ris.» instead of «<5» (a total first, then the largest).

    Hiding more cannot help when a reader pins a cell by knowing that «<5» is 1 to 4 (four «<5» under a total
    «<5» are each 1); «ris.» says nothing of the value.  Returns False when no cell of those lines says «<5».
    """
    totals = {total for _, total in lines}
    candidates = {cell for parts, total in among for cell in (*parts, total) if primary[cell]}
    if not candidates:
        return False
    primary[max(candidates, key=lambda cell: (cell in totals, cell))] = False
    return True


def _pinned(values: np.ndarray, primary: np.ndarray, hidden: np.ndarray, lines: list, min_count: int) -> list:
    """The first hidden cell whose value the shown numbers pin down (a reader knows that "<5" is 1 to 4), if any."""
    cells = [(i, j) for i in range(values.shape[0]) for j in range(values.shape[1])]
    known = {cell: float(values[cell]) for cell in cells if not hidden[cell]}
    unknown: dict[Position, tuple[float, float | None]] = {
        cell: (1, min_count - 1) if primary[cell] else (0, None) for cell in cells if hidden[cell]
    }
    truth = {cell: float(values[cell]) for cell in unknown}
    return pinned(known, unknown, lines, truth, first_only=True)  # type: ignore[arg-type]


def protect(counts: pd.DataFrame, min_count: int = MIN_COUNT) -> Protected:
    """Decide which counts of a table must be hidden (see the module notes).

    Parameters
    ----------
    counts : DataFrame
        Whole numbers; a row and/or a column labelled ``"Totale"`` hold the sums that bind the cells.
    min_count : int
        Counts from 1 to ``min_count - 1`` are hidden.

    Returns
    -------
    Protected

    Examples
    --------
    >>> table = pd.DataFrame({"Ist.": [3, 2, 5], "Prof.": [4, 6, 10], "Totale": [7, 8, 15]}, index=["a", "b", "Totale"])
    >>> protect(table).shown().to_dict(orient="list")
    {'Ist.': ['<5', '<5', '5'], 'Prof.': ['<5', 'ris.', '10'], 'Totale': ['7', '8', '15']}
    """
    counts = counts.astype("int64")
    values = counts.to_numpy()
    small = (values > 0) & (values < min_count)
    primary = small.copy()  # shown as "<5"; a small count may end up as "ris." (see _relabel)
    hidden = small.copy()
    lines = _positions(counts)
    for _ in range(2 * values.size):  # each pass hides or relabels one more cell, or stops
        exposed = _exposed(hidden, lines)
        if exposed:
            if _hide_another(values, hidden, lines, exposed) is None:
                break
            continue
        if not hidden.any():
            break
        pinned = _pinned(values, primary, hidden, lines, min_count)
        if not pinned:
            break
        around = [line for line in lines if pinned[0] in (*line[0], line[1])]
        if _hide_another(values, hidden, lines, around) is None and not _relabel(primary, lines, around):
            break
    if hidden.any() and _pinned(values, primary, hidden, lines, min_count):  # never seen: the last resort
        hidden, primary = values > 0, np.zeros_like(primary)
    secondary = hidden & ~primary
    return Protected(
        counts,
        pd.DataFrame(primary, index=counts.index, columns=counts.columns),
        pd.DataFrame(secondary, index=counts.index, columns=counts.columns),
        min_count,
    )
