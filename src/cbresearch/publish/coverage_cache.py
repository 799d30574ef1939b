"""The need-coverage table as reports, commands and notebooks read it: computed once, cached in ``data/processed``.

Computing the coverage table takes about a second, and every report of a
batch needs it: the batch and ``cbresearch coverage`` write it once into
``data/processed`` with the key it was computed under (the data version, the
package version and the source of every module it depends on), and
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

import hashlib
import io
from pathlib import Path

import pandas as pd

from .. import config
from ..analysis import coverage, priority
from ..analysis.coverage import need_coverage_by_region
from ..data import regions
from ..data.fingerprint import data_version
from ..data.load import istat_tables
from ..files import StagedOutputs
from ..sources import standards

#: the code whose changes change the table (besides the data): every module of the analysis layer, its
#: settings, the reference rates and the region names
_CODE_FOLDERS = (Path(coverage.__file__).parent,)
_CODE_FILES = (Path(standards.__file__), Path(regions.__file__), Path(priority.PRIORITY_FILE))


def cache_path(year: int | None, processed_dir: Path | None = None) -> Path:
    """Where the cached table of ``year`` lives (its key next to it, with suffix ``.key``).

    Examples
    --------
    >>> cache_path(None).name, cache_path(2019).name
    ('need_coverage_latest.parquet', 'need_coverage_2019.parquet')
    """
    name = f"need_coverage_{'latest' if year is None else year}.parquet"
    return Path(processed_dir or config.PROCESSED_DIR) / name


def cache_key(year: int | None) -> str:
    """What the cached table was computed from: the data version, the package and its code, the year.

    Examples
    --------
    >>> cache_key(None) == cache_key(None), cache_key(None) == cache_key(2019)
    (True, False)
    """
    digest = hashlib.sha256(f"{data_version()}|{config.PACKAGE_VERSION}|{year}".encode())
    files = sorted(p for folder in _CODE_FOLDERS for p in folder.glob("*.py")) + list(_CODE_FILES)
    for path in files:
        digest.update(path.read_bytes())
    return digest.hexdigest()


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
    path = cache_path(year)
    key_path = path.with_suffix(".key")
    if path.exists() and key_path.exists() and key_path.read_text(encoding="utf-8") == cache_key(year):
        return pd.read_parquet(path)
    return need_coverage_by_region(istat_tables(), year)


def write_coverage_cache(year: int | None = None, processed_dir: Path | None = None) -> Path:
    """Compute the coverage table of ``year`` and write it with its key (unless it is current); return its path."""
    path = cache_path(year, processed_dir)
    key = cache_key(year)
    key_path = path.with_suffix(".key")
    if path.exists() and key_path.exists() and key_path.read_text(encoding="utf-8") == key:
        return path  # computed from the same data and code: nothing to do
    table = need_coverage_by_region(istat_tables(), year)
    buffer = io.BytesIO()
    table.to_parquet(buffer, index=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    with StagedOutputs() as staged:
        staged.write_bytes(path, buffer.getvalue())
        staged.write_text(key_path, key)
    return path
