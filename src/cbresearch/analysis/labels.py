"""The vocabularies of the coverage table as enumerations carrying their Italian labels.

The table keeps English values (its CSV and parquet are data, read by other
tools); whoever publishes a value looks its member up — ``Comparison(value)``
— and reads what it needs: the Italian ``label``, the ``side`` of Italy, the
``verdict``.  Nothing downstream matches English words by prefix or replaces
them by substring.

Examples
--------
>>> Comparison.SIMILAR.label
'simile'
>>> Comparison("lower (worse)").side, Comparison("lower (worse)").verdict
(<Side.LOWER: 'lower'>, <Verdict.WORSE: 'worse'>)
>>> FunnelPosition("outside 99.8%").label, Trend("stable").label
('oltre i limiti al 99,8 %', 'stabile')
"""

from __future__ import annotations

from enum import StrEnum


class _Labelled(StrEnum):
    """A value as the data keep it, with the label an Italian reader reads."""

    label: str

    def __new__(cls, value: str, label: str = "") -> _Labelled:  # label optional: `Comparison(value)` looks up
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member


class Side(_Labelled):
    """Where a region lies against Italy, beyond the variation between regions or within it."""

    HIGHER = "higher", "più alto"
    LOWER = "lower", "più basso"
    SIMILAR = "similar", "simile"


class Verdict(_Labelled):
    """Whether that side is the better one (indicators with a polarity only)."""

    BETTER = "better", "meglio"
    WORSE = "worse", "peggio"


class Comparison(_Labelled):
    """The coverage table's ``comparison_with_italy``."""

    HIGHER_BETTER = "higher (better)", "più alto (meglio)"
    HIGHER_WORSE = "higher (worse)", "più alto (peggio)"
    LOWER_BETTER = "lower (better)", "più basso (meglio)"
    LOWER_WORSE = "lower (worse)", "più basso (peggio)"
    HIGHER = "higher", "più alto"
    LOWER = "lower", "più basso"
    SIMILAR = "similar", "simile"
    NOT_COMPARED = "not compared", "non confrontato"
    BENCHMARK = "benchmark", "riferimento"

    @property
    def side(self) -> Side | None:
        """Higher, lower or similar; None for Italy itself and for a region not compared."""
        return _SIDES.get(self)

    @property
    def verdict(self) -> Verdict | None:
        """Better or worse, when the indicator has a better direction and the region is beyond the variation."""
        return _VERDICTS.get(self)

    @classmethod
    def of(cls, side: Side, verdict: Verdict | None = None) -> Comparison:
        """The comparison of a side and, for an indicator with a polarity, its verdict.

        Examples
        --------
        >>> Comparison.of(Side.HIGHER, Verdict.WORSE).value
        'higher (worse)'
        """
        return next(c for c in cls if c.side is side and c.verdict is (None if side is Side.SIMILAR else verdict))


_SIDES = {
    **dict.fromkeys((Comparison.HIGHER_BETTER, Comparison.HIGHER_WORSE, Comparison.HIGHER), Side.HIGHER),
    **dict.fromkeys((Comparison.LOWER_BETTER, Comparison.LOWER_WORSE, Comparison.LOWER), Side.LOWER),
    Comparison.SIMILAR: Side.SIMILAR,
}
_VERDICTS = {
    **dict.fromkeys((Comparison.HIGHER_BETTER, Comparison.LOWER_BETTER), Verdict.BETTER),
    **dict.fromkeys((Comparison.HIGHER_WORSE, Comparison.LOWER_WORSE), Verdict.WORSE),
}


class FunnelPosition(_Labelled):
    """The coverage table's ``funnel_position``: where a region falls among the control limits."""

    WITHIN_95 = "within 95%", "entro i limiti al 95 %"
    BETWEEN = "between 95% and 99.8%", "tra i limiti al 95 % e al 99,8 %"
    OUTSIDE = "outside 99.8%", "oltre i limiti al 99,8 %"
    BENCHMARK = "benchmark", "riferimento"


class Trend(_Labelled):
    """How a region's recent history reads (the coverage table's ``trend``)."""

    IMPROVING = "improving", "in miglioramento"
    WORSENING = "worsening", "in peggioramento"
    STABLE = "stable", "stabile"
    INCREASING = "increasing", "in aumento"  # significant rise of an indicator without a polarity
    DECREASING = "decreasing", "in diminuzione"
    TOO_SHORT = "not enough years", "anni insufficienti"


#: every labelled value of the coverage table -> its Italian label
LABELS: dict[str, str] = {member.value: member.label for kind in (Comparison, FunnelPosition, Trend) for member in kind}
