"""Test session set-up, shared by the tests and the doctests: nothing the suite does touches the checkout.

Before anything imports :mod:`cbresearch`, each pytest process (the
controller and every ``-n`` worker) copies ``data/raw`` into a private
temporary folder, points ``CBRESEARCH_DATA_DIR`` and ``CBRESEARCH_REPORTS_DIR``
at it (the kernels that report tests start inherit them) and cleans the raw
data there.  So ``make test`` leaves ``data/processed`` and ``reports/`` of the
checkout byte-identical, and two workers never share an output folder.

Doctests marked ``# doctest: +SLOW`` (they execute notebooks or build pages)
carry the ``slow`` marker like the tests that do, so ``make test-fast``
skips them; doctests that read ``../shared/reference`` are skipped where it is
missing (a user's clone), run where it exists (the work tree, CI).
"""

from __future__ import annotations

import atexit
import doctest
import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent
SLOW = doctest.register_optionflag("SLOW")


def _private_copy() -> Path:
    scratch = Path(tempfile.mkdtemp(prefix="cbresearch-tests-"))
    atexit.register(shutil.rmtree, scratch, ignore_errors=True)
    shutil.copytree(ROOT / "data" / "raw", scratch / "data" / "raw")
    if (ROOT / "data" / "samples").is_dir():
        shutil.copytree(ROOT / "data" / "samples", scratch / "data" / "samples")
    (scratch / "data" / "processed").mkdir()
    (scratch / "reports").mkdir()
    return scratch


_SCRATCH = _private_copy()
os.environ["CBRESEARCH_DATA_DIR"] = str(_SCRATCH / "data")
os.environ["CBRESEARCH_REPORTS_DIR"] = str(_SCRATCH / "reports")
os.environ.setdefault("MPLBACKEND", "Agg")


def pytest_configure(config: pytest.Config) -> None:
    from cbresearch import config as project

    assert project.DATA_DIR == _SCRATCH / "data", "cbresearch was imported before the test copy was set up"
    from cbresearch.data.clean.pipeline import clean_all

    clean_all(progress=False)


def _doctest_examples(item: pytest.Item) -> list:
    test = getattr(item, "dtest", None)
    return list(test.examples) if test is not None else []


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    from cbresearch import config as project

    for item in items:
        examples = _doctest_examples(item)
        if any(example.options.get(SLOW) for example in examples):
            item.add_marker(pytest.mark.slow)
        if any("REFERENCE_DIR" in example.source for example in examples) and not project.REFERENCE_DIR.is_dir():
            item.add_marker(pytest.mark.skip(reason="needs ../shared/reference (the ISTAT source files)"))
    if getattr(config.option, "loadgroup", False):
        _keep_groups_together(items)


def _keep_groups_together(items: list[pytest.Item]) -> None:
    """``--dist loadgroup`` on pytest ≥ 9.2: write each test's ``xdist_group`` into its node id, as xdist means to.

    xdist (3.8) marks a grouped test by appending ``@group`` to its node id
    through the old ``_nodeid`` field, which pytest 9.2's structured node ids
    no longer read: the groups were silently ignored and each heavy fixture
    (all the reports, the course site) was built on both workers
    (pytest-dev/pytest-xdist#1386).  Here the suffix goes where pytest reads
    it; with an older pytest, where xdist's own suffix is already there,
    nothing changes.
    """
    from _pytest.nodeid import coerce_node_id

    for item in items:
        groups = sorted({str(m.args[0] if m.args else m.kwargs.get("name", "default"))
                         for m in item.iter_markers("xdist_group")})  # fmt: skip
        if groups and "@" not in item.nodeid and hasattr(item, "_id"):
            item._id = coerce_node_id(f"{item.nodeid}@{'_'.join(groups)}")


@pytest.fixture(scope="session")
def _coverage_table():
    from cbresearch.publish.report.coverage import need_coverage

    return need_coverage()


@pytest.fixture(autouse=True)
def _doctest_tables(request: pytest.FixtureRequest, doctest_namespace: dict) -> None:
    """Doctests get the heavy tables computed once per worker: ``istat_tables`` and ``coverage_table``."""
    if getattr(request.node, "dtest", None) is None:
        return
    from cbresearch.data.store.load import istat_tables

    doctest_namespace["istat_tables"] = istat_tables
    doctest_namespace["coverage_table"] = request.getfixturevalue("_coverage_table")
