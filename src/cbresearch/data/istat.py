"""Regional demography from ISTAT: derive compact tidy tables from the public source files.

A clone of the project has no ``../shared/reference``: :func:`build_demography`
reads the original ISTAT files once, checks their headers, joins them on ISTAT
region codes (names differ between files and are mapped through
:data:`cbresearch.data.regions.REGIONS` only where a file has no codes), and
writes small tidy CSV tables to ``data/raw/istat/`` together with the
simplified region boundaries and a provenance file (source, URL, licence,
attribution, sha256).  Those derived files are committed; the sources are not.
``cbresearch clean`` then validates them like every other raw table, and the
analyses read them with ``cb.load("population")`` and its siblings.

Examples
--------
>>> [s.file for s in SOURCES][:2]
['istat_population_2002_2018_regions.csv', 'istat_posas_2019_regions.csv']
>>> OUTPUTS
('population.csv', 'severe_limitations.csv', 'residential_beds.csv', 'italy_regions.geojson')
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from .. import config
from ..errors import SourceDataError
from ..files import StagedOutputs
from .boundaries import boundaries_from_topojson
from .readers import detect_encoding
from .regions import REGION_NAMES, region_code

POSAS_YEARS = tuple(range(2019, 2024))
RECONSTRUCTED_YEARS = tuple(range(2011, 2019))  # 2019 onwards comes from POSAS
AGES = [str(a) for a in range(101)]  # 100 means "100 and over"


@dataclass(frozen=True)
class Source:
    """A public source file and what the build expects of it."""

    file: str
    what: str
    url: str
    licence: str
    attribution: str
    columns: tuple[str, ...]


_ISTAT_POP = "ISTAT data (CC BY 3.0 IT), republished by Lorenzo Ruffino, github.com/lorenzo-ruffino/Decessi-2011-2023"
_ONDATA = "ISTAT, Disabilità in cifre; processed by onData, github.com/ondata/disabled-data (CC BY 4.0)"

SOURCES: tuple[Source, ...] = (
    Source(
        "istat_population_2002_2018_regions.csv",
        "Reconstructed intercensal population by region, sex and single year of age (2002, 2011-2019)",
        "https://github.com/lorenzo-ruffino/Decessi-2011-2023/blob/main/Input/regioni.csv",
        "CC BY 3.0 IT",
        _ISTAT_POP,
        ("anno", "genere", "codice", "regione", *AGES),
    ),
    *(
        Source(
            f"istat_posas_{year}_regions.csv",
            f"POSAS: resident population on 1 January {year} by region, single year of age, sex, marital status",
            "https://github.com/lorenzo-ruffino/Decessi-2011-2023/tree/main/Input (from demo.istat.it)",
            "CC BY 3.0 IT",
            _ISTAT_POP,
            ("Codice regione", "Regione", "Età", "Totale maschi", "Totale femmine", "Totale"),
        )
        for year in POSAS_YEARS
    ),
    Source(
        "istat_severe_limitations_regions.csv",
        "Persons by severity of limitation in usual activities, by region, 2009-2019 (thousands)",
        "https://github.com/ondata/disabled-data/blob/master/data/disabilita-in-cifre/processing/6_01.csv",
        "CC BY 4.0",
        _ONDATA,
        (
            "scelta",
            "Limitazioni gravi",
            "Limitazioni non gravi",
            "Senza limitazioni",
            "Non indicato",
            "descrizione",
            "anno",
            "gerarchia",
        ),
    ),
    Source(
        "istat_residential_beds_regions.csv",
        "Beds in residential social and social-health facilities by main target group, by region and year",
        "https://github.com/ondata/disabled-data/blob/master/data/disabilita-in-cifre/processing/7.csv",
        "CC BY 4.0",
        _ONDATA,
        (
            "regione",
            "Minori (0-17 anni)",
            "Anziani (65 anni e più)",
            "Persone con disabilità",
            "Ospiti con problemi di salute mentale",
            "Altra utenza",
            "Non indicato",
            "descrizione",
            "anno",
            "gerarchia",
        ),
    ),
    Source(
        "italy_regions.topo.json",
        "Italian region boundaries (TopoJSON, ISTAT boundaries)",
        "https://github.com/openpolis/geojson-italy/blob/master/topojson/limits_IT_regions.topo.json",
        "CC BY 4.0",
        "© Openpolis, github.com/openpolis/geojson-italy (CC BY 4.0), from ISTAT boundaries",
        ("objects.regions", "reg_istat_code"),
    ),
)

LIMITATIONS_TABLE = (
    "a.1 Persone per gravità delle limitazioni nelle attività abitualmente svolte (valori assoluti in migliaia)"
)
BEDS_TABLE = (
    "Posti letto nei presidi residenziali socio-assistenziali e socio-sanitari per target di utenza prevalente "
    "(valori assoluti)"
)

OUTPUTS = ("population.csv", "severe_limitations.csv", "residential_beds.csv", "italy_regions.geojson")
PROVENANCE = "PROVENANCE.json"


def _source(name: str) -> Source:
    return next(s for s in SOURCES if s.file == name)


def _require(path: Path) -> bytes:
    if not path.exists():
        raise SourceDataError(
            f"{path.name}: missing in {path.parent}; expected the ISTAT source file described in "
            "../shared/reference/SOURCES.md (pass --source DIR to read it from elsewhere)"
        )
    return path.read_bytes()


def _check_columns(path: Path, columns: Iterable[str], expected: Iterable[str]) -> None:
    missing = [c for c in expected if c not in set(columns)]
    if missing:
        raise SourceDataError(
            f"{path.name}: header changed; expected columns {', '.join(map(repr, missing))} "
            f"(found: {', '.join(map(repr, list(columns)[:12]))}{' …' if len(list(columns)) > 12 else ''})"
        )


def _read_csv(path: Path, **kwargs) -> pd.DataFrame:
    data = _require(path)
    return pd.read_csv(io.BytesIO(data), encoding=detect_encoding(data), **kwargs)


def _age_bands(ages: pd.DataFrame) -> pd.DataFrame:
    """Sum single years of age (columns '0'..'100') into the bands the project uses."""
    years = {int(c): ages[c] for c in AGES}

    def total(low: int, high: int = 100) -> pd.Series:
        return sum(years[a] for a in range(low, high + 1))

    bands = pd.DataFrame(
        {
            "population": total(0),
            "age_0_14": total(0, 14),
            "age_15_64": total(15, 64),
            "age_45_plus": total(45),
            "age_65_plus": total(65),
            "age_75_plus": total(75),
            "age_80_plus": total(80),
            "age_85_plus": total(85),
        }
    )
    return bands.astype("int64")


def population_table(source_dir: Path) -> pd.DataFrame:
    """Population on 1 January by region and year, 2011-2023, in age bands.

    2011-2018 come from ISTAT's reconstructed intercensal series, 2019-2023
    from POSAS (the two agree on 2019, which a test checks).

    Raises
    ------
    SourceDataError
        When a file is missing, its header changed or its ages do not add up.

    Examples
    --------
    >>> table = population_table(config.REFERENCE_DIR)
    >>> int(table.query("year == 2019")["population"].sum())
    59816673
    """
    path = source_dir / "istat_population_2002_2018_regions.csv"
    recon = _read_csv(path, dtype={"codice": str})
    _check_columns(path, recon.columns, _source(path.name).columns)
    recon = recon[(recon["genere"] == "Totale") & recon["anno"].isin(RECONSTRUCTED_YEARS)]
    parts = [
        pd.concat(
            [
                pd.DataFrame(
                    {
                        "region_code": recon["codice"].str.zfill(2),
                        "year": recon["anno"],
                        "source": "ISTAT ricostruzione intercensuaria",
                    }
                ),
                _age_bands(recon),
            ],
            axis=1,
        )
    ]
    for year in POSAS_YEARS:
        path = source_dir / f"istat_posas_{year}_regions.csv"
        posas = _read_csv(path, sep=";", skiprows=1, dtype={"Codice regione": str})
        _check_columns(path, posas.columns, _source(path.name).columns)
        ages = posas[posas["Età"] != 999].pivot_table(
            index="Codice regione", columns="Età", values="Totale", aggfunc="sum"
        )
        ages.columns = [str(c) for c in ages.columns]
        totals = posas[posas["Età"] == 999].set_index("Codice regione")["Totale"]
        bands = _age_bands(ages)
        if not (bands["population"] == totals.loc[bands.index]).all():
            raise SourceDataError(f"{path.name}: the ages do not add up to the total row (Età = 999)")
        frame = bands.reset_index(drop=True)
        frame.insert(0, "source", "ISTAT POSAS")
        frame.insert(0, "year", year)
        frame.insert(0, "region_code", [code.zfill(2) for code in bands.index])
        parts.append(frame)
    table = pd.concat(parts, ignore_index=True)
    unknown = sorted(set(table["region_code"]) - set(REGION_NAMES))
    if unknown:
        raise SourceDataError(f"population sources: unknown ISTAT region codes {unknown}; expected 01-20")
    table.insert(1, "region", table["region_code"].map(REGION_NAMES))
    table["old_age_dependency_ratio"] = (100 * table["age_65_plus"] / table["age_15_64"]).round(2)
    return table.sort_values(["year", "region_code"]).reset_index(drop=True)


def _codes_from_names(names: pd.Series, path: Path) -> pd.Series:
    codes = names.map(region_code)
    unknown = sorted(set(names[codes.isna()]))
    if unknown:
        raise SourceDataError(f"{path.name}: region names not in the vocabulary: {unknown}")
    return codes


def severe_limitations_table(source_dir: Path) -> pd.DataFrame:
    """Persons with severe limitations by region and year (thousands and persons).

    Examples
    --------
    >>> severe_limitations_table(config.REFERENCE_DIR)["region_code"].nunique()
    20
    """
    path = source_dir / "istat_severe_limitations_regions.csv"
    raw = _read_csv(path)
    _check_columns(path, raw.columns, _source(path.name).columns)
    raw = raw[(raw["gerarchia"] == "regionale") & (raw["descrizione"] == LIMITATIONS_TABLE)]
    raw = raw[raw["scelta"].map(region_code).isin(REGION_NAMES)]  # drops Italia, areas, provinces
    if raw.empty:
        raise SourceDataError(f"{path.name}: no regional rows of the table {LIMITATIONS_TABLE!r}")
    table = pd.DataFrame(
        {
            "region_code": _codes_from_names(raw["scelta"], path),
            "year": raw["anno"].astype(int),
            "severe_thousands": raw["Limitazioni gravi"].astype(float),
            "non_severe_thousands": raw["Limitazioni non gravi"].astype(float),
            "none_thousands": raw["Senza limitazioni"].astype(float),
            "not_stated_thousands": raw["Non indicato"].astype(float),
        }
    )
    table["severe_persons"] = (table["severe_thousands"] * 1000).round().astype("int64")
    table.insert(1, "region", table["region_code"].map(REGION_NAMES))
    return table.sort_values(["year", "region_code"]).reset_index(drop=True)


BED_COLUMNS = {
    "Minori (0-17 anni)": "beds_minors",
    "Anziani (65 anni e più)": "beds_elderly",
    "Persone con disabilità": "beds_disabled",
    "Ospiti con problemi di salute mentale": "beds_mental_health",
    "Altra utenza": "beds_other",
    "Non indicato": "beds_not_stated",
}


def residential_beds_table(source_dir: Path) -> pd.DataFrame:
    """Beds in residential facilities by main target group, region and year.

    Examples
    --------
    >>> int(residential_beds_table(config.REFERENCE_DIR)["year"].max())
    2018
    """
    path = source_dir / "istat_residential_beds_regions.csv"
    raw = _read_csv(path)
    _check_columns(path, raw.columns, _source(path.name).columns)
    raw = raw[(raw["gerarchia"] == "regionale") & (raw["descrizione"] == BEDS_TABLE)]
    raw = raw[raw["regione"].map(region_code).isin(REGION_NAMES)]
    if raw.empty:
        raise SourceDataError(f"{path.name}: no regional rows of the table {BEDS_TABLE!r}")
    table = pd.DataFrame({"region_code": _codes_from_names(raw["regione"], path), "year": raw["anno"].astype(int)})
    for source, name in BED_COLUMNS.items():
        table[name] = raw[source].astype("int64")
    table["beds_total"] = table[list(BED_COLUMNS.values())].sum(axis=1)
    table.insert(1, "region", table["region_code"].map(REGION_NAMES))
    return table.sort_values(["year", "region_code"]).reset_index(drop=True)


def _csv_bytes(frame: pd.DataFrame) -> bytes:
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    return buffer.getvalue().encode("utf-8")


def build_tables(source_dir: Path | None = None) -> dict[str, bytes]:
    """Derive every output file's bytes from the sources (pure: writes nothing).

    Raises
    ------
    SourceDataError
        When a source file is missing or its header changed (the message names
        the file and what was expected).
    """
    source_dir = Path(source_dir or config.REFERENCE_DIR)
    topo_path = source_dir / "italy_regions.topo.json"
    geojson = boundaries_from_topojson(_require(topo_path), topo_path.name)
    return {
        "population.csv": _csv_bytes(population_table(source_dir)),
        "severe_limitations.csv": _csv_bytes(severe_limitations_table(source_dir)),
        "residential_beds.csv": _csv_bytes(residential_beds_table(source_dir)),
        "italy_regions.geojson": (json.dumps(geojson, ensure_ascii=False, separators=(",", ":")) + "\n").encode(),
    }


def provenance(source_dir: Path, outputs: dict[str, bytes], built: date | None = None) -> dict:
    """The provenance record written next to the derived tables."""
    return {
        "built": (built or date.today()).isoformat(),
        "build_command": "cbresearch build-demography --source DIR",
        "note": "Derived, compact tables; the source files themselves are not redistributed here.",
        "sources": [
            {
                "file": s.file,
                "what": s.what,
                "url": s.url,
                "licence": s.licence,
                "attribution": s.attribution,
                "sha256": hashlib.sha256(_require(source_dir / s.file)).hexdigest(),
            }
            for s in SOURCES
        ],
        "outputs": {name: hashlib.sha256(data).hexdigest() for name, data in outputs.items()},
    }


def build_demography(source_dir: Path | None = None, out_dir: Path | None = None) -> list[Path]:
    """Build the derived ISTAT tables and write them (atomically) with their provenance.

    Parameters
    ----------
    source_dir : Path, optional
        Where the ISTAT files are (default ``../shared/reference``).
    out_dir : Path, optional
        Where to write (default ``data/raw/istat``).

    Returns
    -------
    list of Path
        The files written.
    """
    source_dir = Path(source_dir or config.REFERENCE_DIR)
    out_dir = Path(out_dir or config.ISTAT_RAW_DIR)
    outputs = build_tables(source_dir)
    record = provenance(source_dir, outputs)
    out_dir.mkdir(parents=True, exist_ok=True)
    with StagedOutputs() as staged:
        for name, data in outputs.items():
            staged.write_bytes(out_dir / name, data)
        staged.write_json(out_dir / PROVENANCE, record)
    return [out_dir / name for name in (*outputs, PROVENANCE)]
