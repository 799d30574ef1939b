"""Shared fixtures: a private copy of the raw data, and helpers to make it messy."""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from cbresearch import config


@pytest.fixture
def raw_dir(tmp_path: Path) -> Path:
    """A writable copy of the bundled raw CSV files (the real data/raw stays untouched)."""
    target = tmp_path / "raw"
    target.mkdir()
    for path in sorted(config.RAW_DIR.glob("*.csv")):
        shutil.copy2(path, target / path.name)
    shutil.copytree(config.ISTAT_RAW_DIR, target / "istat")
    return target


def read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """Read a bundled (UTF-8, comma) raw CSV as a header and a list of dicts."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def write_rows(
    path: Path, header: list[str], rows: list[dict[str, str]], encoding: str = "utf-8", sep: str = ","
) -> None:
    """Write rows the way an export tool would: chosen encoding and separator."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, delimiter=sep, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))


@pytest.fixture
def edit_raw(raw_dir: Path) -> Callable[..., Path]:
    """Return ``edit(stem, row, column, value)``: set one cell (``row`` as a spreadsheet counts)."""

    def edit(stem: str, row: int, column: str, value: str) -> Path:
        path = raw_dir / f"{stem}.csv"
        header, rows = read_rows(path)
        rows[row - 2][column] = value
        write_rows(path, header, rows)
        return path

    return edit
