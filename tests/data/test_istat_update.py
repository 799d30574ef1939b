"""Fresh data when ISTAT publishes: any year, files as ISTAT serves them, an update command, a download command."""

from __future__ import annotations

import hashlib
import http.server
import io
import re
import shutil
import socket
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from helpers import cbresearch, private_project

from cbresearch import config

REFERENCE = config.REFERENCE_DIR
needs_reference = pytest.mark.skipif(not REFERENCE.is_dir(), reason="needs ../shared/reference (the ISTAT files)")
CBRESEARCH = str(Path(sys.executable).with_name("cbresearch"))


def posas_for(year: int, factor_65_plus: float, drop: str | None = None) -> tuple[str, pd.DataFrame]:
    """A POSAS file of ``year`` made from 2023's: residents 65+ times ``factor``, totals recomputed; its text."""
    text = (REFERENCE / "istat_posas_2023_regions.csv").read_text(encoding="utf-8")
    title, body = text.split("\n", 1)
    frame = pd.read_csv(io.StringIO(body), sep=";", dtype={"Codice regione": str})
    ages = frame[frame["Età"] != 999].copy()
    older = ages["Età"] >= 65
    ages.loc[older, "Totale"] = (ages.loc[older, "Totale"] * factor_65_plus).round().astype(int)
    totals = ages.groupby(["Codice regione", "Regione"], as_index=False)["Totale"].sum().assign(**{"Età": 999})
    frame = pd.concat([ages, totals], ignore_index=True)[["Codice regione", "Regione", "Età", "Totale"]]
    if drop:
        frame = frame[frame["Codice regione"] != drop]
    buffer = io.StringIO()
    frame.to_csv(buffer, sep=";", index=False, quoting=1)
    return title.replace("2023", str(year)) + "\n" + buffer.getvalue(), frame


def _source_with_new_years(folder: Path) -> dict[int, pd.DataFrame]:
    """The reference files, plus POSAS 2024 as a .csv and POSAS 2025 as the .zip demo.istat.it serves."""
    shutil.copytree(REFERENCE, folder)
    for path in folder.iterdir():
        path.chmod(0o644)
    made = {}
    text, made[2024] = posas_for(2024, 1.02)
    (folder / "POSAS_2024_it_Regioni.csv").write_text(text, encoding="utf-8")
    text, made[2025] = posas_for(2025, 1.05)
    with zipfile.ZipFile(folder / "POSAS_2025_it_Regioni.zip", "w") as archive:
        archive.writestr("POSAS_2025_it_Regioni.csv", text)
    return made


def _private_project(tmp_path: Path) -> tuple[Path, dict]:
    data, _reports, env = private_project(tmp_path)
    return data, env


def _run(env: dict, *arguments: str) -> subprocess.CompletedProcess:
    return cbresearch(env, *arguments)


@needs_reference
def test_new_years_as_istat_serves_them_reach_the_indicators_and_the_trend(tmp_path: Path) -> None:
    from cbresearch.analysis.coverage import need_coverage_by_region
    from cbresearch.data.build.istat import build_demography
    from cbresearch.data.clean.pipeline import clean_all
    from cbresearch.data.store.load import istat_tables

    made = _source_with_new_years(tmp_path / "istat")
    raw = tmp_path / "raw"
    shutil.copytree(config.RAW_DIR, raw)
    build_demography(tmp_path / "istat", raw / "istat")
    clean_all(raw, tmp_path / "processed", progress=False)
    table = need_coverage_by_region(istat_tables(tmp_path / "processed", raw))
    share = table.query("indicator == 'share_65_plus' and region_code == 'IT'").iloc[0]
    ages = made[2025][made[2025]["Età"] != 999]
    expected = 100 * ages.loc[ages["Età"] >= 65, "Totale"].sum() / ages["Totale"].sum()  # computed from the file
    assert share["year"] == 2025 and share["value"] == pytest.approx(expected, rel=1e-12)
    assert share["trend_years"] == "2021-2025"
    provenance = (raw / "istat" / "PROVENANCE.json").read_text(encoding="utf-8")
    assert "POSAS_2025_it_Regioni.zip/POSAS_2025_it_Regioni.csv" in provenance


@needs_reference
def test_a_new_year_of_beds_is_divided_by_the_residents_of_the_following_first_of_january(tmp_path: Path) -> None:
    from cbresearch.analysis.indicators import indicator_counts
    from cbresearch.data.build.istat import build_tables
    from cbresearch.data.store.load import IstatTables

    source = tmp_path / "istat"
    shutil.copytree(REFERENCE, source)
    beds = source / "istat_residential_beds_regions.csv"
    beds.chmod(0o644)
    frame = pd.read_csv(beds)
    added = frame[frame["anno"] == 2018].copy()
    added["anno"] = 2019
    pd.concat([frame, added]).to_csv(beds, index=False)
    tables = {k: pd.read_csv(io.BytesIO(v), dtype={"region_code": str}) for k, v in build_tables(source).items()
              if k.endswith(".csv")}  # fmt: skip
    counts = indicator_counts(IstatTables(tables["population.csv"], tables["residential_beds.csv"],
                                          tables["severe_limitations.csv"]))  # fmt: skip
    row = counts.query("indicator == 'elderly_beds_per_1000_65plus' and year == 2019 and region_code == '08'").iloc[0]
    population = tables["population.csv"].query("year == 2020 and region_code == '08'").iloc[0]
    beds_2019 = tables["residential_beds.csv"].query("year == 2019 and region_code == '08'").iloc[0]
    assert row["numerator"] == beds_2019["beds_elderly"] and row["denominator"] == population["age_65_plus"]


def _bad_sources(folder: Path) -> dict[str, Path]:
    """A source folder per broken file; each broken the way a download or an edit breaks it."""
    cases = {}

    def case(name: str, file: str, text: str) -> None:
        target = folder / name
        shutil.copytree(REFERENCE, target)
        (target / file).write_text(text, encoding="utf-8")
        cases[name] = target

    good, _ = posas_for(2024, 1.0)
    case("missing-column", "POSAS_2024_it_Regioni.csv", good.replace('"Totale"', '"Totali"', 1))
    case("missing-region", "POSAS_2024_it_Regioni.csv", posas_for(2024, 1.0, drop="02")[0])
    case("year-not-the-title's", "POSAS_2025_it_Regioni.csv", good)
    lines = good.split("\n")
    total = next(i for i, line in enumerate(lines) if ';"999";' in line)
    lines[total] = re.sub(r';"?\d+"?$', ";1", lines[total])
    case("totals-differ", "POSAS_2024_it_Regioni.csv", "\n".join(lines))
    lines = good.split("\n")
    lines[5] = re.sub(r';"?\d+"?$', ';"dodici"', lines[5])
    case("not-a-number", "POSAS_2024_it_Regioni.csv", "\n".join(lines))
    return cases


@needs_reference
@pytest.mark.slow
def test_every_bad_file_stops_the_update_in_one_line_and_changes_nothing(tmp_path: Path) -> None:
    data, env = _private_project(tmp_path)
    istat = data / "raw" / "istat"
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in istat.iterdir()}
    expected = {
        "missing-column": "colonna 'Totale': trovato nessuna colonna così",
        "missing-region": "trovato nessuna riga per 02",
        "year-not-the-title's": "trovato l'anno 2024 nel titolo, atteso 2025",
        "totals-differ": "colonna 'Totale': trovato 1 per la regione",
        "not-a-number": "trovato 'dodici', atteso un numero",
    }
    for name, source in _bad_sources(tmp_path / "bad").items():
        done = _run(env, "istat", "aggiorna", "--source", str(source))
        assert done.returncode == 1, (name, done.stdout, done.stderr)
        assert done.stderr.count("errore:") == 1 and "Traceback" not in done.stderr, (name, done.stderr)
        assert expected[name] in done.stderr, (name, done.stderr)
        assert re.search(r"POSAS_202[45]_it_Regioni\.csv", done.stderr), (name, done.stderr)
        assert {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in istat.iterdir()} == before, name


@needs_reference
@pytest.mark.slow
def test_the_update_command_then_the_reports_show_the_new_year(tmp_path: Path) -> None:
    _data, env = _private_project(tmp_path)
    _source_with_new_years(tmp_path / "istat")
    first = _run(env, "reports", "--regions", "08", "--jobs", "1")
    assert first.returncode == 0, first.stderr
    checked = _run(env, "istat", "aggiorna", "--source", str(tmp_path / "istat"), "--check")
    assert "popolazione: 2024, 2025 nuovi" in checked.stdout and "posti letto: nessun anno nuovo" in checked.stdout
    assert "--check: nulla è stato scritto" in checked.stdout
    updated = _run(env, "istat", "aggiorna", "--source", str(tmp_path / "istat"))
    assert updated.returncode == 0, updated.stderr
    again = _run(env, "reports", "--regions", "08", "--jobs", "1")
    assert again.returncode == 0, again.stderr
    assert "1 costruiti, di cui 1 aggiornati (dati cambiati)" in again.stdout  # the data changed: rebuilt
    assert "Quota 65+ (%) 2023 → 2025" in again.stdout
    report = (tmp_path / "reports" / "regional" / "08.html").read_text(encoding="utf-8")
    index = (tmp_path / "reports" / "regional" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"Quota di popolazione 65\+</t[hd]>\s*<t[hd][^>]*>%</t[hd]>\s*<t[hd][^>]*>2025", report)
    assert "POSAS_2025_it_Regioni" in report and "Quota 65+ (%)</abbr>, 2025" in index


class _Recorded(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # quiet
        pass


def test_download_fetches_posas_with_its_provenance_from_a_local_server(tmp_path: Path) -> None:
    served = tmp_path / "served"
    served.mkdir()
    with zipfile.ZipFile(served / "POSAS_2024_it_Regioni.zip", "w") as archive:
        archive.writestr("POSAS_2024_it_Regioni.csv", '"Popolazione residente al 1° gennaio 2024"\n')
    handler = lambda *a, **k: _Recorded(*a, directory=str(served), **k)  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/POSAS_{{year}}_it_Regioni.zip"
        done = subprocess.run([CBRESEARCH, "istat", "scarica", "--dest", str(tmp_path / "dest"), "--base-url", url,
                               "--first-year", "2024"], capture_output=True, text=True, timeout=120)  # fmt: skip
    finally:
        server.shutdown()
    assert done.returncode == 0, done.stderr
    written = tmp_path / "dest" / "POSAS_2024_it_Regioni.zip"
    assert written.read_bytes() == (served / "POSAS_2024_it_Regioni.zip").read_bytes()  # byte for byte
    record = (tmp_path / "dest" / "POSAS_2024_it_Regioni.zip.provenance.json").read_text()
    assert hashlib.sha256(written.read_bytes()).hexdigest() in record and "127.0.0.1" in record
    assert "scaricato" in done.stdout and not (tmp_path / "dest" / "POSAS_2025_it_Regioni.zip").exists()


def test_download_without_network_fails_in_one_line_naming_the_url(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/POSAS_{{year}}_it_Regioni.zip"
    done = subprocess.run([CBRESEARCH, "istat", "scarica", "--dest", str(tmp_path), "--base-url", url,
                           "--first-year", "2024"], capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("errore: http://127.0.0.1:") and "rifiutata" in lines[0].lower()
