"""Small statistical helpers shared by the analyses.

Examples
--------
>>> round_half_up(20.825, 2)
20.83
>>> round_half_up(2.5)
3.0
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def round_half_up(value: float, digits: int = 0) -> float:
    """Round the way the slides do (half away from zero), not banker's rounding.

    Parameters
    ----------
    value : float
        The number to round.
    digits : int
        Decimal places to keep.

    Returns
    -------
    float

    Examples
    --------
    >>> round_half_up(100 * 5 / 24, 2)
    20.83
    >>> round(0.125, 2), round_half_up(0.125, 2)
    (0.12, 0.13)
    """
    quantum = Decimal(1).scaleb(-digits)
    return float(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP))
