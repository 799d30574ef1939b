"""Fixtures of the tests: a private, writable copy of the raw data, and a way to make it messy.

The whole session already runs on a temporary copy of ``data/`` and
``reports/`` (see the project's root ``conftest.py``); these fixtures give a
test its own raw folder on top of that, to edit freely.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import read_rows, write_rows

from cbresearch import config


@pytest.fixture
def raw_dir(tmp_path: Path) -> Path:
    """A writable copy of the bundled raw files (the session's data/raw stays untouched)."""
    target = tmp_path / "raw"
    target.mkdir()
    for path in sorted(config.RAW_DIR.glob("*.csv")):
        shutil.copy2(path, target / path.name)
    shutil.copytree(config.ISTAT_RAW_DIR, target / "istat")
    return target


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
