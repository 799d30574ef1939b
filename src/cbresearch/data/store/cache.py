"""Every cache of the package in one place: one key, built from the data version and the code version.

A cached artefact — the need-coverage table, the figures every report
shares, the overview of a batch, the manifest entry of a report — is valid
while the data and the code it was computed from are unchanged.  The key
says so once for all of them:

* :func:`code_version` — the package version plus a hash of every source
  file of the package (modules, templates, settings): renaming a region's
  label in :mod:`cbresearch.data.schema.regions` changes it, so the next run
  rebuilds everything that shows the name;
* :func:`schema_version` — the same hash over the ``data`` layer only: the
  cleaned tables are stale when it changes;
* :func:`cache_key` — data version, code version and what else tells two
  artefacts apart (a year, a region);
* :func:`read_cached` / :func:`write_cached` — an artefact with its key
  beside it (``name.key``), written atomically; a stale or missing key reads
  as nothing.

Reading never writes: only the commands call :func:`write_cached`.

Examples
--------
>>> import tempfile
>>> with tempfile.TemporaryDirectory() as folder:
...     path = Path(folder) / "table.parquet"
...     key = cache_key(2019)
...     before = read_cached(path, key)
...     _ = write_cached(path, key, b"contents")
...     before, read_cached(path, key), read_cached(path, cache_key(2020))
(None, b'contents', None)
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ... import config
from ...files import StagedOutputs
from .fingerprint import data_version

#: the source files whose contents make the code version
SOURCE_SUFFIXES = (".py", ".yaml", ".j2", ".json", ".js", ".css")
_CODE_VERSIONS: dict[tuple, str] = {}


def code_version(package_dir: Path | None = None) -> str:
    """Package version plus a hash of the package's source: a change of code rebuilds what it made.

    Parameters
    ----------
    package_dir : Path, optional
        The package's folder (default: this package).

    Examples
    --------
    >>> code_version().startswith(config.PACKAGE_VERSION + "+")
    True
    """
    folder = Path(package_dir or config.PACKAGE_DIR)
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in SOURCE_SUFFIXES)
    stamp = tuple((p.as_posix(), (st := p.stat()).st_size, st.st_mtime_ns) for p in files)
    if stamp not in _CODE_VERSIONS:
        digest = hashlib.sha256()
        for path in files:
            digest.update(path.relative_to(folder).as_posix().encode())
            digest.update(path.read_bytes())
        _CODE_VERSIONS[stamp] = f"{config.PACKAGE_VERSION}+{digest.hexdigest()[:8]}"
    return _CODE_VERSIONS[stamp]


def schema_version() -> str:
    """The version of the code the processed tables depend on: the ``data`` layer (schemas, vocabularies, cleaning).

    A label renamed in a vocabulary (a region's name) makes the cleaned tables
    stale, as changed raw data would; a change elsewhere (a plot) does not.

    Examples
    --------
    >>> schema_version() == code_version(config.PACKAGE_DIR / "data")
    True
    """
    return code_version(config.PACKAGE_DIR / "data")


def cache_key(*parts: object) -> str:
    """The key of a cached artefact: the data version, the code version and ``parts`` (a year, a name …).

    Examples
    --------
    >>> cache_key(None) == cache_key(None), cache_key(None) == cache_key(2019)
    (True, False)
    """
    return "|".join([data_version(), code_version(), *map(str, parts)])


def key_path(path: Path) -> Path:
    """Where the key of the artefact at ``path`` is kept.

    Examples
    --------
    >>> key_path(Path("x/need_coverage_latest.parquet")).as_posix()
    'x/need_coverage_latest.key'
    """
    return Path(path).with_suffix(".key")


def read_cached(path: Path, key: str) -> bytes | None:
    """The bytes of the artefact at ``path`` if it was written under ``key``; otherwise None (never raises).

    Examples
    --------
    >>> read_cached(Path("/nonexistent/x.parquet"), "k") is None
    True
    """
    try:
        if key_path(path).read_text(encoding="utf-8") == key:
            return Path(path).read_bytes()
    except (OSError, UnicodeDecodeError):
        pass
    return None


def write_cached(path: Path, key: str, contents: bytes) -> Path:
    """Write the artefact and its key together (both or neither); return ``path``.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = write_cached(Path(folder) / "a.json", "k", b"{}")
    ...     key_path(path).read_text()
    'k'
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with StagedOutputs() as staged:
        staged.write_bytes(path, contents)
        staged.write_text(key_path(path), key)
    return path
