"""Load cleaned datasets in notebooks: ``cb.load("survey")``.  Reading never writes.

:func:`load` reads ``data/processed/<name>.parquet``.  When the processed
tables are missing, or were cleaned from raw data that has changed since
(compared file by file with the digests ``clean`` recorded, see
:mod:`~cbresearch.data.store.fingerprint`), it raises
:class:`~cbresearch.errors.StaleDataError` naming what changed and the
command to run — ``cbresearch clean``, or ``cb.clean()`` in a notebook — and
writes nothing.

Personal data: the case cards of seed 004 carry names, phone numbers and
e-mail addresses.  They are not stored in ``data/``: the ``contacts`` column of
the raw and processed tables is empty, and ``load("initiatives",
include_contacts=True)`` fills it, for the transcribed case cards only, from
the transcription in :mod:`cbresearch.sources.slides` — an explicit opt-in,
so nothing shown or exported from a notebook carries them by accident.

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
from typing import TYPE_CHECKING, NamedTuple

from ... import config
from ...errors import CbResearchError, StaleDataError
from ...i18n import N_, _
from ..schema.datasets import SPECS
from .cache import schema_version
from .fingerprint import changed_files

if TYPE_CHECKING:
    import pandas as pd  # imported when a table is read: checking staleness stays fast

#: the datasets, from the one registry of their specifications (``data.schema.datasets.SPECS``)
DATASETS = tuple(SPECS)
ALIASES = {"needs": "initiative_needs", "survey_responses": "survey", "network": "networks"}
RUN_CLEAN = N_("run `cbresearch clean` (in a notebook: `cb.clean()`)")


def _shown(names: list[str], limit: int = 3) -> str:
    more = _(" and {count} more").format(count=len(names) - limit) if len(names) > limit else ""
    return ", ".join(names[:limit]) + more


def staleness(processed_dir: Path | None = None, raw_dir: Path | None = None) -> str | None:
    """Why the processed tables cannot be read as they are, or ``None`` when they are up to date.

    Examples
    --------
    >>> staleness() is None
    True
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     print(staleness(Path(d)))
    nessuna tabella pulita in ... (manca validation_report.json)
    """
    processed_dir = Path(processed_dir or config.PROCESSED_DIR)
    report_path = processed_dir / config.VALIDATION_REPORT
    try:
        report = json.loads(report_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return _("no cleaned tables in {folder} ({report} is missing)").format(
            folder=processed_dir, report=config.VALIDATION_REPORT
        )
    except json.JSONDecodeError:
        return _("{path} is damaged").format(path=report_path)
    if report.get("package_version") != config.PACKAGE_VERSION:
        return _("the tables were cleaned by cbresearch {then}, this is {now}").format(
            then=report.get("package_version"), now=config.PACKAGE_VERSION
        )
    if report.get("schema_version") not in (None, schema_version()):  # None: cleaned before it was recorded
        return _("the tables were cleaned with another version of the data schema (vocabularies, region names)")
    missing = [f"{name}.parquet" for name in DATASETS if not (processed_dir / f"{name}.parquet").exists()]
    if missing:
        return _("{files} missing from {folder}").format(files=_shown(missing), folder=processed_dir)
    changed = changed_files(report.get("raw_files", {}), raw_dir)
    if changed:
        return _("{files} changed in the raw data since the last clean").format(files=_shown(changed))
    return None


def require_fresh(processed_dir: Path | None = None, raw_dir: Path | None = None) -> None:
    """Raise :class:`~cbresearch.errors.StaleDataError` unless the processed tables are up to date.

    Examples
    --------
    >>> require_fresh()  # nothing happens: the tables are up to date
    """
    reason = staleness(processed_dir, raw_dir)
    if reason is not None:
        raise StaleDataError(f"{reason}: {_(RUN_CLEAN)}")


def load(
    name: str,
    *,
    include_contacts: bool = False,
    raw_dir: Path | None = None,
    processed_dir: Path | None = None,
) -> pd.DataFrame:
    """Return a cleaned dataset as a DataFrame.

    Parameters
    ----------
    name : str
        One of ``survey``, ``initiatives``, ``initiative_needs`` (or ``needs``),
        ``networks``, ``members``, and the ISTAT tables ``population``,
        ``severe_limitations``, ``residential_beds``.
    include_contacts : bool
        Add the personal contacts of the seed case cards (from their transcription; never stored in ``data/``).
    raw_dir, processed_dir : Path, optional
        Override the project's ``data/raw`` and ``data/processed``.

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    CbResearchError
        For an unknown dataset name.
    StaleDataError
        When the processed tables are missing or older than the raw data
        (the message says which file changed and to run ``cbresearch clean``).

    Examples
    --------
    >>> load("networks")["relation"].value_counts().loc["collabora"]
    np.int64(49)
    >>> load("regioni")
    Traceback (most recent call last):
    ...
    cbresearch.errors.CbResearchError: dataset sconosciuto 'regioni'; atteso uno tra: survey, initiatives, initiative_needs, networks, members, population, severe_limitations, residential_beds
    """
    key = ALIASES.get(name, name)
    if key not in DATASETS:
        raise CbResearchError(
            _("unknown dataset {name!r}; expected one of: {choices}").format(name=name, choices=", ".join(DATASETS))
        )
    processed_dir = Path(processed_dir or config.PROCESSED_DIR)
    require_fresh(processed_dir, raw_dir)
    import pandas as pd

    frame = pd.read_parquet(processed_dir / f"{key}.parquet")
    if key == "initiatives":
        frame["contacts"] = pd.Series(pd.NA, index=frame.index, dtype="string")
        if include_contacts:
            from ...sources.slides import CASE_CARDS

            cards = {card["Titolo"]: card["Contatti"] for card in CASE_CARDS}
            seed = frame["source"].astype(str) == "seed"
            frame.loc[seed, "contacts"] = frame.loc[seed, "title"].map(cards)
    return frame


class IstatTables(NamedTuple):
    """The three cleaned ISTAT tables the need-coverage indicators are built from, with plain dtypes."""

    population: pd.DataFrame
    residential_beds: pd.DataFrame
    severe_limitations: pd.DataFrame


def istat_tables(processed_dir: Path | None = None, raw_dir: Path | None = None) -> IstatTables:
    """Load the ISTAT tables for arithmetic: codes as text, counts as numbers, no source columns.

    The analyses take these frames as arguments (they never load): ``need_coverage_by_region(istat_tables())``.

    Examples
    --------
    >>> tables = istat_tables()
    >>> tables.population[["region_code", "year", "population"]].dtypes.astype(str).tolist()
    ['object', 'int64', 'int64']
    """
    import pandas as pd

    frames = []
    for name in IstatTables._fields:
        frame = load(name, processed_dir=processed_dir, raw_dir=raw_dir).drop(
            columns=["istat_code", "source_file", "source_row"], errors="ignore"
        )
        frame["region_code"] = frame["region_code"].astype(str).astype(object)
        for column in frame.columns.drop(["region_code", "region"]):
            integer = pd.api.types.is_integer_dtype(frame[column])
            frame[column] = frame[column].astype("int64" if integer else "float64")
        frames.append(frame)
    return IstatTables(*frames)
