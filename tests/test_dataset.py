"""cb.load: cleaned frames for notebooks, rebuilt when stale, personal data withheld."""

from __future__ import annotations

from pathlib import Path

import pytest

import cbresearch as cb
from cbresearch import config
from cbresearch.errors import CbResearchError


@pytest.fixture
def dirs(tmp_path: Path, raw_dir: Path) -> tuple[Path, Path]:
    return raw_dir, tmp_path / "processed"


def test_load_builds_the_processed_tables_when_missing(dirs) -> None:
    raw, processed = dirs
    survey = cb.load("survey", raw_dir=raw, processed_dir=processed)
    assert len(survey) == 24
    assert (processed / "survey.parquet").exists()


def test_load_rebuilds_when_the_raw_data_change(dirs, edit_raw) -> None:
    raw, processed = dirs
    assert cb.load("members", raw_dir=raw, processed_dir=processed)["note"].isna().iloc[0]
    edit_raw("members", 2, "Note", "nota aggiunta")
    assert cb.load("members", raw_dir=raw, processed_dir=processed)["note"].iloc[0] == "nota aggiunta"


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
    with pytest.raises(CbResearchError, match="unknown dataset 'survy'; expected one of: survey"):
        cb.load("survy", raw_dir=raw, processed_dir=processed)


def test_import_is_light() -> None:
    import subprocess
    import sys

    code = (
        "import sys, cbresearch; print(any(m.startswith(('seaborn', 'statsmodels', 'pandera')) for m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_project_root_does_not_depend_on_the_working_directory(tmp_path: Path, monkeypatch) -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", "from cbresearch import config; print(config.RAW_DIR)"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=True,
    )
    assert Path(result.stdout.strip()) == config.RAW_DIR
    assert (config.PROJ_ROOT / "pyproject.toml").exists()
