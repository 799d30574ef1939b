"""Writing the need-coverage cache that reports read (a command writes it; the analysis only reads it).

Computing the coverage table takes a fraction of a second, but every report
of a batch needs it: the batch and ``cbresearch coverage`` write it once into
``data/processed`` with the key it was computed under
(:func:`cbresearch.analysis.coverage.cache_key`), and
:func:`cbresearch.analysis.coverage.need_coverage` reads it while the key matches.

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

from ..analysis.coverage import cache_key, cache_path, need_coverage_by_region
from ..files import StagedOutputs


def write_coverage_cache(year: int | None = None, processed_dir: Path | None = None) -> Path:
    """Compute the coverage table of ``year`` and write it with its key (unless it is current); return its path."""
    path = cache_path(year, processed_dir)
    key = cache_key(year)
    key_path = path.with_suffix(".key")
    if path.exists() and key_path.exists() and key_path.read_text(encoding="utf-8") == key:
        return path  # computed from the same data and code: nothing to do
    table = need_coverage_by_region(year)
    buffer = io.BytesIO()
    table.to_parquet(buffer, index=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    with StagedOutputs() as staged:
        staged.write_bytes(path, buffer.getvalue())
        staged.write_text(key_path, key)
    return path
