"""Everything the project publishes, built once per test session the way a user builds it (the commands)."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class Published:
    """The published folder and what the commands printed."""

    root: Path
    reports_output: subprocess.CompletedProcess
    pdf_output: subprocess.CompletedProcess
    illustrative_output: subprocess.CompletedProcess
    default_untouched: bool  # the default folder (reports/regional) is byte-identical after the illustrative run

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


def command(*arguments: str, reports_dir: Path | None = None) -> subprocess.CompletedProcess:
    """Run ``cbresearch …`` as a user would (same environment: the session's private data; ``reports_dir``
    stands for the project's ``reports/``)."""
    env = {**os.environ, **({"CBRESEARCH_REPORTS_DIR": str(reports_dir)} if reports_dir else {})}
    return subprocess.run([str(BIN / "cbresearch"), *arguments], capture_output=True, text=True, timeout=900, env=env)


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
    pdf = command("reports", "--pdf", "--regions", "08,IT,SM", "--out-dir", str(root / "regional"))
    assert pdf.returncode == 0, pdf.stdout + pdf.stderr
    # the illustrative edition, in its default folder (reports/regional-illustrativo of the session's copy),
    # beside a default edition in reports/regional that it must leave byte for byte as it was
    project_reports = root / "progetto" / "reports"  # a project's reports/ of its own: no other test writes there
    shutil.copytree(root / "regional", project_reports / "regional")
    before = digests(project_reports / "regional")
    illustrative = command(
        "reports", "--illustrative", "--regions", "01,03,05,08,09,12,IT,SM", reports_dir=project_reports
    )
    assert illustrative.returncode == 0, illustrative.stdout + illustrative.stderr
    untouched = digests(project_reports / "regional") == before
    shutil.copytree(project_reports / "regional-illustrativo", root / "regional-illustrativo")
    return Published(root, reports, pdf, illustrative, untouched)
