"""Writing files safely and fingerprinting them: the only place that knows how outputs reach the disk.

Every writer in the package goes through :func:`atomic_write_bytes` (one file)
or :class:`StagedOutputs` (several files that appear together): content is
written to a temporary file in the destination folder and renamed into place,
so an interrupted run leaves the previous file intact and a reader never sees
half a file.

Examples
--------
>>> import tempfile
>>> with tempfile.TemporaryDirectory() as d:
...     atomic_write_text(Path(d) / "a.txt", "ciao")
...     sha256_file(Path(d) / "a.txt")[:12]
'b133a0c0e9be'
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

_UMASK = os.umask(0)
os.umask(_UMASK)


def sha256_file(path: Path) -> str:
    """The hex sha256 of a file, read in blocks.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     _ = (Path(d) / "x").write_bytes(b"")
    ...     sha256_file(Path(d) / "x")[:8]
    'e3b0c442'
    """
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _temp_path(path: Path, tag: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.{tag}", suffix=".tmp", dir=path.parent)
    os.close(handle)
    os.chmod(name, 0o666 & ~_UMASK)  # mkstemp creates 0600; outputs get the usual mode
    return Path(name)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    An interrupted write leaves the previous file intact.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     atomic_write_bytes(Path(d) / "a.txt", b"ciao")
    ...     (Path(d) / "a.txt").read_bytes()
    b'ciao'
    """
    path = Path(path)
    temp = _temp_path(path)
    try:
        temp.write_bytes(data)
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)


def atomic_write_text(path: Path, text: str) -> None:
    """Write UTF-8 text atomically (see :func:`atomic_write_bytes`).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     atomic_write_text(Path(d) / "a.txt", "città")
    ...     (Path(d) / "a.txt").read_text(encoding="utf-8")
    'città'
    """
    atomic_write_bytes(path, text.encode("utf-8"))


def json_bytes(payload: Any) -> bytes:
    """Indented UTF-8 JSON with a final newline, as every JSON file of the project is written.

    Examples
    --------
    >>> json_bytes({"città": 1})
    b'{\\n  "citt\\xc3\\xa0": 1\\n}\\n'
    """
    return (json.dumps(payload, ensure_ascii=False, indent=2, default=str) + "\n").encode("utf-8")


class StagedOutputs:
    """Stage several output files, then move them all into place at once.

    Nothing is visible at the destination until :meth:`commit`; if the block
    raises, the staged files are removed and the old outputs stay as they were.

    Parameters
    ----------
    tag : str
        Added to the temporary files' names (a run's id), so that two runs
        writing into the same folder never touch each other's files.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     with StagedOutputs() as staged:
    ...         staged.write_bytes(Path(d) / "a.txt", b"1")
    ...         (Path(d) / "a.txt").exists()
    ...     (Path(d) / "a.txt").exists()
    False
    True
    """

    def __init__(self, tag: str = "") -> None:
        self._staged: list[tuple[Path, Path]] = []
        self._tag = f"{tag}." if tag else ""

    def path_for(self, destination: Path) -> Path:
        """Return a temporary path to write ``destination``'s content to."""
        temp = _temp_path(Path(destination), self._tag)
        self._staged.append((temp, Path(destination)))
        return temp

    def write_bytes(self, destination: Path, data: bytes) -> None:
        """Stage ``data`` for ``destination``."""
        self.path_for(destination).write_bytes(data)

    def write_text(self, destination: Path, text: str) -> None:
        """Stage UTF-8 ``text`` for ``destination``."""
        self.write_bytes(destination, text.encode("utf-8"))

    def write_json(self, destination: Path, payload: object) -> None:
        """Stage ``payload`` as indented UTF-8 JSON."""
        self.write_bytes(destination, json_bytes(payload))

    def write_parquet(self, destination: Path, frame: Any) -> None:
        """Stage a pandas DataFrame as a parquet file."""
        frame.to_parquet(self.path_for(destination), index=False)

    def commit(self) -> list[Path]:
        """Move every staged file into place; return the destinations."""
        for temp, destination in self._staged:
            os.replace(temp, destination)
        done = [destination for _, destination in self._staged]
        self._staged.clear()
        return done

    def discard(self) -> None:
        """Remove every staged file."""
        for temp, _ in self._staged:
            temp.unlink(missing_ok=True)
        self._staged.clear()

    def __enter__(self) -> StagedOutputs:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.discard()
