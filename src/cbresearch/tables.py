"""Writing tables for people: CSV that spreadsheets open safely.

Examples
--------
>>> to_safe_csv(pd.DataFrame({"a": ["=1+1", "ok"]}))
b"a\\n'=1+1\\nok\\n"
"""

from __future__ import annotations

import io

import pandas as pd

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: object) -> object:
    """Prefix text that a spreadsheet would run as a formula with an apostrophe.

    Numbers are left alone (a negative number is not a formula).

    Examples
    --------
    >>> neutralise_formula("=HYPERLINK(\\"x\\")"), neutralise_formula(-3), neutralise_formula("-3 %")
    ('\\'=HYPERLINK("x")', -3, "'-3 %")
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def to_safe_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8, comma-separated CSV with formula injection neutralised in text cells."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise_formula)
    buffer = io.StringIO()
    safe.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode("utf-8")
