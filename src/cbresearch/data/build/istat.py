"""Regional demography from ISTAT: derive compact tidy tables from the public source files.

A clone of the project has no ``../shared/reference``: :func:`build_demography`
reads the original ISTAT files once, checks their headers, joins them on ISTAT
region codes (names differ between files and are mapped through
:data:`cbresearch.data.schema.regions.REGIONS` only where a file has no codes), and
writes small tidy CSV tables to ``data/raw/istat/`` together with the
simplified region boundaries and a provenance file (source, URL, licence,
attribution, sha256).  Those derived files are committed; the sources are not.
``cbresearch clean`` then validates them like every other raw table, and the
analyses read them with ``cb.load("population")`` and its siblings.

Examples
--------
>>> sorted(ORIGINS)[:2]
['boundaries', 'posas']
>>> OUTPUTS
('population.csv', 'severe_limitations.csv', 'residential_beds.csv', 'italy_regions.geojson')
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from ... import config
from ...errors import Described, Problem, SourceDataError
from ...files import StagedOutputs
from ...i18n import _
from ..schema.regions import REGION_NAMES, region_code
from .boundaries import boundaries_from_topojson
from .istat_sources import POSAS_COLUMNS, Inventory, SourceFile, inventory

AGES = [str(a) for a in range(101)]  # 100 means "100 and over"


@dataclass(frozen=True)
class Origin:
    """Where a kind of ISTAT file comes from, for the provenance file."""

    what: str
    url: str
    licence: str
    attribution: str


_ISTAT_POP = "ISTAT data (CC BY 3.0 IT)"
_ONDATA = "ISTAT, Disabilità in cifre; processed by onData, github.com/ondata/disabled-data (CC BY 4.0)"
#: kind of file -> its origin; a POSAS file named as demo.istat.it serves it comes from there, one named as the
#: republished copies (istat_posas_YYYY_regions.csv) from Lorenzo Ruffino's repository
ORIGINS: dict[str, Origin] = {
    "posas": Origin(
        "POSAS: resident population on 1 January by region, single year of age, sex, marital status",
        "https://demo.istat.it (Popolazione residente al 1° gennaio, POSAS)", "CC BY 3.0 IT", _ISTAT_POP,
    ),
    "posas-republished": Origin(
        "POSAS: resident population on 1 January by region, single year of age, sex, marital status",
        "https://github.com/lorenzo-ruffino/Decessi-2011-2023/tree/main/Input (from demo.istat.it)",
        "CC BY 3.0 IT", _ISTAT_POP + ", republished by Lorenzo Ruffino, github.com/lorenzo-ruffino/Decessi-2011-2023",
    ),
    "reconstructed": Origin(
        "Reconstructed intercensal population by region, sex and single year of age",
        "https://github.com/lorenzo-ruffino/Decessi-2011-2023/blob/main/Input/regioni.csv", "CC BY 3.0 IT",
        _ISTAT_POP + ", republished by Lorenzo Ruffino, github.com/lorenzo-ruffino/Decessi-2011-2023",
    ),
    "severe_limitations": Origin(
        "Persons by severity of limitation in usual activities, by region (thousands)",
        "https://github.com/ondata/disabled-data/blob/master/data/disabilita-in-cifre/processing/6_01.csv",
        "CC BY 4.0", _ONDATA,
    ),
    "residential_beds": Origin(
        "Beds in residential social and social-health facilities by main target group, by region and year",
        "https://github.com/ondata/disabled-data/blob/master/data/disabilita-in-cifre/processing/7.csv",
        "CC BY 4.0", _ONDATA,
    ),
    "boundaries": Origin(
        "Italian region boundaries (TopoJSON, ISTAT boundaries)",
        "https://github.com/openpolis/geojson-italy/blob/master/topojson/limits_IT_regions.topo.json",
        "CC BY 4.0", "© Openpolis, github.com/openpolis/geojson-italy (CC BY 4.0), from ISTAT boundaries",
    ),
}  # fmt: skip


def origin_of(source: SourceFile) -> Origin:
    """The origin of a file found in the source folder.

    Examples
    --------
    >>> origin_of(SourceFile("posas", "istat_posas_2019_regions.csv", b"", 0.0, 2019)).url[:30]
    'https://github.com/lorenzo-ruf'
    """
    if source.kind == "posas" and source.name.startswith("istat_posas_"):
        return ORIGINS["posas-republished"]
    return ORIGINS[source.kind]


LIMITATIONS_TABLE = (
    "a.1 Persone per gravità delle limitazioni nelle attività abitualmente svolte (valori assoluti in migliaia)"
)
BEDS_TABLE = (
    "Posti letto nei presidi residenziali socio-assistenziali e socio-sanitari per target di utenza prevalente "
    "(valori assoluti)"
)

OUTPUTS = ("population.csv", "severe_limitations.csv", "residential_beds.csv", "italy_regions.geojson")
PROVENANCE = "PROVENANCE.json"


def _frame(source: SourceFile, **kwargs) -> pd.DataFrame:
    """A source file as a frame (any encoding ``clean`` accepts)."""
    return pd.read_csv(io.StringIO(source.text()), **kwargs)


def _check_columns(source: SourceFile, columns: Iterable[str], expected: Iterable[str]) -> None:
    missing = [c for c in expected if c not in set(columns)]
    if missing:
        shown = ", ".join(map(repr, list(columns)[:12])) + (" …" if len(list(columns)) > 12 else "")
        expected = _("the columns {columns} (found: {found})").format(
            columns=", ".join(map(repr, missing)), found=shown
        )
        raise SourceDataError(str(Problem(source.name, 1, missing[0], Described(_("no such column")), expected)))


def _numbers(source: SourceFile, frame: pd.DataFrame, columns: Iterable[str], first_row: int) -> pd.DataFrame:
    """The columns as numbers; a value that is not one stops the build naming its row, column and value."""
    out = frame.copy()
    for column in columns:
        if pd.api.types.is_numeric_dtype(frame[column]):
            continue
        numbers = pd.to_numeric(frame[column].astype(str).str.strip(), errors="coerce")
        bad = numbers.isna() & frame[column].notna()
        if bad.any():
            position = int(bad.to_numpy().nonzero()[0][0])
            value = frame[column].iloc[position]
            raise SourceDataError(str(Problem(source.name, position + first_row, column, value, _("a number"))))
        out[column] = numbers
    return out


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


def posas_bands(source: SourceFile) -> pd.DataFrame:
    """One POSAS file in age bands by region: every region present, the ages adding up to the total row.

    Raises
    ------
    SourceDataError
        A missing column or region, a value that is not a number, ages that do not add up to the total
        (``Età`` = 999): one line naming the file, row, column, value and what was expected.
    """
    raw = _frame(source, sep=";", skiprows=1, dtype=str, keep_default_na=False)
    _check_columns(source, raw.columns, POSAS_COLUMNS)
    posas = _numbers(source, raw, ["Età", "Totale"], first_row=3)
    posas["Codice regione"] = posas["Codice regione"].str.strip().str.zfill(2)
    missing = sorted(set(REGION_NAMES) - set(posas["Codice regione"]))
    if missing:
        found = Described(_("no rows for {codes}").format(codes=", ".join(missing)))
        raise SourceDataError(str(Problem(source.name, None, "Codice regione", found, _("the 20 regions 01-20"))))
    ages = posas[posas["Età"] != 999].pivot_table(index="Codice regione", columns="Età", values="Totale", aggfunc="sum")
    ages.columns = [str(int(c)) for c in ages.columns]
    _check_columns(source, ages.columns, AGES)
    totals = posas[posas["Età"] == 999].set_index("Codice regione")["Totale"]
    bands = _age_bands(ages)
    for code in bands.index:
        if code not in totals.index or int(totals.loc[code]) != int(bands.loc[code, "population"]):
            row = int(posas.index[(posas["Codice regione"] == code) & (posas["Età"] == 999)].min() + 3) \
                if code in totals.index else None  # fmt: skip
            total = str(int(totals[code])) if code in totals.index else _("no total row")
            found = Described(_("{total} for region {code} (Età = 999)").format(total=total, code=code))
            expected = _("{sum}, the sum of its ages").format(sum=int(bands.loc[code, "population"]))
            raise SourceDataError(str(Problem(source.name, row, "Totale", found, expected)))
    frame = bands.loc[sorted(set(bands.index) & set(REGION_NAMES))].reset_index(drop=False)
    frame = frame.rename(columns={"Codice regione": "region_code"})
    frame.insert(1, "year", source.year)
    frame.insert(2, "source", "ISTAT POSAS")
    return frame


def population_table(found: Inventory, folder: Path) -> pd.DataFrame:
    """Population on 1 January by region and year, in age bands: POSAS where ISTAT publishes it, the
    reconstructed intercensal series for the other years (the two agree on 2019, which a test checks).

    Examples
    --------
    >>> table = population_table(inventory(config.REFERENCE_DIR), config.REFERENCE_DIR)  # doctest: +SKIP
    >>> int(table.query("year == 2019")["population"].sum())  # doctest: +SKIP
    59816673
    """
    years = sorted(found.posas)
    gaps = sorted(set(range(years[0], years[-1] + 1)) - set(years)) if years else []
    if gaps:
        missing_years = Described(_("no POSAS file for {years}").format(years=", ".join(map(str, gaps))))
        expected = _(
            "one for every year from {first} to {last} (e.g. POSAS_{gap}_it_Regioni.csv as demo.istat.it serves it)"
        ).format(first=years[0], last=years[-1], gap=gaps[0])
        raise SourceDataError(str(Problem(str(folder), None, None, missing_years, expected)))
    parts = [posas_bands(found.posas[year]) for year in years]
    source = found.require("reconstructed", folder)
    recon = _frame(source, dtype={"codice": str})
    _check_columns(source, recon.columns, ("anno", "genere", "codice", "regione", *AGES))
    recon = recon[(recon["genere"] == "Totale") & ~recon["anno"].isin(list(found.posas))]
    parts.insert(0, pd.concat(
        [pd.DataFrame({"region_code": recon["codice"].str.zfill(2), "year": recon["anno"],
                       "source": "ISTAT ricostruzione intercensuaria"}), _age_bands(recon)], axis=1,
    ))  # fmt: skip
    table = pd.concat(parts, ignore_index=True)
    unknown = sorted(set(table["region_code"]) - set(REGION_NAMES))
    if unknown:
        raise SourceDataError(
            _("population sources: unknown ISTAT region codes {codes}; expected 01-20").format(codes=unknown)
        )
    table.insert(1, "region", table["region_code"].map(REGION_NAMES))
    table["old_age_dependency_ratio"] = (100 * table["age_65_plus"] / table["age_15_64"]).round(2)
    return table.sort_values(["year", "region_code"]).reset_index(drop=True)


def _codes_from_names(names: pd.Series, source: SourceFile) -> pd.Series:
    codes = names.map(region_code)
    unknown = sorted(set(names[codes.isna()]))
    if unknown:
        raise SourceDataError(str(Problem(source.name, None, "regione", unknown[0], _("a region's name"))))
    return codes


def _regional_rows(source: SourceFile, table: str, name_column: str) -> pd.DataFrame:
    raw = _frame(source)
    raw = raw[(raw["gerarchia"] == "regionale") & (raw["descrizione"] == table)]
    raw = raw[raw[name_column].map(region_code).isin(REGION_NAMES)]  # drops Italia, areas, provinces
    if raw.empty:
        raise SourceDataError(
            _("{name}: no regional rows of the table {table!r}").format(name=source.name, table=table)
        )
    for year, rows in raw.groupby("anno"):
        missing = sorted(set(REGION_NAMES) - set(rows[name_column].map(region_code)))
        if missing:
            names = ", ".join(REGION_NAMES[c] for c in missing)
            found = Described(_("no {year} rows for {regions}").format(year=year, regions=names))
            raise SourceDataError(str(Problem(source.name, None, name_column, found, _("the 20 regions"))))
    return raw


def severe_limitations_table(found: Inventory, folder: Path) -> pd.DataFrame:
    """Persons with severe limitations by region and year (thousands and persons), every year the file holds."""
    source = found.require("severe_limitations", folder)
    raw = _frame(source)
    _check_columns(source, raw.columns, ("scelta", "Limitazioni gravi", "Limitazioni non gravi", "Senza limitazioni",
                                         "Non indicato", "descrizione", "anno", "gerarchia"))  # fmt: skip
    raw = _regional_rows(source, LIMITATIONS_TABLE, "scelta")
    numbers = _numbers(source, raw, ["Limitazioni gravi", "Limitazioni non gravi", "Senza limitazioni",
                                     "Non indicato", "anno"], first_row=2)  # fmt: skip
    table = pd.DataFrame(
        {
            "region_code": _codes_from_names(raw["scelta"], source),
            "year": numbers["anno"].astype(int),
            "severe_thousands": numbers["Limitazioni gravi"].astype(float),
            "non_severe_thousands": numbers["Limitazioni non gravi"].astype(float),
            "none_thousands": numbers["Senza limitazioni"].astype(float),
            "not_stated_thousands": numbers["Non indicato"].astype(float),
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


def residential_beds_table(found: Inventory, folder: Path) -> pd.DataFrame:
    """Beds in residential facilities by main target group, region and year, every year the file holds."""
    source = found.require("residential_beds", folder)
    raw = _frame(source)
    _check_columns(source, raw.columns, ("regione", *BED_COLUMNS, "descrizione", "anno", "gerarchia"))
    raw = _regional_rows(source, BEDS_TABLE, "regione")
    numbers = _numbers(source, raw, [*BED_COLUMNS, "anno"], first_row=2)
    table = pd.DataFrame(
        {"region_code": _codes_from_names(raw["regione"], source), "year": numbers["anno"].astype(int)}
    )
    for column, name in BED_COLUMNS.items():
        table[name] = numbers[column].astype("int64")
    table["beds_total"] = table[list(BED_COLUMNS.values())].sum(axis=1)
    table.insert(1, "region", table["region_code"].map(REGION_NAMES))
    return table.sort_values(["year", "region_code"]).reset_index(drop=True)


def _csv_bytes(frame: pd.DataFrame) -> bytes:
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    return buffer.getvalue().encode("utf-8")


def build_tables(source_dir: Path | None = None, found: Inventory | None = None) -> dict[str, bytes]:
    """Derive every output file's bytes from the sources (pure: writes nothing).

    Raises
    ------
    SourceDataError
        When a source file is missing, damaged, or its header or values are not what ISTAT writes (the
        message names the file, row, column, value and what was expected).
    """
    source_dir = Path(source_dir or config.REFERENCE_DIR)
    found = found or inventory(source_dir)
    boundaries = found.require("boundaries", source_dir)
    geojson = boundaries_from_topojson(boundaries.data, boundaries.name)
    return {
        "population.csv": _csv_bytes(population_table(found, source_dir)),
        "severe_limitations.csv": _csv_bytes(severe_limitations_table(found, source_dir)),
        "residential_beds.csv": _csv_bytes(residential_beds_table(found, source_dir)),
        "italy_regions.geojson": (json.dumps(geojson, ensure_ascii=False, separators=(",", ":")) + "\n").encode(),
    }


def _years(source: SourceFile) -> str:
    if source.year is not None:
        return str(source.year)
    if source.kind == "boundaries":
        return ""
    years = sorted({int(y) for y in _frame(source, usecols=["anno"])["anno"] if str(y).isdigit()})
    return f"{years[0]}-{years[-1]}" if years else ""


def provenance(found: Inventory, outputs: dict[str, bytes], built: date | None = None) -> dict:
    """The provenance record written next to the derived tables: every file used, its years, the ones set aside."""
    return {
        "built": (built or date.today()).isoformat(),
        "build_command": "cbresearch build-demography --source DIR",
        "note": "Derived, compact tables; the source files themselves are not redistributed here.",
        "sources": [
            {
                "file": source.name,
                "kind": source.kind,
                "years": _years(source),
                **asdict(origin_of(source)),
                "sha256": hashlib.sha256(source.data).hexdigest(),
            }
            for source in found.used()
        ],
        "superseded": [
            {"file": old.name, "replaced_by": new.name, "sha256": hashlib.sha256(old.data).hexdigest()}
            for old, new in found.superseded
        ],
        "outputs": {name: hashlib.sha256(data).hexdigest() for name, data in outputs.items()},
    }


def build_demography(source_dir: Path | None = None, out_dir: Path | None = None) -> list[Path]:
    """Build the derived ISTAT tables and write them (atomically) with their provenance.

    Parameters
    ----------
    source_dir : Path, optional
        Where the ISTAT files are (default ``../shared/reference``): any year, as ISTAT serves them.
    out_dir : Path, optional
        Where to write (default ``data/raw/istat``).

    Returns
    -------
    list of Path
        The files written.  Nothing is written when a source is missing or wrong.
    """
    source_dir = Path(source_dir or config.REFERENCE_DIR)
    out_dir = Path(out_dir or config.ISTAT_RAW_DIR)
    found = inventory(source_dir)
    outputs = build_tables(source_dir, found)
    record = provenance(found, outputs)
    out_dir.mkdir(parents=True, exist_ok=True)
    with StagedOutputs() as staged:
        for name, data in outputs.items():
            staged.write_bytes(out_dir / name, data)
        staged.write_json(out_dir / PROVENANCE, record)
    return [out_dir / name for name in (*outputs, PROVENANCE)]
