"""Load cleaned datasets in notebooks: ``cb.load("survey")``.

:func:`load` reads ``data/processed/<name>.parquet`` and rebuilds it first with
:func:`cbresearch.clean.clean_all` when it is missing or out of date (the raw
files or the package version changed since the last clean).

Personal data: the case cards of seed 004 carry names, phone numbers and
e-mail addresses.  ``load("initiatives")`` blanks the ``contacts`` column
unless ``include_contacts=True`` is passed, so nothing shown or exported from a
notebook carries them by accident.

Examples
--------
>>> import cbresearch as cb
>>> survey = cb.load("survey")
>>> len(survey), int(survey["suitability_wi"].eq(4).sum())
(24, 13)
>>> bool(cb.load("initiatives")["contacts"].isna().all())
True
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from . import config
from .errors import CbResearchError

DATASETS = (
    "survey",
    "initiatives",
    "initiative_needs",
    "networks",
    "members",
    "population",
    "severe_limitations",
    "residential_beds",
)
ALIASES = {"needs": "initiative_needs", "survey_responses": "survey", "network": "networks"}


def _is_stale(processed_dir: Path, raw_dir: Path) -> bool:
    from . import __version__
    from .clean import raw_fingerprint

    report_path = processed_dir / config.VALIDATION_REPORT
    if not report_path.exists():
        return True
    try:
        report = json.loads(report_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError:
        return True
    if report.get("package_version") != __version__:
        return True
    if any(not (processed_dir / f"{name}.parquet").exists() for name in DATASETS):
        return True
    return report.get("raw_fingerprint") != raw_fingerprint(raw_dir)


def load(
    name: str,
    *,
    include_contacts: bool = False,
    rebuild: bool = False,
    raw_dir: Path | None = None,
    processed_dir: Path | None = None,
) -> pd.DataFrame:
    """Return a cleaned dataset as a DataFrame, cleaning the raw data first if needed.

    Parameters
    ----------
    name : str
        One of ``survey``, ``initiatives``, ``initiative_needs`` (or ``needs``),
        ``networks``, ``members``, and the ISTAT tables ``population``,
        ``severe_limitations``, ``residential_beds``.
    include_contacts : bool
        Keep the personal contacts of the seed case cards (default: blanked).
    rebuild : bool
        Clean the raw data again even if the processed tables are up to date.
    raw_dir, processed_dir : Path, optional
        Override the project's ``data/raw`` and ``data/processed``.

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    CbResearchError
        For an unknown dataset name; :class:`~cbresearch.errors.RawDataError`
        when the raw data do not validate.

    Examples
    --------
    >>> load("networks")["relation"].value_counts().loc["collabora"]
    np.int64(49)
    >>> load("regioni")
    Traceback (most recent call last):
    ...
    cbresearch.errors.CbResearchError: unknown dataset 'regioni'; expected one of: survey, initiatives, initiative_needs, networks, members, population, severe_limitations, residential_beds
    """
    key = ALIASES.get(name, name)
    if key not in DATASETS:
        raise CbResearchError(f"unknown dataset {name!r}; expected one of: {', '.join(DATASETS)}")
    raw_dir = Path(raw_dir or config.RAW_DIR)
    processed_dir = Path(processed_dir or config.PROCESSED_DIR)
    if rebuild or _is_stale(processed_dir, raw_dir):
        from .clean import clean_all

        clean_all(raw_dir, processed_dir)
    frame = pd.read_parquet(processed_dir / f"{key}.parquet")
    if key == "initiatives" and not include_contacts:
        frame["contacts"] = pd.Series(pd.NA, index=frame.index, dtype="string")
    return frame
