"""Regional reports say only what is known about the region: every output's lineage comes from the records' source."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import pandas as pd
import pytest
from helpers import fill_template, private_project, read_page, run_commands

matplotlib.use("Agg")

from cbresearch import config
from cbresearch.data.intake.forms import example_row, write_template
from cbresearch.data.schema.regions import all_report_codes
from cbresearch.publish.report.lineage import ILLUSTRATIVE, REAL_SOURCES, lineage_of, real_records
from cbresearch.publish.report.regional import RegionalReport
from cbresearch.publish.tables.report_table import ReportTable

SECTIONS = ("header", "network", "initiatives", "needs", "themes", "survey", "caveats")
SAMPLES = config.PROJ_ROOT / "data" / "samples"


def _texts(shown: list) -> list[str]:
    """Every word a section shows: prose, table captions, cells and notes, alternative texts."""
    texts = []
    for item in shown:
        if isinstance(item, ReportTable):
            texts += [item.caption, item.note, " ".join(item.shown.astype(str).to_numpy().ravel())]
        elif isinstance(getattr(item, "data", None), str):
            texts.append(item.data)
        elif hasattr(item, "alt"):
            texts.append(item.alt)
    return texts


def _run(code: str, illustrative: bool = False) -> tuple[RegionalReport, list[str]]:
    shown: list = []
    report = RegionalReport(code, display=shown.append, illustrative=illustrative)
    for section in SECTIONS:
        getattr(report, section)()
    return report, _texts(shown)


@pytest.mark.parametrize("code", all_report_codes())
def test_a_default_report_holds_no_number_from_reconstructed_records_below_its_level(code: str) -> None:
    report, texts = _run(code)
    assert report.lineages, code  # the sections declared where their numbers come from
    for lineage, what in report.lineages:
        assert lineage.publishable, (code, what, lineage)
    assert not any("ricostruit" in text.lower() for text in texts), code
    if code not in ("IT",):  # no real experiences nor answers in the bundled data outside the case cards' regions
        real = real_records(report_records(code))
        explained = sum(text.startswith("**Nessun dato reale") for text in texts)
        assert explained >= (3 if real.empty else 1), (code, explained)


def report_records(code: str) -> pd.DataFrame:
    import cbresearch as cb
    from cbresearch.analysis.regional import initiatives_in_region

    return initiatives_in_region(code, cb.load("initiatives"))


def test_the_lineage_follows_the_records_not_a_list_of_sections() -> None:
    """An output is publishable because of its records' sources: the same table from other records is not."""
    import cbresearch as cb
    from cbresearch.analysis.regional import initiatives_in_region

    emilia = initiatives_in_region("08", cb.load("initiatives"))
    assert not lineage_of(emilia, "regione").publishable  # 17 reconstructed experiences: invented split
    assert lineage_of(real_records(emilia), "regione").publishable
    assert set(real_records(emilia)["source"]) <= REAL_SOURCES


def test_the_illustrative_edition_keeps_the_reconstructed_tables_and_marks_each() -> None:
    report, texts = _run("08", illustrative=True)
    illustrative = [what for lineage, what in report.lineages if not lineage.publishable]
    assert len(illustrative) >= 4  # experiences, needs × targets, themes, the questionnaire
    captions = [what for what in illustrative if what.startswith(("Emilia-Romagna:", "Risposte per punteggio"))]
    assert captions and all(ILLUSTRATIVE in what for what in captions)
    assert any("Edizione illustrativa" in text for text in texts)


def test_the_italy_report_shows_the_published_national_aggregates_without_a_badge() -> None:
    report, texts = _run("IT")
    published = [what for lineage, what in report.lineages if lineage.published_aggregate]
    assert any("65 esperienze" in what or "esperienze per attività" in what for what in published)
    assert any("Hanno risposto **24** aziende" in text for text in texts)
    assert not any(ILLUSTRATIVE in text for text in texts)


@pytest.mark.slow
def test_a_delivery_and_an_imported_wave_reach_the_report_labelled_and_nothing_invented(tmp_path: Path) -> None:
    """Two initiatives delivered for Emilia-Romagna and the sample wave: the 08 report shows them, with sources."""
    data, reports, env = private_project(tmp_path)
    folder = data / "raw" / "initiatives"
    folder.mkdir()
    delivery = write_template("initiatives", folder / "2026-12-ausl-bologna.xlsx")
    titles = ("Portierato sociale di Bologna Navile", "Infermiere di comunità a Casalecchio")
    fill_template(delivery, [
        example_row("initiatives") | {"Codice": f"CB90{i}", "Titolo": title, "Regione": "Emilia-Romagna",
                                      "Azienda": "AUSL di Bologna", "Fonte": "consegna"}
        for i, title in enumerate(titles, start=1)
    ])  # fmt: skip
    run_commands(env, ["import-survey", str(SAMPLES / "ms_forms.xlsx")], ["clean"],
                 ["reports", "--regions", "08", "--jobs", "1"])  # fmt: skip
    page = read_page(reports / "regional" / "08.html")
    text = " ".join(" ".join(page.parts).split())
    for title in titles:
        assert title in text
    assert "consegna (initiatives/2026-12-ausl-bologna.xlsx)" in text
    assert "Hanno risposto 5 aziende sanitarie di Emilia-Romagna" in text
    assert "rilevazione (survey_responses/2024-ms-forms-" in text
    assert "ricostruit" not in text.lower() and "Com'è cambiato" not in text
    assert not (reports / "regional-illustrativo").exists()
