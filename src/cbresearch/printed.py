"""Printed figures as the intervals they stand for, and the arithmetic that compares them.

A number printed with some digits stands for every value those digits round
to: with the slides' rule (round half up), "31,9 %" is [31,85; 31,95) % and
"2,8 milioni" of persons is every whole number from 2.750.000 to 2.849.999;
a count printed in full ("909.186", "9") is itself.  "circa 80" is 80 ± the registry's
tolerance; "oltre 600" is (600, +∞); an exact count printed in full is
itself.  A check between printed figures passes when *some* values inside
the inputs' intervals give a value inside the output's interval.

Examples
--------
>>> need = Interval(2_750_000, 2_850_000)
>>> share = Interval.point(909_186) / need * 100
>>> round(share.low, 3), round(share.high, 3)
(31.901, 33.061)
>>> share.overlaps(Interval(31.85, 31.95))
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .formats import number


@dataclass(frozen=True)
class Interval:
    """The closed interval ``[low, high]`` (``high`` may be ``inf``)."""

    low: float
    high: float

    @classmethod
    def point(cls, value: float) -> Interval:
        """The interval of an exact value.

        Examples
        --------
        >>> Interval.point(3)
        Interval(low=3, high=3)
        """
        return cls(value, value)

    def __add__(self, other: Interval) -> Interval:
        return Interval(self.low + other.low, self.high + other.high)

    def __mul__(self, factor: float) -> Interval:
        """Scale by a positive number."""
        return Interval(self.low * factor, self.high * factor)

    def __truediv__(self, other: Interval) -> Interval:
        """Divide by an interval of positive numbers."""
        return Interval(self.low / other.high, self.high / other.low if other.low > 0 else math.inf)

    def contains(self, value: float) -> bool:
        """Whether ``value`` lies inside (both ends included).

        Examples
        --------
        >>> Interval(1, 2).contains(2), Interval(1, 2).contains(2.1)
        (True, False)
        """
        return self.low <= value <= self.high

    def overlaps(self, other: Interval) -> bool:
        """Whether the two intervals share a value.

        Examples
        --------
        >>> Interval(1, 2).overlaps(Interval(2, 3)), Interval(1, 2).overlaps(Interval(2.5, 3))
        (True, False)
        """
        return self.low <= other.high and other.low <= self.high

    def intersection(self, other: Interval) -> Interval | None:
        """The common part, or ``None``.

        Examples
        --------
        >>> Interval(1, 3).intersection(Interval(2, 5))
        Interval(low=2, high=3)
        """
        low, high = max(self.low, other.low), min(self.high, other.high)
        return Interval(low, high) if low <= high else None

    def gap(self, other: Interval) -> float:
        """How far apart the two intervals are (0 when they overlap).

        Examples
        --------
        >>> Interval(1, 2).gap(Interval(5, 6)), Interval(5, 6).gap(Interval(1, 2))
        (3, 3)
        """
        return max(0, other.low - self.high, self.low - other.high)

    def text(self, decimals: int = 0, unit: str = "", open_word: str = "oltre", years: bool = False) -> str:
        """The interval written the Italian way: ``[31,85; 31,95] %``, ``oltre 600``.

        Parameters
        ----------
        decimals : int
            Decimal places of the ends.
        unit : str
            Written after the interval.
        open_word : str
            The word before an interval without upper end ("oltre", "almeno").
        years : bool
            Write the ends as years (no thousands point).

        Examples
        --------
        >>> Interval(31.85, 31.95).text(2, "%"), Interval(600, math.inf).text(), Interval(2009, 2009).text(years=True)
        ('[31,85; 31,95] %', 'oltre 600', '2009')
        """

        def shown(value: float) -> str:
            return str(int(value)) if years else number(value, decimals)

        suffix = f" {unit}" if unit else ""
        if self.high == math.inf:
            return f"{open_word} {shown(self.low)}{suffix}"
        if self.low == self.high:
            return f"{shown(self.low)}{suffix}"
        return f"[{shown(self.low)}; {shown(self.high)}]{suffix}"


def printed_interval(entry: dict, about_tolerance: float) -> Interval:
    """The interval a registered figure stands for, from its value, qualifier and printed precision.

    Examples
    --------
    >>> printed_interval({"value": 31.9, "unit": "%", "qualifier": "exact", "precision": 0.1}, 0.1)
    Interval(low=31.849999999999998, high=31.95)
    >>> printed_interval({"value": 2_800_000, "unit": "persone", "qualifier": "exact", "precision": 100_000}, 0.1)
    Interval(low=2750000.0, high=2849999.0)
    >>> printed_interval({"value": 9, "unit": "parametri", "qualifier": "exact", "precision": 1}, 0.1)
    Interval(low=9.0, high=9.0)
    >>> printed_interval({"value": 80, "qualifier": "about"}, 0.1)
    Interval(low=72.0, high=88.0)
    >>> printed_interval({"value": 600, "qualifier": "more_than"}, 0.1)
    Interval(low=600.0, high=inf)
    """
    value = float(entry["value"])
    qualifier = entry["qualifier"]
    if "interval" in entry:
        low, high = entry["interval"]
        return Interval(float(low), float(high))
    if qualifier == "about":
        return Interval(value * (1 - about_tolerance), value * (1 + about_tolerance))
    if qualifier in ("more_than", "at_least"):
        return Interval(value, math.inf)
    half = float(entry["precision"]) / 2
    if entry.get("unit") == "%" or not value.is_integer():
        return Interval(value - half, value + half)
    # a count: the whole numbers that round (half up) to the printed digits, e.g. 708.000 -> [707.500; 708.499]
    return Interval(float(math.ceil(value - half)), float(math.ceil(value + half) - 1))


def decimals_of(entry: dict) -> int:
    """How many decimals to show for a figure: those of its printed precision (at least none).

    Examples
    --------
    >>> decimals_of({"precision": 0.01}), decimals_of({"precision": 1000}), decimals_of({})
    (2, 0, 0)
    """
    precision = float(entry.get("precision", 1))
    return max(0, -math.floor(math.log10(precision) + 1e-9)) if precision < 1 else 0


def interval_text(entry: dict, interval: Interval) -> str:
    """How a figure's interval (published or recomputed) is written: ends on half digits for shares.

    Examples
    --------
    >>> interval_text({"unit": "%", "precision": 0.1, "value": 31.9}, Interval(31.85, 31.95))
    '[31,85; 31,95]'
    >>> interval_text({"unit": "anno", "precision": 1, "value": 2009}, Interval(2009, 2009))
    '2009'
    >>> interval_text({"unit": "%", "qualifier": "at_least", "value": 40}, Interval(40, math.inf))
    'almeno 40'
    """
    continuous = entry.get("unit") == "%" or not float(entry["value"]).is_integer()
    decimals = decimals_of(entry) + (1 if continuous and "precision" in entry else 0)
    word = "almeno" if entry.get("qualifier") == "at_least" else "oltre"
    return interval.text(decimals, open_word=word, years=entry.get("unit") == "anno")
