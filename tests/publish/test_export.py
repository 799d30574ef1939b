"""`cbresearch export`: the processed tables for SPSS, Stata and R, round-tripped through pyreadstat."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import cbresearch as cb
from cbresearch.cli import app
from cbresearch.data.schema.vocab import SURVEY_ITEMS

LABELS = {1: "Per niente", 2: "Poco", 3: "Abbastanza", 4: "Molto", 5: "Totalmente"}  # the seed's scale


@pytest.mark.parametrize("format", ["sav", "dta"])
def test_export_round_trips_with_labels(format: str, tmp_path: Path) -> None:
    import pyreadstat

    result = CliRunner().invoke(app, ["export", "--format", format, "--out-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    read = pyreadstat.read_sav if format == "sav" else pyreadstat.read_dta
    frame, meta = read(str(tmp_path / f"survey.{format}"))
    survey = cb.load("survey")
    assert frame["organisation"].tolist() == survey["organisation"].tolist()
    for column in SURVEY_ITEMS:
        assert frame[column].astype(int).tolist() == survey[column].astype(int).tolist()
        assert meta.variable_value_labels[column] == LABELS
    label = meta.column_names_to_labels["suitability_wi"]
    if format == "sav":
        assert label.startswith("Quanto nel vostro contesto Aziendale") and label.endswith(
            "[Welfare/medicina di iniziativa]"
        )
    else:
        assert label == "Adeguatezza - Welfare/medicina di iniziativa"  # Stata: 80 bytes at most
    initiatives, meta = read(str(tmp_path / f"initiatives.{format}"))
    assert len(initiatives) == 80 and meta.column_names_to_labels["title"] == "Titolo"
    assert initiatives["approaches"].iloc[0] == "; ".join(cb.load("initiatives")["approaches"].iloc[0])


def test_an_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["export", "--format", "xls", "--out-dir", str(tmp_path)])
    words = " ".join(re.sub(r"[│╭╮╰╯─]", " ", result.output).split())
    assert result.exit_code == 2 and "atteso uno tra: sav, dta, csv, parquet" in words
    assert not any(tmp_path.iterdir())
