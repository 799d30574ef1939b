"""The reproduction check says what each check proves, flags what does not add up, and agrees with its pages."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import golden
import pytest
from typer.testing import CliRunner

import cbresearch as cb
from cbresearch import config
from cbresearch.analysis.national_coverage import national_coverage
from cbresearch.check.recompute import Context
from cbresearch.check.reproduction import PLURALS, Status, check, flagged_markdown, summary_line
from cbresearch.cli import app
from cbresearch.sources.registry import load_registry

runner = CliRunner()


@pytest.fixture(scope="module")
def results():
    return check()


def by_id(results, figure_id):
    return next(r for r in results if r.id == figure_id)


def test_the_registry_covers_at_least_200_printed_claims_of_every_seed() -> None:
    per_seed = Counter(e["seed"] for e in load_registry())
    assert sum(per_seed.values()) >= 200
    assert set(per_seed) == {"000", "001", "002", "003", "004"}
    assert all(e["published"].strip() for e in load_registry())  # every entry is a number the slides print


def test_the_summary_line_names_what_each_check_proves(results) -> None:
    line = summary_line(results)
    assert re.fullmatch(r"riprodotti \d+, coerenti \d+, trascritti \d+, segnalati \d+, falliti 0, esterni \d+", line), (
        line
    )
    assert sum(int(part.rsplit(" ", 1)[1]) for part in line.split(", ")) == len(load_registry())


def test_statuses_follow_the_data_lineage(results) -> None:
    """Recompute every figure without the reconstructed records: a figure that changes depended on them."""

    def without_reconstructed(name: str):
        frame = cb.load(name)
        return frame[frame["source"].astype(str) != "ricostruito"] if "source" in frame else frame

    stripped = {r.id: r for r in check(context=Context(without_reconstructed))}
    depends = [r for r in results if r.recomputed is not None and stripped[r.id].recomputed != r.recomputed]
    assert len(depends) > 50
    assert {r.status for r in depends} <= {Status.TRASCRITTO, Status.SEGNALATO}
    assert all(r.status is not Status.RIPRODOTTO for r in depends)
    reproduced = [r for r in results if r.status is Status.RIPRODOTTO]
    assert reproduced and all(stripped[r.id].recomputed == r.recomputed for r in reproduced)


def test_the_seeds_own_tables_are_consistent_not_reproduced(results) -> None:
    total = by_id(results, "s004-classification-totale")
    assert total.status is Status.COERENTE and total.recomputed is None
    assert "48 + 14 + 2 + 1 = 65" in total.reason
    share = by_id(results, "s004-survey-suitability-wi-3-percentuale")
    assert share.status is Status.COERENTE and "5 / 24 × 100 = 20,833" in share.reason
    cell = by_id(results, "s004-classification-service-design-che-raggiunga-i-target-istituzionale")
    assert cell.status is Status.TRASCRITTO


def test_the_elderly_coverage_is_consistent_within_rounding_with_the_range_of_the_need(results) -> None:
    coverage = by_id(results, "s004-copertura-anziani")
    assert coverage.status is Status.COERENTE
    assert "solo se «Anziani non autosufficienti» è tra 2.845.653 e 2.849.999" in coverage.reason


def test_the_three_flags_and_their_reasons(results) -> None:
    flagged = {r.id: r for r in results if r.status is Status.SEGNALATO}
    assert set(flagged) == {"s004-over65-aumento-2010-2017", "s004-catalogo-partecipanti", "s004-catalogo-parametri"}
    growth = flagged["s004-over65-aumento-2010-2017"].reason
    assert "dal 2011 al 2017 la variazione è di 1.207.429" in growth
    assert "vanno da 139.421 a 264.689" in growth and "[1.346.850; 1.472.118]" in growth
    assert "La sola mancanza del 2010 non spiega la differenza" in growth and "revisione post-censuaria" in growth
    parameters = flagged["s004-catalogo-parametri"]
    assert parameters.published == "9" and parameters.recomputed == [8, 8] and "otto" in parameters.reason
    members = flagged["s004-catalogo-partecipanti"]
    expected = golden.HEALTH_AUTHORITIES + golden.THIRD_SECTOR_BODIES
    assert members.recomputed == [expected, expected] and "29 aziende sanitarie e 9 enti" in members.reason


def test_reproduced_figures_come_from_independent_data(results) -> None:
    share = by_id(results, "s004-over65-quota")
    assert share.status is Status.RIPRODOTTO and share.lineage == ["istat"]
    assert round(share.recomputed[0], 1) == golden.ITALY_2017_SHARE_65_PLUS
    assert by_id(results, "s004-aziende-sanitarie").lineage == ["seed"]


def test_non_claims_are_not_registered() -> None:
    ids = {e["id"] for e in load_registry()}
    assert "s001-orizzonte" not in ids and "s003-piano-anni" not in ids  # "Nel 2030", "2017-2019" are no counts
    assert all(e["published"] != "" for e in load_registry())  # blank cells of a table are not printed figures


def test_a_wrong_registry_value_gets_flagged() -> None:
    entry = next(dict(e) for e in load_registry() if e["id"] == "s004-survey-suitability-wi-4-numero")
    entry["value"] = 12  # the seed says 13
    result = check((entry,))[0]
    assert result.status is Status.SEGNALATO and "fuori dall'intervallo pubblicato di 1" in result.reason


def test_a_wrong_published_share_breaks_its_consistency_check() -> None:
    entry = next(dict(e) for e in load_registry() if e["id"] == "s004-copertura-disabili")
    entry["value"] = 30.8
    result = check((entry,))[0]
    assert result.status is Status.SEGNALATO and "fuori da [30,75; 30,85]" in result.reason


def test_a_broken_compute_function_is_reported_as_failed() -> None:
    entry = next(dict(e) for e in load_registry() if e["id"] == "s004-reti-formali")
    entry["args"] = {"measure": "Reti inesistenti"}
    result = check((entry,))[0]
    assert result.status is Status.FALLITO and "network_measure" in result.reason


def test_cli_text_json_and_exit_code() -> None:
    text = runner.invoke(app, ["check"])
    assert text.exit_code == 0
    assert text.output.strip().splitlines()[-1].startswith("riprodotti ")
    data = json.loads(runner.invoke(app, ["check", "--format", "json"]).output)
    assert set(data["summary"]) == set(PLURALS.values()) and data["summary"]["falliti"] == 0
    assert len(data["figures"]) == len(load_registry())


def test_the_docs_page_is_what_the_check_generates(results) -> None:
    page = (config.DOCS_DIR / "flagged-figures.md").read_text(encoding="utf-8")
    assert page == flagged_markdown(results), "regenerate: cbresearch check --format markdown > docs/flagged-figures.md"
    assert f"Riepilogo: {summary_line(results)}." in page


def test_the_html_page_agrees_with_the_check(results, tmp_path: Path) -> None:
    output = runner.invoke(app, ["check", "--format", "html", "--out-dir", str(tmp_path)])
    assert output.exit_code == 0, output.output
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    rows = dict(re.findall(r'<tr id="([^"]+)" data-seed="\d+" data-status="(\w+)">', page))
    assert rows == {r.id: str(r.status) for r in results}
    assert '<html lang="it">' in page and page.count("<h1>") == 1


def test_national_coverage_side_by_side() -> None:
    table = national_coverage().set_index("target")
    elderly = table.loc["Anziani 65+ non autosufficienti"]
    assert elderly["users"] == golden.ELDERLY_USERS and elderly["need"] == golden.ELDERLY_NEED
    assert elderly["coverage_published"] == golden.ELDERLY_COVERAGE


@pytest.mark.browser
def test_the_page_filters_works_offline_and_is_accessible(results, tmp_path: Path) -> None:
    from browser import browser, serious_violations, watch

    from cbresearch.publish.reproduction import write_reproduction_page

    page_path = write_reproduction_page(tmp_path, results)
    with browser() as chromium:
        page = chromium.new_page()
        errors, requests = watch(page)
        page.goto(page_path.as_uri())
        assert page.locator("#figures tbody tr:not([hidden])").count() == len(results)
        page.select_option("#status", "segnalato")
        assert page.locator("#figures tbody tr:not([hidden])").count() == 3
        page.select_option("#seed", "002")
        assert page.locator("#figures tbody tr:not([hidden])").count() == 0
        assert page.locator("#shown").inner_text() == "0 cifre mostrate su 204"
        page.select_option("#status", "")
        assert page.locator("#figures tbody tr:not([hidden])").count() == sum(r.seed == "002" for r in results)
        assert serious_violations(page, "riproduzione/index.html") == []
    assert errors == []
    assert all(url.startswith(("file://", "data:")) for url in requests), requests
