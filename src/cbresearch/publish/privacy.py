"""Statistical disclosure control: small counts are never shown in published output.

Counts from 1 to ``min_count - 1`` are hidden (shown as ``"<5"``); zeros stay
visible.  Every table of a regional report goes through this module.

Examples
--------
>>> suppress_small(pd.DataFrame({"a": ["x", "y"], "n": [3, 12]}))["n"].tolist()
['<5', '12']
"""

from __future__ import annotations

import pandas as pd

#: default threshold below which counts are hidden in published tables
MIN_COUNT = 5


def suppress_small(table: pd.DataFrame, min_count: int = MIN_COUNT, columns: list[str] | None = None) -> pd.DataFrame:
    """Show counts from 1 to ``min_count - 1`` as "<min_count" (zeros stay 0).

    Parameters
    ----------
    table : DataFrame
    min_count : int
    columns : list of str, optional
        The count columns (default: every integer column).

    Examples
    --------
    >>> suppress_small(pd.DataFrame({"score": [1, 2], "count": [3, 12]}), columns=["count"])["score"].tolist()
    [1, 2]
    """
    out = table.copy()
    for column in columns or list(out.columns):
        if pd.api.types.is_integer_dtype(out[column]):
            out[column] = [f"<{min_count}" if 0 < v < min_count else str(v) for v in out[column]]
    return out
