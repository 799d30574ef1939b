"""Everything the project publishes, built once per test session the way a user builds it (the commands)."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from cbresearch import config

BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class Published:
    """The published folder and what the commands printed."""

    root: Path
    reports_output: subprocess.CompletedProcess
    pdf_output: subprocess.CompletedProcess
    illustrative_output: subprocess.CompletedProcess
    default_before_illustrative: dict[str, str]  # sha256 of every file of the default folder

    @property
    def reports(self) -> Path:
        return self.root / "regional"

    @property
    def illustrative(self) -> Path:
        return self.root / "regional-illustrativo"


def digests(folder: Path) -> dict[str, str]:
    """sha256 of every file under ``folder``, by relative path."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*"))
        if p.is_file()
    }  # fmt: skip


def command(*arguments: str) -> subprocess.CompletedProcess:
    """Run ``cbresearch …`` as a user would (same environment: the session's private data)."""
    return subprocess.run([str(BIN / "cbresearch"), *arguments], capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="session")
def published(tmp_path_factory) -> Published:
    """All 22 reports, the PDFs of 08 and IT, the catalogue, the reproduction page, the tables and the course."""
    root = tmp_path_factory.mktemp("published")
    for arguments in (
        ("catalogue", "--out-dir", str(root / "catalogue")),
        ("check", "--format", "html", "--out-dir", str(root / "riproduzione")),
        ("tables", "--out-dir", str(root / "tables")),
        ("course", "--out-dir", str(root / "course")),
    ):
        done = command(*arguments)
        assert done.returncode in (0, 1), done.stderr  # check exits 1 when a published figure is flagged
    reports = command("reports", "--out-dir", str(root / "regional"))
    assert reports.returncode == 0, reports.stdout + reports.stderr
    pdf = command("reports", "--pdf", "--regions", "08,IT", "--out-dir", str(root / "regional"))
    assert pdf.returncode == 0, pdf.stdout + pdf.stderr
    before = digests(root / "regional")
    # the illustrative edition, in its default folder (reports/regional-illustrativo of the session's copy)
    illustrative = command("reports", "--illustrative")
    assert illustrative.returncode == 0, illustrative.stdout + illustrative.stderr
    shutil.copytree(config.REPORTS_DIR / "regional-illustrativo", root / "regional-illustrativo")
    return Published(root, reports, pdf, illustrative, before)
