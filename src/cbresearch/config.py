"""Every path the project uses, derived from the location of this package.

The project root is found from this file (``src/cbresearch/config.py`` lives two
levels below it), never from the current working directory, so notebooks,
the CLI and tests agree wherever they are started from.  The environment
variable ``CBRESEARCH_ROOT`` overrides the root (useful for an installed,
non-editable copy of the package).

Examples
--------
>>> from cbresearch import config
>>> (config.PROJ_ROOT / "src" / "cbresearch" / "config.py").exists()
True
>>> config.RAW_DIR.relative_to(config.PROJ_ROOT).as_posix()
'data/raw'
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJ_ROOT = Path(os.environ.get("CBRESEARCH_ROOT") or PACKAGE_DIR.parents[1]).resolve()

DATA_DIR = PROJ_ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
ISTAT_RAW_DIR = RAW_DIR / "istat"
PROCESSED_DIR = DATA_DIR / "processed"
REPORTS_DIR = PROJ_ROOT / "reports"
NOTEBOOKS_DIR = PROJ_ROOT / "notebooks"
SEEDS_DIR = PROJ_ROOT.parent / "shared" / "seeds"
REFERENCE_DIR = PROJ_ROOT.parent / "shared" / "reference"

VALIDATION_REPORT = "validation_report.json"

#: Seed of every pseudo-random choice made when reconstructing record-level
#: data from published aggregates.  Changing it changes the raw files.
RECONSTRUCTION_SEED = 20210204  # the date of seed 004 (4 February 2021)

#: Files larger than this (bytes) get a progress bar while being cleaned.
PROGRESS_BAR_MIN_BYTES = 5_000_000
