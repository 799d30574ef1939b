"""One cache module: every cached artefact is keyed by the data version and the code version.

The end-to-end test works on a temporary copy of the package, its notebooks and the raw data: it renames a
region in the vocabulary, as a maintainer would, and the next run must show the new name everywhere — the
cleaned tables, the coverage table and its cache, the report, the overview — with nothing left from the old one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from cbresearch import config
from cbresearch.data.store.cache import cache_key, code_version, read_cached, schema_version, write_cached

OLD, NEW = "Emilia-Romagna", "Emilia e Romagna"


def test_a_key_changes_with_the_code_and_a_stale_artefact_reads_as_nothing(tmp_path: Path) -> None:
    package = tmp_path / "pacchetto"
    shutil.copytree(config.PACKAGE_DIR / "data", package / "data", ignore=shutil.ignore_patterns("__pycache__"))
    before = code_version(package)
    regions = package / "data" / "schema" / "regions.py"
    regions.write_text(regions.read_text(encoding="utf-8").replace(f'"08": "{OLD}"', f'"08": "{NEW}"'), "utf-8")
    assert code_version(package) != before
    path = tmp_path / "artefatto.parquet"
    write_cached(path, "chiave di ieri", b"vecchio")
    assert read_cached(path, "chiave di oggi") is None and read_cached(path, "chiave di ieri") == b"vecchio"


def test_the_schema_version_is_the_data_layer_s_code() -> None:
    assert schema_version() == code_version(config.PACKAGE_DIR / "data") != code_version()
    assert cache_key(2019) != cache_key(2020)


def _copy_project(root: Path) -> dict:
    """The package, the notebooks, the docs and the raw data in ``root``; the environment that runs that copy."""
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
    shutil.copytree(config.PACKAGE_DIR, root / "src" / "cbresearch", ignore=ignore)
    shutil.copytree(config.NOTEBOOKS_DIR, root / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    shutil.copytree(config.RAW_DIR, root / "data" / "raw")
    shutil.copytree(config.DOCS_DIR, root / "docs")
    env = {key: value for key, value in os.environ.items() if not key.startswith("CBRESEARCH_")}
    return {**env, "PYTHONPATH": str(root / "src"), "CBRESEARCH_ROOT": str(root)}


def _main_job(env: dict) -> subprocess.CompletedProcess:
    """What ``make reports`` runs, for the outputs that name a region: clean, coverage, reports."""
    _run(env, "clean")
    _run(env, "coverage")
    return _run(env, "reports", "--regions", "08,IT", "--jobs", "1")


def _run(env: dict, *arguments: str) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "cbresearch.cli", *arguments], env=env, capture_output=True,
                          text=True, timeout=600)  # fmt: skip
    assert done.returncode == 0, (arguments, done.stdout[-2000:], done.stderr[-2000:])
    return done


def _workbook_text(path: Path) -> str:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True)
    return " ".join(str(value) for sheet in workbook for row in sheet.iter_rows(values_only=True) for value in row)


def _outputs(root: Path) -> dict[str, str]:
    """What a reader sees of the region after a run: every output that names it."""
    reports = root / "reports"
    coverage_cache = root / "data" / "processed" / "need_coverage_latest.parquet"
    initiatives = pd.read_parquet(root / "data" / "processed" / "initiatives.parquet")
    return {
        "coverage.csv": (reports / "need_coverage_by_region.csv").read_text(encoding="utf-8"),
        "coverage cache": " ".join(map(str, pd.read_parquet(coverage_cache)["region"].unique())),
        "cleaned initiatives": " ".join(map(str, initiatives["region"].unique())),
        "08.html": (reports / "regional" / "08.html").read_text(encoding="utf-8"),
        "index.html": (reports / "regional" / "index.html").read_text(encoding="utf-8"),
        "08.xlsx": _workbook_text(reports / "regional" / "08.xlsx"),
    }


@pytest.mark.slow
def test_renaming_a_region_changes_every_output_of_the_next_run_caches_included(tmp_path: Path) -> None:
    root = tmp_path / "progetto"
    env = _copy_project(root)
    _main_job(env)
    assert _main_job(env).stdout.startswith("0 costruiti")  # nothing changed: the caches are warm and current
    before = _outputs(root)
    assert {name: OLD in text for name, text in before.items()} == dict.fromkeys(before, True)
    regions = root / "src" / "cbresearch" / "data" / "schema" / "regions.py"
    text = regions.read_text(encoding="utf-8")
    text = text.replace(f'"08": "{OLD}",', f'"08": "{NEW}",').replace(
        f'"Emilia Romagna": "{OLD}",', f'"Emilia Romagna": "{NEW}",\n        "{OLD}": "{NEW}",'
    )
    regions.write_text(text, encoding="utf-8")
    done = _main_job(env)
    assert done.stdout.startswith("2 costruiti"), done.stdout  # nothing is "invariato": the code changed
    after = _outputs(root)
    assert {name: OLD in text for name, text in after.items()} == dict.fromkeys(after, False)
    assert {name: NEW in text for name, text in after.items()} == dict.fromkeys(after, True)
