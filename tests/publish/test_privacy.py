"""Disclosure control: every hidden count stays unrecoverable, checked by the independent audit on many tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cbresearch.check.disclosure.audit import audit
from cbresearch.check.disclosure.protect import protect


def test_the_issue_example_hides_a_second_cell() -> None:
    # Emilia-Romagna, totals row of activity x approach: 11, 5, 1, 0 and 17
    row = pd.DataFrame({"Ist.": [11], "Prof.": [5], "Vol.": [1], "Pari": [0], "Totale": [17]}, index=["Totale"])
    shown = protect(row).shown()
    assert shown.iloc[0].tolist() == ["11", "ris.", "<5", "0", "17"]  # 5 hidden too: 5 + 1 = 6, split unknown
    assert audit(shown) == [] and audit(shown, min_count=5) == []


def test_small_counts_are_hidden_zeros_and_large_counts_stay() -> None:
    protected = protect(pd.DataFrame({"n": [0, 3, 1200]}, index=["a", "b", "c"]))
    assert protected.shown()["n"].tolist() == ["0", "<5", "1.200"]
    assert protected.legend().startswith("«<5»")


def test_knowing_that_a_small_count_is_1_to_4_gives_nothing_away() -> None:
    # Piemonte's "Anziano" column: four 1s under a total of 4; shown as four "<5" under "<5", each would be 1
    table = pd.DataFrame({"Anziano": [1, 1, 1, 1, 0, 4]}, index=["a", "b", "c", "d", "e", "Totale"])
    shown = protect(table).shown()
    assert shown["Anziano"].tolist()[:5] == ["<5", "<5", "<5", "<5", "0"]
    assert shown.loc["Totale", "Anziano"] == "ris."
    assert audit(shown, min_count=5) == [] and audit(shown) == []


def test_a_small_total_is_hidden_with_its_parts() -> None:
    table = pd.DataFrame({"a": [2, 1, 3], "Totale": [2, 1, 3]}, index=["x", "y", "Totale"])
    assert protect(table).shown().to_numpy().ravel().tolist() == ["<5"] * 6


def _random_table(rng: np.random.Generator, shape: int) -> pd.DataFrame:
    rows, columns = rng.integers(1, 6, size=2)
    body = rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 8, 12, 20, 45], size=(rows, columns))
    table = pd.DataFrame(body, index=[f"r{i}" for i in range(rows)], columns=[f"c{j}" for j in range(columns)])
    if shape in (0, 1):
        table["Totale"] = table.sum(axis=1)
    if shape in (0, 2):
        table.loc["Totale"] = table.sum(axis=0)
    return table


@pytest.mark.parametrize("seed", range(4))
def test_no_hidden_count_can_be_worked_out_on_random_tables(seed: int) -> None:
    rng = np.random.default_rng(seed)
    for case in range(60):
        table = _random_table(rng, case % 3)
        protected = protect(table)
        shown = protected.shown()
        assert audit(shown) == [], (table, shown)
        assert audit(shown, min_count=5) == [], (table, shown)
        assert ((table > 0) & (table < 5)).to_numpy()[~protected.hidden.to_numpy()].sum() == 0  # every small count
        assert not protected.secondary.to_numpy()[(table == 0).to_numpy()].any()  # a zero protects nothing


# --- the audit against an oracle that shares no code with it: brute force over every integer filling --------


def _brute_force(shown: pd.DataFrame, min_count: int | None) -> set[tuple[object, object]]:
    """The hidden cells whose value is the same in every filling of the hidden cells with whole numbers that
    agrees with the shown numbers and the totals (and, with ``min_count``, puts a «<N» count between 1 and N-1).

    Every filling is tried (numpy enumerates them all at once): no linear programming, nothing from the audit.
    """
    known = {(r, c): int(v) for r in shown.index for c in shown.columns if (v := shown.loc[r, c]).isdigit()}
    hidden = [(r, c) for r in shown.index for c in shown.columns if (r, c) not in known]
    top = 2 * max([*known.values(), 1])  # no cell of these tables can exceed twice the largest shown number
    ranges = [
        np.arange(1, min_count) if min_count and str(shown.loc[r, c]).startswith("<") else np.arange(top + 1)
        for r, c in hidden
    ]
    grids = [g.ravel() for g in np.meshgrid(*ranges, indexing="ij")]
    value = {**{cell: np.full(grids[0].shape, v) for cell, v in known.items()}, **dict(zip(hidden, grids, strict=True))}
    rows = [r for r in shown.index if r != "Totale"]
    columns = [c for c in shown.columns if c != "Totale"]
    fits = np.ones(grids[0].shape, dtype=bool)
    for r in shown.index:
        fits &= sum(value[(r, c)] for c in columns) == value[(r, "Totale")]
    for c in shown.columns:
        fits &= sum(value[(r, c)] for r in rows) == value[("Totale", c)]
    return {cell for cell, grid in zip(hidden, grids, strict=True) if len(np.unique(grid[fits])) == 1}


def _hide_at_random(rng: np.random.Generator, table: pd.DataFrame) -> pd.DataFrame:
    shown = table.astype(object).map(str)
    for r in table.index:
        for c in table.columns:
            if rng.random() < 0.35:
                shown.loc[r, c] = "<5" if 1 <= table.loc[r, c] <= 4 else "ris."
    return shown


@pytest.mark.parametrize("min_count", [None, 5])
def test_the_audit_agrees_with_brute_force_on_small_tables(min_count: int | None) -> None:
    rng = np.random.default_rng(7)
    checked = flagged = 0
    while checked < 150:
        rows, columns = rng.integers(1, 3, size=2)
        body = rng.integers(0, 6, size=(rows, columns))
        table = pd.DataFrame(body, index=[f"r{i}" for i in range(rows)], columns=[f"c{j}" for j in range(columns)])
        table["Totale"] = table.sum(axis=1)
        table.loc["Totale"] = table.sum(axis=0)
        shown = _hide_at_random(rng, table)
        if not 1 <= (shown.isin(["<5", "ris."])).to_numpy().sum() <= 4:
            continue
        expected = _brute_force(shown, min_count)
        assert {(r.row, r.column) for r in audit(shown, min_count=min_count)} == expected, shown
        checked += 1
        flagged += bool(expected)
    assert flagged > 20  # the oracle finds leaks too: the comparison is not only about empty lists
