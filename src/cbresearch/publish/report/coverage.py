"""The need-coverage table as reports, commands and notebooks read it: computed once, cached in ``data/processed``.

Computing the coverage table takes about a second, and every report of a
batch needs it: the batch and ``cbresearch coverage`` write it once into
``data/processed`` with the key it was computed under
(:func:`cbresearch.data.store.cache.cache_key`: the data version, the code
version and the year), and
:func:`need_coverage` reads it while the key matches, or else loads the ISTAT
tables and computes it — without writing.  The analysis itself
(:func:`cbresearch.analysis.coverage.need_coverage_by_region`) never loads.

Examples
--------
>>> import tempfile
>>> with tempfile.TemporaryDirectory() as d:
...     path = write_coverage_cache(None, Path(d))
...     path.name, path.with_suffix(".key").exists()
('need_coverage_latest.parquet', True)
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from ... import config
from ...analysis.coverage import need_coverage_by_region
from ...data.store.cache import cache_key, read_cached, write_cached
from ...data.store.load import istat_tables


def cache_path(year: int | None, processed_dir: Path | None = None) -> Path:
    """Where the cached table of ``year`` lives (its key next to it, with suffix ``.key``).

    Examples
    --------
    >>> cache_path(None).name, cache_path(2019).name
    ('need_coverage_latest.parquet', 'need_coverage_2019.parquet')
    """
    name = f"need_coverage_{'latest' if year is None else year}.parquet"
    return Path(processed_dir or config.PROCESSED_DIR) / name


def need_coverage(year: int | None = None) -> pd.DataFrame:
    """The need-coverage table: read from the commands' cache when it is current, else computed (never written).

    Parameters
    ----------
    year : int, optional
        The year to report (default: the latest of each indicator).

    Examples
    --------
    >>> need_coverage().equals(need_coverage_by_region(istat_tables()))
    True
    """
    cached = read_cached(cache_path(year), cache_key(year))
    if cached is not None:
        return pd.read_parquet(io.BytesIO(cached))
    return need_coverage_by_region(istat_tables(), year)


def write_coverage_cache(year: int | None = None, processed_dir: Path | None = None) -> Path:
    """Compute the coverage table of ``year`` and write it with its key (unless it is current); return its path."""
    path, key = cache_path(year, processed_dir), cache_key(year)
    if read_cached(path, key) is not None:
        return path  # computed from the same data and code: nothing to do
    buffer = io.BytesIO()
    need_coverage_by_region(istat_tables(), year).to_parquet(buffer, index=False)
    return write_cached(path, key, buffer.getvalue())
