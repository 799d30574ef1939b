"""Importing a wave of the questionnaire from LimeSurvey, Google Forms and Microsoft Forms exports."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pandas as pd
import pytest
from helpers import private_project, run_commands, samples_script
from typer.testing import CliRunner

from cbresearch import config
from cbresearch.cli import app
from cbresearch.data.clean.pipeline import clean_all
from cbresearch.data.schema.vocab import SURVEY_ITEMS
from cbresearch.publish.report import regional as report_module
from cbresearch.publish.report.regional import RegionalReport

SAMPLES_SCRIPT = samples_script()
respondents, write_samples = SAMPLES_SCRIPT.respondents, SAMPLES_SCRIPT.write_samples

SAMPLES = config.SAMPLES_DIR
#: what every sample holds (see scripts/make_samples.py), transcribed: the authorities kept, as the member
#: list names them, and the export rows left out with the reason's key words
KEPT = {
    "ASST Rhodense", "ATS Val Padana", "ASST Bergamo Est", "ASST Mantova", "ATS Milano", "Ausl Modena",
    "Ausl Parma", "Ausl Bologna", "Ausl Piacenza", "AOU Parma", "Asl Roma 1", "Asl Roma 2",
}  # fmt: skip
LEFT_OUT = {5: "invio precedente di ATS Milano", 8: "", 11: "'ASL Napoli 1 Centro' non è un'azienda sanitaria"}
PEOPLE = [r.person for r in respondents()] + [r.email for r in respondents()]
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z][\w-]*\.[A-Za-z]{2,}")
CASES = {
    "limesurvey": ["limesurvey.csv"],
    "google-forms": ["google_forms.csv"],
    "ms-forms": ["ms_forms.xlsx"],
    "limesurvey-codes": ["limesurvey_codici.csv", "--mapping", str(SAMPLES / "limesurvey_codici.mapping.yaml")],
    "limesurvey-code-and-text": ["limesurvey_codice_testo.csv"],
    "limesurvey-tab": ["limesurvey_tab.csv"],
    "google-forms-us": ["google_forms_us.csv"],
    "ms-forms-download": ["ms_forms_scaricato.xlsx"],
}


def _snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()
    }


def _text_of(path: Path) -> str:
    """What a file says, read by the library that wrote it (compressed formats hide text from a byte scan)."""
    if path.suffix == ".parquet":
        return pd.read_parquet(path).astype(str).to_csv()
    if path.suffix == ".xlsx":
        from openpyxl import load_workbook

        return "\n".join(
            str(c) for sheet in load_workbook(path).worksheets for row in sheet.iter_rows(values_only=True) for c in row
        )
    if path.suffix in (".sav", ".dta"):
        import pyreadstat

        return (
            (pyreadstat.read_sav if path.suffix == ".sav" else pyreadstat.read_dta)(str(path))[0].astype(str).to_csv()
        )
    return path.read_bytes().decode("utf-8", errors="ignore")


def _assert_no_personal_data(folders: list[Path]) -> None:
    for path in [p for folder in folders for p in folder.rglob("*") if p.is_file() and p.suffix != ".png"]:
        text = _text_of(path)
        assert not EMAIL.search(text), (path, EMAIL.search(text))
        assert not any(person in text for person in PEOPLE), path


def _invoke(*arguments: str):
    return CliRunner().invoke(app, list(arguments))


def test_the_samples_are_what_the_script_writes(tmp_path: Path) -> None:
    write_samples(tmp_path)
    for path in tmp_path.iterdir():
        if path.suffix == ".xlsx":
            assert pd.read_excel(path).equals(pd.read_excel(SAMPLES / path.name)), path.name
        else:
            assert path.read_bytes() == (SAMPLES / path.name).read_bytes(), path.name


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_a_sample_imports_then_cleans_to_the_complete_answers_of_members(
    case: str, raw_dir: Path, tmp_path: Path
) -> None:
    name, *options = CASES[case]
    result = _invoke("import-survey", str(SAMPLES / name), "--raw-dir", str(raw_dir), *options)
    assert result.exit_code == 0, result.output
    for row, reason in LEFT_OUT.items():
        assert re.search(rf"riga {row}: .*{re.escape(reason)}", result.output), (row, result.output)
    assert "risposte tenute 12, righe lasciate fuori 3" in result.output

    tables = clean_all(raw_dir, tmp_path / "processed").tables
    survey = tables["survey"]
    second = survey[survey["wave"] == "2024"]
    assert set(second["organisation"]) == KEPT and len(second) == len(KEPT)  # one per authority
    assert len(survey[survey["wave"] == "2019"]) == 24  # the bundled wave is untouched
    expected = {}
    for r in respondents():
        if r.kept:
            expected[r.typed.casefold().replace("ausl di", "ausl")] = list(r.scores)
    for row in second.itertuples():
        assert [getattr(row, item) for item in SURVEY_ITEMS] == expected[row.organisation.casefold()], row.organisation
    assert set(second["region"]) == {"Lombardia", "Emilia-Romagna", "Lazio"}  # from the export or the member list

    _assert_no_personal_data([raw_dir, tmp_path / "processed"])


def test_bare_codes_need_a_mapping_and_the_error_says_which_columns(raw_dir: Path) -> None:
    before = _snapshot(raw_dir)
    result = _invoke("import-survey", str(SAMPLES / "limesurvey_codici.csv"), "--raw-dir", str(raw_dir))
    assert result.exit_code == 1
    assert "limesurvey_codici.csv, riga 1" in result.output
    assert "G01Q01[SQ001], G01Q01[SQ002], G01Q02[SQ001], G01Q02[SQ002]" in result.output
    assert "--suggest-mapping" in result.output
    assert _snapshot(raw_dir) == before


def test_suggest_mapping_prints_a_mapping_that_imports(raw_dir: Path, tmp_path: Path) -> None:
    import yaml

    result = _invoke("import-survey", str(SAMPLES / "limesurvey.csv"), "--suggest-mapping")
    assert result.exit_code == 0, result.output
    mapping = yaml.safe_load(result.output)
    assert mapping["tool"] == "limesurvey"
    assert set(mapping["columns"]) >= {"organisation", "region", "date", *SURVEY_ITEMS}
    assert mapping["personal"] == ["Indirizzo email di contatto"]
    path = tmp_path / "mapping.yaml"
    path.write_text(result.output, encoding="utf-8")
    imported = _invoke("import-survey", str(SAMPLES / "limesurvey.csv"), "--mapping", str(path), "--check")
    assert imported.exit_code == 0 and "risposte tenute 12" in imported.output and "nulla di scritto" in imported.output


def test_a_mapped_column_the_export_does_not_have_stops_with_the_file_column_and_expected(
    raw_dir: Path, tmp_path: Path
) -> None:
    export = tmp_path / "risposte.csv"
    header = ["Azienda", "Data", *SURVEY_ITEMS.values()]
    export.write_text(",".join(header) + "\nAusl Modena,05/11/2024,4,4,3,3\n", encoding="utf-8")
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text('tool: generic\ncolumns:\n  suitability_wi: "Adeguatezza - Welfare"\n', encoding="utf-8")
    before = _snapshot(raw_dir)
    result = _invoke("import-survey", str(export), "--mapping", str(mapping), "--raw-dir", str(raw_dir))
    assert result.exit_code == 1
    assert "risposte.csv, riga 1, colonna 'Adeguatezza - Welfare': trovato nessuna colonna così" in result.output
    assert (
        "atteso una delle colonne dell'esportazione (la mappatura mapping.yaml la indica come suitability_wi): Azienda, Data, "
        in result.output
    )
    assert _snapshot(raw_dir) == before
    # the same file imports with no mapping: its headers name the items
    assert _invoke("import-survey", str(export), "--raw-dir", str(raw_dir)).exit_code == 0


def test_a_score_out_of_range_is_located_and_nothing_is_written(raw_dir: Path, tmp_path: Path) -> None:
    export = tmp_path / "google_forms.csv"
    text = (SAMPLES / "google_forms.csv").read_text(encoding="utf-8-sig")
    export.write_text(text.replace("5 - Totalmente", "7", 1), encoding="utf-8")
    before = _snapshot(raw_dir)
    result = _invoke("import-survey", str(export), "--raw-dir", str(raw_dir))
    assert result.exit_code == 1
    assert re.search(
        r"google_forms.csv, riga 2, colonna 'Quanto nel vostro .*\[Welfare/medicina di iniziativa\]': trovato '7'",
        result.output,
    )
    assert _snapshot(raw_dir) == before


def test_an_export_imported_twice_is_written_once(raw_dir: Path) -> None:
    first = _invoke("import-survey", str(SAMPLES / "google_forms.csv"), "--raw-dir", str(raw_dir))
    again = _invoke("import-survey", str(SAMPLES / "google_forms.csv"), "--raw-dir", str(raw_dir))
    assert first.exit_code == again.exit_code == 0
    assert "già stato importato" in again.output
    assert len(list((raw_dir / "survey_responses").glob("*.csv"))) == 1
    import json

    (provenance,) = (raw_dir / "survey_responses").glob("*.provenance.json")
    facts = json.loads(provenance.read_text(encoding="utf-8"))
    digest = hashlib.sha256((SAMPLES / "google_forms.csv").read_bytes()).hexdigest()
    assert (facts["export"], facts["sha256"], facts["tool"], facts["wave"], facts["kept"]) == (
        "google_forms.csv",
        digest,
        "google-forms",
        "2024",
        12,
    )
    assert sorted(facts["left_out"]) == ["11", "5", "8"]


# --- the report with two waves --------------------------------------------------------------------------


@pytest.fixture
def two_waves(raw_dir: Path, tmp_path: Path, monkeypatch) -> pd.DataFrame:
    assert _invoke("import-survey", str(SAMPLES / "ms_forms.xlsx"), "--raw-dir", str(raw_dir)).exit_code == 0
    survey = clean_all(raw_dir, write=False).tables["survey"]
    loaded = report_module.load
    monkeypatch.setattr(report_module, "load", lambda name, **options: survey if name == "survey" else loaded(name))
    return survey


def _survey_section(code: str, illustrative: bool = False) -> str:
    shown: list = []
    RegionalReport(code, display=shown.append, illustrative=illustrative).survey()
    texts = [
        item.data if isinstance(getattr(item, "data", None), str) else getattr(item, "caption", "") for item in shown
    ]
    return "\n".join(texts)


def test_a_region_with_two_waves_shows_the_change_in_the_illustrative_edition(two_waves: pd.DataFrame) -> None:
    text = _survey_section("03", illustrative=True)  # Lombardy: five authorities answered in 2019 and in 2024
    assert "Com'è cambiato dal 2019 al 2024" in text
    # five pairs: the smallest two-sided exact p is 2/32 = 0,0625, so no test is shown
    assert "Con 5 coppie nessun test può risultare significativo al 5 %" in text and ": test appaiati" not in text


def test_the_default_edition_shows_only_the_imported_wave(two_waves: pd.DataFrame) -> None:
    text = _survey_section("03")  # 2019 is reconstructed: no comparison with it, the 2024 answers with their source
    assert "Com'è cambiato" not in text and "ricostruit" not in text
    assert "Hanno risposto **5** aziende sanitarie di Lombardia" in text
    assert "fonte: rilevazione (survey_responses/2024-ms-forms-" in text


def test_with_fewer_than_five_pairs_the_paired_tests_are_suppressed_with_a_note(two_waves: pd.DataFrame) -> None:
    text = _survey_section("08", illustrative=True)  # Emilia-Romagna: five answers in 2024, three paired
    assert "Com'è cambiato dal 2019 al 2024" in text
    assert "Confronto appaiato non mostrato" in text and "test appaiati" not in text


def test_with_one_wave_there_is_no_comparison() -> None:
    assert "Com'è cambiato" not in _survey_section("03")
    assert "Com'è cambiato" not in _survey_section("IT")


def test_the_samples_are_not_read_by_the_default_run() -> None:
    sources = " ".join(p.read_text(encoding="utf-8") for p in (config.PACKAGE_DIR / "publish").rglob("*.py"))
    assert "SAMPLES_DIR" not in sources and "samples" not in sources


@pytest.mark.slow
def test_from_an_export_to_published_reports_no_personal_data_anywhere(tmp_path: Path) -> None:
    """The README's walk-through in a private project: import, clean, reports; then scan data/ and reports/."""
    data, reports, env = private_project(tmp_path)
    run_commands(env, ["import-survey", str(SAMPLES / "ms_forms.xlsx")], ["clean"],
                 ["reports", "--regions", "03,08", "--jobs", "1"], ["export", "--format", "sav"])  # fmt: skip
    lombardy = (reports / "regional" / "03.html").read_text(encoding="utf-8").replace("&#39;", "'")
    assert "Hanno risposto <strong>5</strong> aziende sanitarie di Lombardia" in lombardy
    assert "Com'è cambiato" not in lombardy and "ricostruit" not in lombardy  # the 2019 wave is reconstructed
    _assert_no_personal_data([data, reports])
