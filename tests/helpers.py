"""Helpers shared by the tests: read and write raw CSV files the way export tools do."""

from __future__ import annotations

import csv
import io
from pathlib import Path


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
