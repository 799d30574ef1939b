"""Numbers and dates written the Italian way: the one helper every page, report, message and tick uses.

Decimal comma, thousands point (``13.461.945``, ``24,49``), a space before
``%`` (``24,49 %``), dates as ``28 novembre 2026``.  It never reads the
machine's locale: the output is the same on every computer.

Examples
--------
>>> number(13461945), number(24.4949, 2), percent(31.9, 1)
('13.461.945', '24,49', '31,9 %')
>>> italian_date(__import__("datetime").date(2026, 11, 28))
'28 novembre 2026'
"""

from __future__ import annotations

import math
from datetime import date, datetime

MONTHS = (
    "gennaio",
    "febbraio",
    "marzo",
    "aprile",
    "maggio",
    "giugno",
    "luglio",
    "agosto",
    "settembre",
    "ottobre",
    "novembre",
    "dicembre",
)
MISSING = "–"


def number(value: float | int | None, decimals: int | None = None, missing: str = MISSING) -> str:
    """A number with a decimal comma and a thousands point.

    Parameters
    ----------
    value : number or None
        ``None`` and NaN give ``missing``.
    decimals : int, optional
        Decimal places; by default 0 for whole numbers and 2 otherwise.

    Examples
    --------
    >>> number(1234567.891, 1), number(-0.5, 1), number(1000), number(float("nan"))
    ('1.234.567,9', '-0,5', '1.000', '–')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return missing
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 2
    text = f"{float(value):,.{decimals}f}"
    if text in ("-0", "-0." + "0" * decimals):  # rounding to zero keeps no sign
        text = text[1:]
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def percent(value: float | None, decimals: int = 1, missing: str = MISSING) -> str:
    """A percentage (the value already in %), Italian style: ``24,5 %``.

    Examples
    --------
    >>> percent(20.8333, 2), percent(None)
    ('20,83 %', '–')
    """
    shown = number(value, decimals, missing)
    return shown if shown == missing else f"{shown} %"


def signed(value: float | None, decimals: int = 1, missing: str = MISSING) -> str:
    """A change with its sign: ``+1,2``, ``-0,4``, ``0,0``.

    Examples
    --------
    >>> signed(1.234), signed(-0.44), signed(-0.04), signed(0.0)
    ('+1,2', '-0,4', '0,0', '0,0')
    """
    shown = number(value, decimals, missing)
    if shown == missing or value is None or shown.startswith("-") or not any(c in "123456789" for c in shown):
        return shown  # negative numbers carry their sign; a change that rounds to zero gets none
    return "+" + shown


def italian_date(day: date | datetime) -> str:
    """A date as Italian prose writes it: ``4 febbraio 2021``.

    Examples
    --------
    >>> italian_date(date(2021, 2, 4))
    '4 febbraio 2021'
    """
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def italian_datetime(moment: datetime) -> str:
    """A date and time: ``28 novembre 2026, 20:09``.

    Examples
    --------
    >>> italian_datetime(datetime(2026, 11, 28, 20, 9))
    '28 novembre 2026, 20:09'
    """
    return f"{italian_date(moment)}, {moment:%H:%M}"
