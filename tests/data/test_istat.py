"""The ISTAT tables: rebuilt from ../shared/reference they equal the committed ones; traps are handled.

Expected figures are computed here, independently, from the source files (or
quoted from ../shared/reference/SOURCES.md), never from the code under test.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import golden
import pytest

from cbresearch import config
from cbresearch.data.build.istat import OUTPUTS, PROVENANCE, build_demography, build_tables
from cbresearch.errors import SourceDataError

REFERENCE = config.REFERENCE_DIR
needs_reference = pytest.mark.skipif(not REFERENCE.exists(), reason="../shared/reference is not available")


def committed(name: str) -> list[dict[str, str]]:
    with (config.ISTAT_RAW_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@needs_reference
def test_rebuilding_from_the_reference_files_gives_the_committed_tables() -> None:
    rebuilt = build_tables(REFERENCE)
    for name in OUTPUTS:
        assert rebuilt[name] == (config.ISTAT_RAW_DIR / name).read_bytes(), f"{name} differs from data/raw/istat"


@needs_reference
def test_provenance_names_every_source_with_licence_and_hash(tmp_path: Path) -> None:
    import hashlib

    record = json.loads((config.ISTAT_RAW_DIR / PROVENANCE).read_text(encoding="utf-8"))
    listed = {s["file"]: s for s in record["sources"]}
    for path in REFERENCE.iterdir():
        if path.name == "SOURCES.md":
            continue
        assert listed[path.name]["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
        assert listed[path.name]["licence"].startswith("CC BY")
        assert listed[path.name]["attribution"]
    assert set(record["outputs"]) == set(OUTPUTS)


@needs_reference
def test_source_files_are_not_committed_verbatim() -> None:
    import hashlib
    import subprocess

    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=config.PROJ_ROOT, capture_output=True, check=True).stdout
    hashes = {
        hashlib.sha256((config.PROJ_ROOT / name).read_bytes()).hexdigest()
        for name in tracked.decode().split("\0")
        if name and (config.PROJ_ROOT / name).is_file()
    }
    for source in REFERENCE.iterdir():
        assert hashlib.sha256(source.read_bytes()).hexdigest() not in hashes, f"{source.name} is committed verbatim"


def italy(year: int, column: str) -> int:
    return sum(int(r[column]) for r in committed("population.csv") if int(r["year"]) == year)


def test_italy_sanity_figures_from_sources_md() -> None:
    for year, figures in ((2019, golden.ITALY_2019), (2017, golden.ITALY_2017)):
        assert {column: italy(year, column) for column in figures} == figures
    assert round(100 * italy(2017, "age_65_plus") / italy(2017, "population"), 1) == golden.ITALY_2017_SHARE_65_PLUS


@needs_reference
def test_age_bands_against_an_independent_sum_of_the_posas_file() -> None:
    totals = {"population": 0, "age_80_plus": 0, "age_0_14": 0}
    with (REFERENCE / "istat_posas_2023_regions.csv").open(encoding="utf-8") as handle:
        next(handle)  # title line
        for row in csv.DictReader(handle, delimiter=";"):
            age = int(row["Età"])
            if row["Codice regione"] != "08" or age == 999:
                continue
            totals["population"] += int(row["Totale"])
            totals["age_80_plus"] += int(row["Totale"]) * (age >= 80)
            totals["age_0_14"] += int(row["Totale"]) * (age <= 14)
    emilia = next(r for r in committed("population.csv") if r["region_code"] == "08" and r["year"] == "2023")
    assert {k: int(emilia[k]) for k in totals} == totals


@needs_reference
def test_names_are_mapped_to_codes_and_thousands_become_persons() -> None:
    with (REFERENCE / "istat_severe_limitations_regions.csv").open(encoding="utf-8") as handle:
        source = [
            r for r in csv.DictReader(handle) if r["gerarchia"] == "regionale" and r["descrizione"].startswith("a.1")
        ]
    aosta = next(r for r in source if r["scelta"].startswith("Valle d'Aosta") and r["anno"] == "2019")
    trentino = next(r for r in source if r["scelta"].startswith("Trentino") and r["anno"] == "2019")
    table = {(r["region_code"], r["year"]): r for r in committed("severe_limitations.csv")}
    assert int(table[("02", "2019")]["severe_persons"]) == round(float(aosta["Limitazioni gravi"]) * 1000)
    assert int(table[("04", "2019")]["severe_persons"]) == round(float(trentino["Limitazioni gravi"]) * 1000)
    assert len({r["region_code"] for r in committed("severe_limitations.csv")}) == 20
    beds = committed("residential_beds.csv")
    assert {r["region_code"] for r in beds} == {f"{i:02d}" for i in range(1, 21)}


@needs_reference
def test_a_missing_source_file_stops_the_build_naming_it(tmp_path: Path) -> None:
    source = tmp_path / "reference"
    shutil.copytree(REFERENCE, source)
    (source / "istat_posas_2021_regions.csv").unlink()
    with pytest.raises(SourceDataError, match=r"trovato nessun file POSAS per 2021, atteso uno per ogni anno dal 2019"):
        build_demography(source, tmp_path / "out")
    assert not (tmp_path / "out" / "population.csv").exists()


@needs_reference
def test_a_changed_header_stops_the_build_naming_file_and_column(tmp_path: Path) -> None:
    source = tmp_path / "reference"
    shutil.copytree(REFERENCE, source)
    path = source / "istat_residential_beds_regions.csv"
    text = path.read_text(encoding="utf-8").replace("Anziani (65 anni e più)", "Anziani 65+", 1)
    path.chmod(0o644)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(
        SourceDataError,
        match=r"istat_residential_beds_regions.csv, riga 1, colonna 'Anziani \(65 anni e più\)': trovato nessuna colonna così",
    ):
        build_demography(source, tmp_path / "out")


def test_cli_reports_a_missing_source_without_traceback(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from cbresearch.cli import app

    result = CliRunner().invoke(app, ["build-demography", "--source", str(tmp_path), "--out-dir", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert result.output.startswith("errore: ") and "nessun file boundaries" in result.output
    assert len(result.output.strip().splitlines()) == 1
