"""When ISTAT publishes: what a folder of new files adds, and fetching POSAS from ISTAT's download service.

``cbresearch istat aggiorna --source DIR`` compares the tables the folder's
files give (:func:`cbresearch.data.build.istat.build_tables`) with the derived tables
in ``data/raw/istat`` and says, per table, which years are new
(:func:`new_years`, :func:`describe`); the command then writes them, cleans and
recomputes the indicators.  ``cbresearch istat scarica --dest DIR`` downloads
the POSAS files of the years after the latest one the project has
(:func:`download_posas`), each kept byte for byte with a provenance file (URL,
date, sha256).  The download URL is written once (:data:`POSAS_URL`) and can be
pointed elsewhere (``--base-url``, ``CBRESEARCH_ISTAT_URL``).

Examples
--------
>>> describe({"population.csv": [2024, 2025], "residential_beds.csv": []})
['popolazione: 2024, 2025 nuovi', 'posti letto: nessun anno nuovo']
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from ... import config
from ...errors import CbResearchError, os_error_text
from ...files import atomic_write_bytes, json_bytes, sha256_file
from ...i18n import _

#: what each derived table is called in messages
TABLE_NAMES = {
    "population.csv": "popolazione",
    "severe_limitations.csv": "limitazioni gravi",
    "residential_beds.csv": "posti letto",
}
#: ISTAT's download of POSAS by region, one archive per year (demo.istat.it); {year} is filled in
POSAS_URL = "https://demo.istat.it/data/posas/POSAS_{year}_it_Regioni.zip"
URL_ENV = "CBRESEARCH_ISTAT_URL"


def years_of(data: bytes) -> set[int]:
    """The years a derived table holds.

    Examples
    --------
    >>> sorted(years_of(b"region_code,year\\n01,2023\\n02,2024\\n"))
    [2023, 2024]
    """
    return set(pd.read_csv(io.BytesIO(data), usecols=["year"])["year"].astype(int))


def new_years(tables: dict[str, bytes], istat_dir: Path | None = None) -> dict[str, list[int]]:
    """Per derived table, the years the new tables hold and the current ones do not.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     _ = (Path(d) / "population.csv").write_bytes(b"year\\n2023\\n")
    ...     new_years({"population.csv": b"year\\n2023\\n2024\\n"}, Path(d))
    {'population.csv': [2024]}
    """
    istat_dir = Path(istat_dir or config.ISTAT_RAW_DIR)
    news = {}
    for name in TABLE_NAMES:
        if name not in tables:
            continue
        current = istat_dir / name
        known = years_of(current.read_bytes()) if current.exists() else set()
        news[name] = sorted(years_of(tables[name]) - known)
    return news


def describe(news: dict[str, list[int]]) -> list[str]:
    """One Italian line per table: its new years, or none."""
    return [
        f"{TABLE_NAMES[name]}: {', '.join(map(str, years))} nuov{'o' if len(years) == 1 else 'i'}"
        if years
        else f"{TABLE_NAMES[name]}: nessun anno nuovo"
        for name, years in news.items()
    ]


@dataclass(frozen=True)
class Downloaded:
    """A file fetched from ISTAT: where it was written, its URL and sha256."""

    path: Path
    url: str
    sha256: str


def _fetch(url: str, attempts: int = 3, timeout: float = 30.0) -> bytes | None:
    """The bytes at ``url``; None when the server says it has no such file (404: not published yet)."""
    last: Exception | None = None
    for attempt in range(attempts):
        try:
            with urllib.request.urlopen(url, timeout=timeout) as response:
                return response.read()
        except urllib.error.HTTPError as error:
            if error.code == 404:
                return None
            last = error
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            last = error
        time.sleep(min(2**attempt, 5) * 0.2)
    reason = getattr(last, "reason", last)
    if isinstance(reason, OSError):
        reason = os_error_text(reason)
    raise CbResearchError(
        _("{url}: download failed after {attempts} attempts ({reason})").format(
            url=url, attempts=attempts, reason=reason
        )
    )


def download_posas(dest: Path, first_year: int, last_year: int | None = None, base_url: str | None = None,
                   attempts: int = 3, timeout: float = 30.0) -> list[Downloaded]:  # fmt: skip
    """Fetch ISTAT's POSAS archives from ``first_year`` until one is not published yet (or ``last_year``).

    Each file is written as served, with ``<name>.provenance.json`` (URL, date, sha256); files already there
    with the same bytes are left alone.

    Raises
    ------
    CbResearchError
        One line naming the URL and the reason (no network, a refused connection, a server error).
    """
    template = base_url or os.environ.get(URL_ENV) or POSAS_URL
    if "{year}" not in template:
        template = template.rstrip("/") + "/POSAS_{year}_it_Regioni.zip"
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    fetched = []
    year = first_year
    while last_year is None or year <= last_year:
        url = template.format(year=year)
        data = _fetch(url, attempts, timeout)
        if data is None:
            break
        path = dest / url.rsplit("/", 1)[-1]
        digest = hashlib.sha256(data).hexdigest()
        if not path.exists() or sha256_file(path) != digest:
            atomic_write_bytes(path, data)
            record = {"url": url, "downloaded": date.today().isoformat(), "sha256": digest}
            atomic_write_bytes(path.with_name(path.name + ".provenance.json"), json_bytes(record))
        fetched.append(Downloaded(path, url, digest))
        year += 1
    return fetched


def latest_posas_year(istat_dir: Path | None = None) -> int:
    """The latest year of the derived population table that comes from POSAS.

    Examples
    --------
    >>> latest_posas_year() >= 2023
    True
    """
    table = pd.read_csv(Path(istat_dir or config.ISTAT_RAW_DIR) / "population.csv", usecols=["year", "source"])
    return int(table.loc[table["source"] == "ISTAT POSAS", "year"].max())


#: what each kind of source file is called in a report
KIND_NAMES = {
    "posas": "popolazione (POSAS)",
    "reconstructed": "popolazione (ricostruzione intercensuaria)",
    "residential_beds": "posti letto residenziali",
    "severe_limitations": "persone con limitazioni gravi",
}


def sources_in_use(istat_dir: Path | None = None) -> list[str]:
    """One Italian phrase per kind of ISTAT source the derived tables come from: its years and its files.

    Examples
    --------
    >>> sources_in_use()[0].startswith("popolazione (POSAS) 2019–")
    True
    """
    path = Path(istat_dir or config.ISTAT_RAW_DIR) / "PROVENANCE.json"
    record = json.loads(path.read_text(encoding="utf-8"))
    by_kind: dict[str, list[dict]] = {}
    for source in record.get("sources", []):
        by_kind.setdefault(source.get("kind", ""), []).append(source)
    phrases = []
    for kind, name in KIND_NAMES.items():
        sources = by_kind.get(kind, [])
        if not sources:
            continue
        years = sorted(y for s in sources for y in str(s.get("years", "")).split("-") if y)
        span = years[0] if len(set(years)) == 1 else f"{years[0]}–{years[-1]}"
        files = sources[-1]["file"] if len(sources) == 1 else f"{sources[0]['file']} … {sources[-1]['file']}"
        phrases.append(f"{name} {span} ({files})")
    return phrases
