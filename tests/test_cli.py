"""The command line: readable errors, exit codes, never a traceback, raw data untouched."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import typer.main
from typer.testing import CliRunner

from cbresearch import config
from cbresearch.cli import app

runner = CliRunner()


def digest(directory: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(directory.glob("*")) if p.is_file()}


def test_clean_on_the_bundled_data_exits_0_and_leaves_data_raw_byte_identical(tmp_path: Path) -> None:
    before = digest(config.RAW_DIR)
    result = runner.invoke(app, ["clean", "--out-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "survey" in result.output and "righe lette    24" in result.output
    assert len(list(tmp_path.glob("*.parquet"))) == 8
    assert digest(config.RAW_DIR) == before


def test_clean_rejects_bad_data_with_one_line_per_problem_and_exit_1(raw_dir: Path, tmp_path: Path, edit_raw) -> None:
    edit_raw("survey_responses", 4, "Adeguatezza - Reti di comunità", "11")
    edit_raw("networks", 6, "Interesse", "altissimo")
    result = subprocess.run(
        [sys.executable, "-m", "cbresearch.cli", "clean", "--raw-dir", str(raw_dir), "--out-dir", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith(
        "errore: survey_responses.csv, riga 4, colonna 'Adeguatezza - Reti di comunità': trovato '11'"
    )
    assert lines[1].startswith("errore: networks.csv, riga 6, colonna 'Interesse': trovato 'altissimo'")
    assert lines[-1] == "errore: problemi nei dati grezzi: 2"
    assert not list(tmp_path.glob("*.parquet"))


def test_build_raw_into_a_fresh_directory(tmp_path: Path) -> None:
    result = runner.invoke(app, ["build-raw", "--out-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert digest(tmp_path) == digest(config.RAW_DIR)


def test_build_raw_refuses_to_change_existing_raw_files(raw_dir: Path, edit_raw) -> None:
    edit_raw("members", 2, "Nome", "Asl Roma Due")
    before = digest(raw_dir)
    result = runner.invoke(app, ["build-raw", "--out-dir", str(raw_dir)])
    assert result.exit_code == 1
    assert "i dati grezzi sono immutabili" in result.output and "members.csv" in result.output
    assert digest(raw_dir) == before
    forced = runner.invoke(app, ["build-raw", "--out-dir", str(raw_dir), "--force"])
    assert forced.exit_code == 0
    assert digest(raw_dir) == digest(config.RAW_DIR)


def test_console_script_is_installed() -> None:
    executable = Path(sys.executable).with_name("cbresearch")
    result = subprocess.run([str(executable), "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    assert "build-raw" in result.stdout


#: English words of help texts (the untranslated ones this command line had); click's own two lines aside
HELP_ENGLISH = re.compile(
    r"\b(the|Where|write|Write|default|Directory|Rebuild|every|Options|Commands|Arguments|required|Parallel|Show"
    r"|Year|Exit codes|Import|Print)\b"
)
CLICK_OWN = ("Usage:", "Show this message and exit.")


def test_the_help_of_every_command_speaks_italian() -> None:
    executable = Path(sys.executable).with_name("cbresearch")
    names = list(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
    assert len(names) >= 14
    commands = [[], *[[name] for name in names], ["istat", "aggiorna"], ["istat", "scarica"]]
    english = {}
    for command in commands:
        result = subprocess.run([str(executable), *command, "--help"], capture_output=True, text=True,
                                env={**os.environ, "COLUMNS": "200"})  # fmt: skip
        assert result.returncode == 0, result.stderr
        text = "\n".join(line for line in result.stdout.splitlines() if not any(own in line for own in CLICK_OWN))
        found = sorted({m.group() for m in HELP_ENGLISH.finditer(text)})
        if found:
            english[" ".join(command) or "cbresearch"] = found
    assert "Opzioni" in result.stdout
    assert not english, english


def test_the_help_scan_would_catch_english() -> None:
    assert HELP_ENGLISH.search("│ --out-dir  <path>  Where to write the reports (default reports/regional). │")
    assert not HELP_ENGLISH.search("│ --out-dir  <path>  Dove scrivere i report (predefinito reports/regional). │")
