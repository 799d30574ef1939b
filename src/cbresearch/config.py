"""Every path the project uses, derived from the location of this package.

The project root is found from this file (``src/cbresearch/config.py`` lives two
levels below it), never from the current working directory, so notebooks,
the CLI and tests agree wherever they are started from.  Environment
variables override three places (they are read once, at import, and are
inherited by the kernels a report batch starts):

* ``CBRESEARCH_ROOT`` — the project root (for an installed, non-editable copy);
* ``CBRESEARCH_DATA_DIR`` — the ``data/`` folder (``raw/`` and ``processed/`` below it);
* ``CBRESEARCH_REPORTS_DIR`` — the ``reports/`` folder.

The test suite points the last two at a temporary copy, so ``make test``
never touches the checkout's data or reports.

Every module reads paths as ``config.RAW_DIR`` *when it runs*, never copies
them at import time, so an override applies everywhere.

Examples
--------
>>> from cbresearch import config
>>> (config.PROJ_ROOT / "src" / "cbresearch" / "config.py").exists()
True
>>> config.RAW_DIR.name, config.RAW_DIR.parent == config.DATA_DIR
('raw', True)
"""

from __future__ import annotations

import os
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

try:
    PACKAGE_VERSION = version("cbresearch")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    PACKAGE_VERSION = "0.0.0+unknown"

PACKAGE_DIR = Path(__file__).resolve().parent
PROJ_ROOT = Path(os.environ.get("CBRESEARCH_ROOT") or PACKAGE_DIR.parents[1]).resolve()

DATA_DIR = Path(os.environ.get("CBRESEARCH_DATA_DIR") or PROJ_ROOT / "data").resolve()
RAW_DIR = DATA_DIR / "raw"
ISTAT_RAW_DIR = RAW_DIR / "istat"
PROCESSED_DIR = DATA_DIR / "processed"
SAMPLES_DIR = DATA_DIR / "samples"
REPORTS_DIR = Path(os.environ.get("CBRESEARCH_REPORTS_DIR") or PROJ_ROOT / "reports").resolve()
NOTEBOOKS_DIR = PROJ_ROOT / "notebooks"
DOCS_DIR = PROJ_ROOT / "docs"
SEEDS_DIR = PROJ_ROOT.parent / "shared" / "seeds"
REFERENCE_DIR = PROJ_ROOT.parent / "shared" / "reference"

VALIDATION_REPORT = "validation_report.json"
LAST_VALIDATION = "last_validation.json"

#: Seed of the random generator behind every choice made when reconstructing
#: record-level data from published aggregates (not to be confused with the
#: *seed documents*, the slides).  Changing it changes the raw files.
RECONSTRUCTION_RANDOM_SEED = 20210204  # the date of seed 004 (4 February 2021)

#: Files larger than this (bytes) get a progress bar while being cleaned.
PROGRESS_BAR_MIN_BYTES = 5_000_000
