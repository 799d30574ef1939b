"""Helpers shared by the tests: raw CSV files written the way export tools do, published pages read back."""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd


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


# --- reading published pages back (independently of the code that wrote them) ---------------------------

#: English words that must not appear in a published page (the words of untranslated labels and statuses)
ENGLISH = (
    "consistent", "must", "external", "Priority", "Denominator", "higher", "lower", "similar", "better", "worse",
    "improving", "worsening", "stable", "increasing", "decreasing", "outside", "between", "benchmark", "failed",
    "built", "reconstructed", "transcribed", "reproduced", "flagged", "expected", "Table", "Source",
    "Region", "Italy", "share", "ratio", "not enough", "up to date", "Download", "Search", "results", "Generated",
    "No description", "inside", "limits", "Funnel", "Heatmap", "count",
)  # fmt: skip
ENGLISH_WORDS = re.compile(r"\b(" + "|".join(re.escape(w) for w in ENGLISH) + r")\b")
#: a number written with a decimal point: one, two, or four or more digits after it (three are Italian thousands)
DECIMAL_POINT = re.compile(r"(?<![\w.,])\d+\.(?:\d{1,2}|\d{4,})(?![\w.])")


class _Tables(HTMLParser):
    """Collect every <table>: its caption and its rows of cell texts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[dict] = []
        self._cell: list[str] | None = None
        self._caption: list[str] | None = None

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "table":
            self.tables.append({"caption": "", "rows": []})
        elif tag == "caption":
            self._caption = []
        elif tag == "tr" and self.tables:
            self.tables[-1]["rows"].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption" and self._caption is not None:
            self.tables[-1]["caption"] = "".join(self._caption).strip()
            self._caption = None
        elif tag in ("td", "th") and self._cell is not None:
            self.tables[-1]["rows"][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        for target in (self._cell, self._caption):
            if target is not None:
                target.append(data)


def html_tables(page: str) -> list[tuple[str, pd.DataFrame]]:
    """Every table of an HTML page as (caption, frame): the header row names the columns, the first column the rows."""
    parser = _Tables()
    parser.feed(page)
    found = []
    for table in parser.tables:
        header, *rows = [row for row in table["rows"] if row]
        frame = pd.DataFrame([row[1:] for row in rows], index=[row[0] for row in rows], columns=header[1:])
        found.append((table["caption"], frame))
    return found


def is_count_table(frame: pd.DataFrame) -> bool:
    """Whether every cell is a published count: a whole number written the Italian way, "<5" or "ris."."""
    return frame.size > 0 and all(
        re.fullmatch(r"\d{1,3}(\.\d{3})*|<\d+|ris\.", str(v)) for v in frame.to_numpy().ravel()
    )


class PageText(HTMLParser):
    """The text a reader sees, but scripts, styles, code and quotations of the seeds (``<q>``: as printed)."""

    SKIP = frozenset({"script", "style", "code", "pre", "q"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.alts: list[str] = []
        self.headings: list[str] = []
        self._skipping = 0
        self._heading: list[str] | None = None

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in self.SKIP:
            self._skipping += 1
        if tag == "img" and dict(attrs).get("role") != "presentation":  # a layer laid over a figure is no figure
            self.alts.append(dict(attrs).get("alt") or "")
        if tag == "h2":
            self._heading = []

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self._skipping -= 1
        if tag == "h2" and self._heading is not None:
            self.headings.append(" ".join("".join(self._heading).replace("¶", "").split()))
            self._heading = None

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)
            if self._heading is not None:
                self._heading.append(data)


def read_page(path: Path) -> PageText:
    parser = PageText()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def fill_template(path: Path, rows: list[dict]) -> None:
    """Type rows into a data-entry template the way a person would (values pasted over the validations)."""
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    sheet = workbook["Dati"]
    headers = [c.value for c in sheet[1]]
    for offset, row in enumerate(rows, start=2):
        for column, header in enumerate(headers, start=1):
            if header in row:
                sheet.cell(row=offset, column=column, value=row[header])
    workbook.save(path)


def private_project(tmp_path: Path) -> tuple[Path, Path, dict]:
    """A project of the test's own: a copy of the raw data, an empty reports folder, the environment naming them."""
    import os
    import shutil

    from cbresearch import config

    data, reports = tmp_path / "data", tmp_path / "reports"
    shutil.copytree(config.RAW_DIR, data / "raw")
    reports.mkdir()
    return data, reports, {**os.environ, "CBRESEARCH_DATA_DIR": str(data), "CBRESEARCH_REPORTS_DIR": str(reports)}


def cbresearch(env: dict, *arguments: str):
    """Run the ``cbresearch`` command as a user would, in the environment ``env``."""
    import subprocess
    import sys

    command = str(Path(sys.executable).with_name("cbresearch"))
    return subprocess.run([command, *arguments], env=env, capture_output=True, text=True, timeout=600)


def run_commands(env: dict, *commands: list[str]) -> None:
    """Run ``cbresearch`` commands one after the other; each must succeed."""
    for arguments in commands:
        done = cbresearch(env, *arguments)
        assert done.returncode == 0, (arguments, done.stdout, done.stderr)


def samples_script():
    """The sample generator, ``scripts/make_samples.py``, imported as a module (it is a script, not package code)."""
    import importlib.util
    import sys

    if "make_samples" not in sys.modules:
        path = Path(__file__).resolve().parents[1] / "scripts" / "make_samples.py"
        spec = importlib.util.spec_from_file_location("make_samples", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["make_samples"] = module
        spec.loader.exec_module(module)
    return sys.modules["make_samples"]
