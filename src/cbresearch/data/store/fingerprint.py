"""The data version: one fingerprint of the raw inputs, used for every staleness decision.

:func:`data_version` hashes every file under the raw directory (the bundled
datasets, their deliveries, the ISTAT tables and boundaries, their
provenance) by relative path and content.  It is the only fingerprint of the
data in the package:

* ``cbresearch clean`` records it, with the per-file digests, in
  ``validation_report.json``; :func:`cbresearch.data.store.load.load` compares the
  files now in ``data/raw`` with those digests and refuses to read tables
  cleaned from other data, naming the files that changed;
* the coverage cache is keyed on it;
* the report batch rebuilds a report when it changed, and every report and
  the index print it.

Hidden files and the lock files of office programs (``.~lock.x.xlsx#``,
``~$x.xlsx``) are not data and are left out.

Examples
--------
>>> from cbresearch import config
>>> version = data_version(config.RAW_DIR)
>>> len(version), version == data_version(config.RAW_DIR)
(12, True)
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ... import config
from ...files import sha256_file

#: sha256 by (path, size, modification time): a process that checks staleness often hashes each file once
_DIGEST_CACHE: dict[tuple[str, int, int], str] = {}


def _digest(path: Path) -> str:
    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    if key not in _DIGEST_CACHE:
        _DIGEST_CACHE[key] = sha256_file(path)
    return _DIGEST_CACHE[key]


def _is_data(path: Path, root: Path) -> bool:
    parts = path.relative_to(root).parts
    return path.is_file() and not any(part.startswith((".", "~$")) for part in parts)


def raw_digests(raw_dir: Path | None = None) -> dict[str, str]:
    """``{relative path: sha256}`` of every data file under the raw directory, sorted by path.

    Examples
    --------
    >>> digests = raw_digests()
    >>> "survey_responses.csv" in digests, "istat/population.csv" in digests
    (True, True)
    """
    root = Path(raw_dir or config.RAW_DIR)
    files = sorted((p for p in root.rglob("*") if _is_data(p, root)), key=lambda p: p.relative_to(root).as_posix())
    return {p.relative_to(root).as_posix(): _digest(p) for p in files}


def version_of(digests: dict[str, str]) -> str:
    """The short data version (12 hex digits) of a set of per-file digests.

    Examples
    --------
    >>> version_of({"a.csv": "00"}) == version_of({"a.csv": "00"}), version_of({}) == version_of({"a.csv": "00"})
    (True, False)
    """
    digest = hashlib.sha256()
    for name, sha in sorted(digests.items()):
        digest.update(f"{name}\0{sha}\n".encode())
    return digest.hexdigest()[:12]


def data_version(raw_dir: Path | None = None) -> str:
    """The version of the raw data: :func:`version_of` the :func:`raw_digests`.

    Examples
    --------
    >>> import shutil, tempfile
    >>> from cbresearch import config
    >>> with tempfile.TemporaryDirectory() as d:
    ...     copy = shutil.copytree(config.RAW_DIR, Path(d) / "raw")
    ...     same = data_version(copy) == data_version(config.RAW_DIR)
    ...     _ = (copy / "survey_responses.csv").write_text("changed")
    ...     changed = data_version(copy) != data_version(config.RAW_DIR)
    >>> same, changed
    (True, True)
    """
    return version_of(raw_digests(raw_dir))


def changed_files(recorded: dict[str, str], raw_dir: Path | None = None) -> list[str]:
    """Raw files added, removed or modified since ``recorded`` (as ``raw_digests`` gave it then).

    Examples
    --------
    >>> changed_files({"survey_responses.csv": "0" * 64, "old.csv": "1" * 64}, Path("/nonexistent"))
    ['old.csv', 'survey_responses.csv']
    """
    root = Path(raw_dir or config.RAW_DIR)
    now = raw_digests(root) if root.is_dir() else {}
    return sorted(name for name in set(now) | set(recorded) if now.get(name) != recorded.get(name))
