"""Printed figures as intervals, and consistency by interval arithmetic: cases worked out by hand."""

from __future__ import annotations

import math

import pytest

from cbresearch.check.consistency import evaluate
from cbresearch.printed import Interval, printed_interval
from cbresearch.sources.registry import registry_settings


def test_the_registry_states_the_rounding_rule_once() -> None:
    settings = registry_settings()
    assert settings["rounding"] == "half_up" and settings["about_tolerance"] == 0.1


@pytest.mark.parametrize(
    ("entry", "low", "high"),
    [
        # "31,9%": one decimal, half up -> every share from 31,85 up to (not including) 31,95
        ({"value": 31.9, "unit": "%", "qualifier": "exact", "precision": 0.1}, 31.85, 31.95),
        # "2,8 milioni" of persons: whole numbers 2.750.000 ... 2.849.999
        ({"value": 2_800_000, "unit": "persone", "qualifier": "exact", "precision": 100_000}, 2_750_000, 2_849_999),
        # "708.000", read as rounded to the thousand
        ({"value": 708_000, "unit": "persone", "qualifier": "exact", "precision": 1000}, 707_500, 708_499),
        # an exact count printed in full is itself
        ({"value": 909_186, "unit": "utenti", "qualifier": "exact", "precision": 1}, 909_186, 909_186),
        # "circa 80" with the registry's tolerance of 10 %
        ({"value": 80, "unit": "reti", "qualifier": "about"}, 72, 88),
        # "oltre 600"
        ({"value": 600, "unit": "operatori", "qualifier": "more_than"}, 600, math.inf),
    ],
)
def test_printed_intervals(entry: dict, low: float, high: float) -> None:
    interval = printed_interval(entry, 0.1)
    assert (interval.low, interval.high) == pytest.approx((low, high))


FIGURES = {
    "users": Interval.point(909_186),
    "need": Interval(2_750_000, 2_849_999),  # "2,8 milioni"
    "share": Interval(31.85, 31.95),  # "31,9 %"
}


def test_the_elderly_coverage_is_consistent_only_within_rounding() -> None:
    # 909.186 / 31,95 % = 2.845.652,6 and 909.186 / 31,85 % = 2.854.587,1: of the printed need [2.750.000; 2.849.999]
    # only 2.845.653 ... 2.849.999 gives a share that rounds to 31,9 %
    rule = {"type": "ratio", "numerator": "users", "denominator": "need", "scale": 100}
    outcome = evaluate(rule, "share", FIGURES, {"need": "bisogno"})
    assert outcome.holds
    assert outcome.value.low == pytest.approx(31.9013, abs=1e-4) and outcome.value.high == pytest.approx(
        33.0613, abs=1e-4
    )
    assert outcome.reason.endswith("entro l'arrotondamento solo se «bisogno» è tra 2.845.653 e 2.849.999")


def test_a_check_that_fails_says_by_how_much_and_what_would_make_it_hold() -> None:
    # with a need of "2,5 milioni" the share is 909.186 / [2.450.000; 2.549.999] = [35,65; 37,11] %:
    # 35,654 - 31,95 = 3,70 points too high; 31,9 % would need a need between 2.845.653 and 2.854.587
    figures = FIGURES | {"need": Interval(2_450_000, 2_549_999)}
    rule = {"type": "ratio", "numerator": "users", "denominator": "need", "scale": 100}
    outcome = evaluate(rule, "share", figures, {"need": "bisogno"})
    assert not outcome.holds
    assert "fuori da [31,85; 31,95] di 3,70" in outcome.reason
    assert "servirebbe «bisogno» tra 2.845.653 e 2.854.587" in outcome.reason


def test_shares_that_add_up_within_rounding() -> None:
    figures = {"a": Interval(64.5, 65.5), "b": Interval(25.5, 26.5), "c": Interval(8.5, 9.5)}  # 65 %, 26 %, 9 %
    assert evaluate({"type": "shares_sum", "group": ["a", "b", "c"]}, "a", figures).holds
    off = figures | {"c": Interval(11.5, 12.5)}  # 65 + 26 + 12 = 103: even the lowest ends give 101,5
    assert not evaluate({"type": "shares_sum", "group": ["a", "b", "c"]}, "a", off).holds


def test_an_integer_split_of_the_facilitators() -> None:
    # 380 facilitators, 65 / 26 / 9 %: 247 + 99 + 34 = 380 and 247/380 = 65,0 %, 99/380 = 26,05 %, 34/380 = 8,95 %
    figures = {
        "total": Interval.point(380),
        "a": Interval(64.5, 65.5),
        "b": Interval(25.5, 26.5),
        "c": Interval(8.5, 9.5),
    }
    outcome = evaluate({"type": "integer_split", "group": ["a", "b", "c"]}, "total", figures)
    assert outcome.holds and outcome.reason.startswith("380 = 247 + 99 + 34")


def test_sums_of_exact_counts() -> None:
    figures = {"workshop": Interval.point(4), "webinar": Interval.point(8), "meetings": Interval.point(12)}
    assert evaluate({"type": "sum", "of": ["workshop", "webinar"]}, "meetings", figures).holds
    figures["meetings"] = Interval.point(13)
    outcome = evaluate({"type": "sum", "of": ["workshop", "webinar"]}, "meetings", figures)
    assert not outcome.holds and outcome.reason == "4 + 8 = 12: non 13: differenza 1"
