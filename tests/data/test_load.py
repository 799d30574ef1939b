"""cb.load: cleaned frames for notebooks; reading never writes; stale tables name the command to run."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

import cbresearch as cb
from cbresearch import config
from cbresearch.data.clean.pipeline import clean_all
from cbresearch.errors import CbResearchError, StaleDataError


@pytest.fixture
def dirs(tmp_path: Path, raw_dir: Path) -> tuple[Path, Path]:
    processed = tmp_path / "processed"
    clean_all(raw_dir, processed)
    return raw_dir, processed


def tree(directory: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(directory.glob("*")) if p.is_file()}


def test_missing_tables_raise_naming_the_command_and_nothing_is_written(raw_dir: Path, tmp_path: Path) -> None:
    processed = tmp_path / "processed"
    with pytest.raises(StaleDataError, match=r"manca validation_report\.json\): eseguire `cbresearch clean`"):
        cb.load("survey", raw_dir=raw_dir, processed_dir=processed)
    assert not processed.exists()


def test_changed_raw_data_raise_naming_the_file(dirs, edit_raw) -> None:
    raw, processed = dirs
    assert cb.load("members", raw_dir=raw, processed_dir=processed)["note"].isna().iloc[0]
    before = tree(processed)
    edit_raw("members", 2, "Note", "nota aggiunta")
    with pytest.raises(StaleDataError, match=r"^members\.csv: cambiati nei dati grezzi dall\'ultima pulizia: eseguire"):
        cb.load("members", raw_dir=raw, processed_dir=processed)
    assert tree(processed) == before  # reading never writes
    clean_all(raw, processed)
    assert cb.load("members", raw_dir=raw, processed_dir=processed)["note"].iloc[0] == "nota aggiunta"


def test_a_new_delivery_makes_the_tables_stale(dirs) -> None:
    raw, processed = dirs
    (raw / "networks").mkdir()
    (raw / "networks" / "2027-01-asl.csv").write_text("Codice rete\nRS900\n", encoding="utf-8")
    with pytest.raises(StaleDataError, match=r"networks/2027-01-asl\.csv: cambiati"):
        cb.load("networks", raw_dir=raw, processed_dir=processed)


def test_a_missing_table_is_named(dirs) -> None:
    raw, processed = dirs
    (processed / "survey.parquet").unlink()
    with pytest.raises(StaleDataError, match=r"survey\.parquet: mancano in"):
        cb.load("networks", raw_dir=raw, processed_dir=processed)


def test_contacts_are_withheld_unless_asked_for(dirs) -> None:
    raw, processed = dirs
    hidden = cb.load("initiatives", raw_dir=raw, processed_dir=processed)
    assert hidden["contacts"].isna().all()
    shown = cb.load("initiatives", raw_dir=raw, processed_dir=processed, include_contacts=True)
    alzheimer = shown.set_index("title").loc["Alzheimer Cafè", "contacts"]
    assert "@asst-rhodense.it" in alzheimer


def test_aliases_and_unknown_names(dirs) -> None:
    raw, processed = dirs
    assert len(cb.load("needs", raw_dir=raw, processed_dir=processed)) == 72
    with pytest.raises(CbResearchError, match="dataset sconosciuto 'survy'; atteso uno tra: survey"):
        cb.load("survy", raw_dir=raw, processed_dir=processed)


def test_a_script_ends_with_the_clear_message_and_importing_changes_no_hook(tmp_path: Path) -> None:
    empty = tmp_path / "data"
    (empty / "raw").mkdir(parents=True)
    script = "import sys, cbresearch as cb; print(sys.excepthook is sys.__excepthook__); cb.load('survey')"
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "CBRESEARCH_DATA_DIR": str(empty)},
    )
    assert result.returncode == 1
    assert result.stdout.strip() == "True"  # the package replaces no exception hook: Python's own traceback
    assert result.stderr.strip().splitlines()[-1] == (
        f"cbresearch.errors.StaleDataError: nessuna tabella pulita in {empty / 'processed'} (manca "
        "validation_report.json): eseguire `cbresearch clean` (in un notebook: `cb.clean()`)"
    )
    assert not (empty / "processed").exists()


def test_import_is_light() -> None:
    code = (
        "import sys, cbresearch; print(any(m.startswith(('seaborn', 'statsmodels', 'pandera')) for m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_project_root_does_not_depend_on_the_working_directory(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", "from cbresearch import config; print(config.RAW_DIR)"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=True,
    )
    assert Path(result.stdout.strip()) == config.RAW_DIR
    assert (config.PROJ_ROOT / "pyproject.toml").exists()
