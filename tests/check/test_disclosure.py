"""The disclosure audit: hand-made tables whose hidden cells a reader can (or cannot) work out, solved by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from cbresearch.check.disclosure.audit import audit, hidden_ranges, parse_count


def test_a_single_hidden_cell_of_a_row_with_its_total_is_recoverable() -> None:
    # the Emilia-Romagna row: 11 + 5 + ? + 0 = 17, so the hidden cell is 1
    row = pd.DataFrame(
        {"Istituzionale": ["11"], "Professionale": ["5"], "Volontariato": ["<5"], "Tra pari": ["0"], "Totale": ["17"]},
        index=["Totale"],
    )
    found = audit(row)
    assert [(r.row, r.column, r.low, r.high) for r in found] == [("Totale", "Volontariato", 1.0, 1.0)]


def test_two_hidden_cells_of_a_row_leave_a_range() -> None:
    row = pd.DataFrame({"a": ["11"], "b": ["ris."], "c": ["<5"], "d": ["0"], "Totale": ["17"]}, index=["Totale"])
    assert audit(row) == []
    assert audit(row, min_count=5) == []  # b + c = 6 with 1 <= c <= 4: c in [1, 4], b in [2, 5]


def test_a_column_total_binds_as_well() -> None:
    table = pd.DataFrame({"n": ["7", "<5", "9"]}, index=["a", "b", "Totale"])
    assert [(r.row, r.low) for r in audit(table)] == [("b", 2.0)]


def test_what_a_reader_knows_of_small_counts_can_pin_a_cell() -> None:
    # x + y = 8 with both "<5" (1 to 4): only x = y = 4 fits; a reader who ignores "<5" sees a range
    table = pd.DataFrame({"x": ["<5"], "y": ["<5"], "Totale": ["8"]}, index=["r"])
    assert audit(table) == []
    assert {(r.column, r.low, r.high) for r in audit(table, min_count=5)} == {("x", 4.0, 4.0), ("y", 4.0, 4.0)}


def test_ranges_of_a_two_by_two_block_solved_by_hand() -> None:
    # a b | 7      a + b = 7, c + d = 10, a + c = 9, b + d = 8: one free parameter a in [0, 7]
    # c d | 10
    known = {("x", "T"): 7, ("y", "T"): 10, ("T", "a"): 9, ("T", "b"): 8}
    unknown = dict.fromkeys([("x", "a"), ("x", "b"), ("y", "a"), ("y", "b")], (0, None))
    lines = [
        ([("x", "a"), ("x", "b")], ("x", "T")),
        ([("y", "a"), ("y", "b")], ("y", "T")),
        ([("x", "a"), ("y", "a")], ("T", "a")),
        ([("x", "b"), ("y", "b")], ("T", "b")),
    ]
    ranges = hidden_ranges(known, unknown, lines)
    assert ranges[("x", "a")] == pytest.approx((0, 7))  # b = 7 - a >= 0
    assert ranges[("y", "a")] == pytest.approx((2, 9))  # c = 9 - a
    assert ranges[("y", "b")] == pytest.approx((1, 8))  # d = 10 - c = 1 + a


def test_numbers_are_read_the_italian_way() -> None:
    assert parse_count("13.461.945") == 13461945
    assert parse_count("24,5") == 24.5
    assert parse_count("<5") is None and parse_count("ris.") is None


def test_contradicting_numbers_are_an_error() -> None:
    table = pd.DataFrame({"a": ["3"], "b": ["ris."], "Totale": ["2"]}, index=["r"])  # b would be -1
    with pytest.raises(ValueError, match="contradict"):
        audit(table)
