"""The reproduction check: every registered figure is recomputed; inconsistencies are flagged."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from cbresearch import config
from cbresearch.analysis.national_coverage import national_coverage
from cbresearch.check.reproduction import check, flagged_markdown, summary_line
from cbresearch.cli import app
from cbresearch.sources.registry import load_registry

runner = CliRunner()


@pytest.fixture(scope="module")
def results():
    return check()


def test_registry_covers_every_seed_with_over_150_figures() -> None:
    entries = load_registry()
    assert len(entries) >= 150
    assert {e["seed"] for e in entries} == {"000", "001", "002", "003", "004"}


def test_nothing_fails_and_the_summary_has_the_promised_form(results) -> None:
    line = summary_line(results)
    assert line.startswith("reproduced ") and ", failed 0, " in line
    counts = dict(part.rsplit(" ", 1) for part in line.split(", "))
    assert sum(int(v) for v in counts.values()) == len(load_registry())


def by_id(results, figure_id):
    return next(r for r in results if r.id == figure_id)


def test_the_elderly_coverage_inconsistency_is_flagged(results) -> None:
    flagged = by_id(results, "s004-copertura-anziani")
    assert flagged.status == "flagged"
    assert "32.5 %" in flagged.reason and "31,9%" in flagged.reason
    assert by_id(results, "s004-copertura-disabili").status == "external"  # 204.176 / 708.000 = 28,8 %: consistent


def test_the_over_65_increase_cannot_be_matched_by_istat(results) -> None:
    flagged = by_id(results, "s004-over65-aumento-2010-2017")
    assert flagged.status == "flagged"
    # 13.461.945 (2017) - 12.254.516 (2011), from ../shared/reference via data/raw/istat
    assert flagged.recomputed == 13_461_945 - 12_254_516
    assert "no 2010" in flagged.reason


def test_matrix_and_survey_figures_are_reproduced(results) -> None:
    for result in results:
        if result.id.startswith(("s004-classification", "s004-needs", "s004-survey", "s004-reti")):
            assert result.status in ("reproduced", "external"), result.line()


def test_a_wrong_registry_value_gets_flagged() -> None:
    entries = [dict(e) for e in load_registry()]
    target = next(e for e in entries if e["id"] == "s004-classification-totale")
    target["value"], target["published"] = 64, "64"
    result = next(r for r in check(tuple(entries)) if r.id == "s004-classification-totale")
    assert result.status == "flagged" and result.recomputed == 65


def test_a_wrong_published_share_breaks_its_consistency_check() -> None:
    entries = [dict(e) for e in load_registry()]
    share = next(e for e in entries if e["id"] == "s002-facilitatori-altro")
    share["value"] = 19.0
    result = next(r for r in check(tuple(entries)) if r.id == "s002-facilitatori-quote-somma")
    assert result.status == "flagged" and "110" in result.reason


def test_a_broken_compute_function_is_reported_as_failed() -> None:
    entries = [dict(e) for e in load_registry()]
    target = next(e for e in entries if e["id"] == "s004-classification-totale")
    target["args"] = {"activity": "Attività che non esiste"}
    result = next(r for r in check(tuple(entries)) if r.id == "s004-classification-totale")
    assert result.status == "failed" and "KeyError" in result.reason


def test_cli_text_and_json() -> None:
    text = runner.invoke(app, ["check"])
    assert text.exit_code == 0
    lines = text.output.strip().splitlines()
    assert lines[-1].startswith("reproduced ") and lines[-1].endswith(tuple("0123456789"))
    assert any(line.startswith("flagged     s004-copertura-anziani") for line in lines)
    machine = json.loads(runner.invoke(app, ["check", "--format", "json"]).output)
    assert machine["summary"]["failed"] == 0 and len(machine["figures"]) == len(load_registry())


def test_docs_page_is_generated_from_the_registry(results) -> None:
    page = (config.PROJ_ROOT / "docs" / "flagged-figures.md").read_text(encoding="utf-8")
    assert page == flagged_markdown(results), (
        "regenerate with: cbresearch check --format markdown > docs/flagged-figures.md"
    )


def test_national_coverage_side_by_side() -> None:
    table = national_coverage().set_index("target")
    # 909.186 / 2.800.000 and 204.176 / 708.000, as quoted in seed 004
    assert table.loc["Anziani 65+ non autosufficienti", "coverage_recomputed"] == round(100 * 909186 / 2800000, 1)
    assert table.loc["Anziani 65+ non autosufficienti", "coverage_published"] == 31.9
    assert not table.loc["Anziani 65+ non autosufficienti", "agrees"]
    assert table.loc["Persone con disabilità", "agrees"]
