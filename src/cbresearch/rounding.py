"""Rounding the way the slides do: half away from zero, on the decimal digits as printed.

Used by the reconstruction (which counts give a published share), the
analyses (shares shown with the seed's decimals) and the reproduction check,
so it lives at the bottom of the package, below all of them.

Examples
--------
>>> round_half_up(20.825, 2)
20.83
>>> round_half_up(2.5)
3.0
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from itertools import product


def round_half_up(value: float, digits: int = 0) -> float:
    """Round half away from zero, not to even (Python's ``round``).

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


def integer_split(total: int, shares: list[float], decimals: int) -> list[int] | None:
    """Whole numbers adding up to ``total`` whose percentages round to ``shares`` (largest remainder), if any.

    Examples
    --------
    >>> integer_split(380, [65, 26, 9], 0)
    [247, 99, 34]
    >>> integer_split(10, [33, 33, 33], 0) is None
    True
    """
    ranges = []
    for share in shares:
        half = 0.5 * 10 ** (-decimals)
        low = max(0, int(-(-(share - half) * total // 100)))
        high = int((share + half) * total // 100)
        candidates = [k for k in range(low, high + 1) if round_half_up(100 * k / total, decimals) == share]
        if not candidates:
            return None
        ranges.append(candidates)
    exact = [total * share / 100 for share in shares]
    best = None
    for combination in product(*ranges):
        if sum(combination) == total:
            distance = sum(abs(c - e) for c, e in zip(combination, exact, strict=True))
            if best is None or distance < best[0]:
                best = (distance, list(combination))
    return None if best is None else best[1]
