"""`cbresearch tables`: every table as formula-safe CSV and escaped HTML."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from cbresearch.cli import app
from cbresearch.publish.tables.seed_tables import neutralise_formula, page_table, to_safe_csv


def test_tables_command_writes_the_promised_files(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["tables", "--out-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for name in (
        "classification_matrix",
        "need_target_matrix",
        "survey_distribution",
        "network_shares",
        "national_coverage",
    ):
        assert (tmp_path / f"{name}.csv").exists() and (tmp_path / f"{name}.html").exists()
    with (tmp_path / "classification_matrix.csv").open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][1:] == ["Istituzionale", "Professionale", "Volontariato", "Tra pari", "Totale"]
    assert rows[4] == ["Valutazione dei servizi (advocacy)", "0", "0", "0", "0", "0"]
    assert rows[-1] == ["Totale", "48", "14", "2", "1", "65"]
    with (tmp_path / "survey_distribution.csv").open(encoding="utf-8") as handle:
        assert next(csv.reader(handle)) == ["item", "score", "count", "percent"]
    assert "index.html" in {p.name for p in tmp_path.iterdir()}


def test_formula_injection_is_neutralised() -> None:
    frame = pd.DataFrame({"text": ["=cmd|' /C calc'!A0", "+1", "-x", "@SUM(A1)", "ok"], "n": [-1, 2, 3, 4, 5]})
    text = to_safe_csv(frame).decode()
    assert "'=cmd" in text and "\n'+1," in text and "\n'-x," in text and "'@SUM" in text
    assert "\nok,5" in text and ",-1\n" in text  # numbers untouched
    assert neutralise_formula(-3) == -3


def test_html_escapes_text() -> None:
    html = page_table(pd.DataFrame({"titolo": ["<script>alert(1)</script>"]}), "<b>caption</b>").html()
    assert "<script>alert" not in html and "&lt;b&gt;caption&lt;/b&gt;" in html


def test_pages_show_italian_headings_and_numbers_while_the_csv_keeps_the_data() -> None:
    frame = pd.DataFrame({"item": ["Adeguatezza"], "count": [1234], "percent": [12.5], "wilcoxon_p_less": [0.00012]})
    shown = page_table(frame, "Prova").shown
    assert list(shown.columns) == ["Domanda", "Numero", "Percentuale (%)", "p di Wilcoxon (unilaterale)"]
    assert shown.iloc[0].tolist() == ["Adeguatezza", "1.234", "12,5", "0,0001"]  # a value with one decimal shows one
    assert to_safe_csv(frame).decode().splitlines()[0] == "item,count,percent,wilcoxon_p_less"
