"""Inputs as people really bring them: survey exports from real downloads, broken mappings, template deliveries.

Each case reproduces a way a real file or a real user fails first (see the module's tests' names); every
failure must be one ``error:`` line naming the file, row, column and value, exit 1, nothing written.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml
from helpers import samples_script
from typer.testing import CliRunner

from cbresearch import config
from cbresearch.cli import app
from cbresearch.data.clean.readers import read_raw_table
from cbresearch.data.intake.survey_import import date_order, import_survey
from cbresearch.data.intake.survey_tools import answer_score, detect_tool, is_organisation, is_personal, place_columns

SAMPLES_SCRIPT = samples_script()
US_START, respondents = SAMPLES_SCRIPT.US_START, SAMPLES_SCRIPT.respondents


SAMPLES = config.SAMPLES_DIR
EVERY_SAMPLE = ["limesurvey.csv", "limesurvey_codice_testo.csv", "limesurvey_tab.csv", "google_forms.csv",
                "google_forms_us.csv", "ms_forms.xlsx", "ms_forms_scaricato.xlsx"]  # fmt: skip


def _invoke(*arguments: str):
    return CliRunner().invoke(app, list(arguments))


def _snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*")
            if p.is_file()}  # fmt: skip


def _kept(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.drop(columns=["ID risposta"]).sort_values("Azienda").reset_index(drop=True)


# --- the cases found with real downloads ------------------------------------------------------------------


def test_a_forms_workbook_declaring_one_cell_imports_like_its_resaved_copy(raw_dir: Path) -> None:
    from openpyxl import load_workbook

    sheet = load_workbook(SAMPLES / "ms_forms_scaricato.xlsx", read_only=True).worksheets[0]
    assert len(list(sheet.iter_rows(values_only=True))) == 1  # what read-only openpyxl sees, trusting "A1"
    download = import_survey(SAMPLES / "ms_forms_scaricato.xlsx", raw_dir=raw_dir)
    resaved = import_survey(SAMPLES / "ms_forms.xlsx", raw_dir=raw_dir)
    assert len(download.frame) == 12
    assert _kept(download.frame).equals(_kept(resaved.frame))


def test_limesurvey_code_and_text_headings_are_limesurvey_and_keep_only_complete_responses(raw_dir: Path) -> None:
    headers = list(read_raw_table(SAMPLES / "limesurvey_codice_testo.csv").frame.columns)
    assert "submitdate. Data invio" in headers and "G00Q02. Regione" in headers  # the non-breaking space is gone
    assert detect_tool(headers) == "limesurvey"
    result = import_survey(SAMPLES / "limesurvey_codice_testo.csv", raw_dir=raw_dir)
    assert result.left_out[8] == "risposta incompleta (senza data di invio)" and len(result.frame) == 12


def test_a_tab_separated_limesurvey_export_is_read_by_its_columns(raw_dir: Path) -> None:
    table = read_raw_table(SAMPLES / "limesurvey_tab.csv")
    assert table.separator == "\t" and len(table.frame.columns) > 10
    assert import_survey(SAMPLES / "limesurvey_tab.csv", raw_dir=raw_dir).tool == "limesurvey"


def test_us_dates_are_month_first_and_the_latest_submission_is_kept(raw_dir: Path) -> None:
    result = import_survey(SAMPLES / "google_forms_us.csv", raw_dir=raw_dir)
    milano = result.frame.set_index("Azienda").loc["ATS Milano"]
    later = US_START + pd.Timedelta(days=13, minutes=37 * 13)  # the 14th row: 11/10/2024, the second answer
    assert milano["Data compilazione"] == later.strftime("%d/%m/%Y") == "10/11/2024"
    expected = next(r for r in respondents() if r.typed == "ATS Milano" and r.kept).scores
    assert milano["Adeguatezza - Welfare/medicina di iniziativa"].startswith(str(expected[0]))
    assert date_order(["11/10/2024 9:00:00", "10/31/2024 9:00:00"], "Timestamp", "f.csv") == "mdy"


def test_dates_that_read_either_way_stop_the_import_and_ask_for_the_order(raw_dir: Path, tmp_path: Path) -> None:
    export = tmp_path / "us.csv"
    text = (SAMPLES / "google_forms_us.csv").read_text(encoding="utf-8-sig")
    export.write_text(re.sub(r"^1[01]/\d{1,2}/2024", "11/5/2024", text, flags=re.MULTILINE), encoding="utf-8")
    result = _invoke("import-survey", str(export), "--raw-dir", str(raw_dir))
    assert result.exit_code == 1 and "--date-order dmy" in result.output and "colonna 'Timestamp'" in result.output
    ordered = _invoke("import-survey", str(export), "--raw-dir", str(raw_dir), "--date-order", "mdy", "--check")
    assert ordered.exit_code == 0, ordered.output


def _anonymised(tmp_path: Path) -> Path:
    text = (SAMPLES / "limesurvey.csv").read_text(encoding="utf-8-sig")
    export = tmp_path / "anonima.csv"
    export.write_text(re.sub(r'"2024-11-\d\d \d\d:\d\d:\d\d"', '"1980-01-01 00:00:00"', text), encoding="utf-8")
    return export


def test_an_anonymised_export_asks_for_the_wave_and_is_not_imported_twice(raw_dir: Path, tmp_path: Path) -> None:
    export = _anonymised(tmp_path)
    asked = _invoke("import-survey", str(export), "--raw-dir", str(raw_dir))
    assert asked.exit_code == 1 and "esportazione anonimizzata" in asked.output and "--wave" in asked.output
    assert _invoke("import-survey", str(export), "--raw-dir", str(raw_dir), "--wave", "2024").exit_code == 0
    before = _snapshot(raw_dir)
    again = _invoke("import-survey", str(export), "--raw-dir", str(raw_dir), "--wave", "2025")
    assert again.exit_code == 1 and "già state importate come rilevazione '2024'" in again.output
    assert _snapshot(raw_dir) == before


def test_a_null_answer_in_the_mapping_is_a_blank_and_is_listed(raw_dir: Path, tmp_path: Path) -> None:
    text = (SAMPLES / "limesurvey.csv").read_text(encoding="utf-8-sig")
    export = tmp_path / "nonso.csv"
    export.write_text(text.replace('"Molto"', '"Non so"', 3), encoding="utf-8")
    mapping = tmp_path / "m.yaml"
    mapping.write_text('answers:\n  "Non so": null\n', encoding="utf-8")
    result = _invoke("import-survey", str(export), "--raw-dir", str(raw_dir), "--mapping", str(mapping), "--check")
    assert result.exit_code == 0, result.output
    assert result.output.count("'Non so' letta come risposta vuota (mappatura)") == 3
    assert answer_score("Non so", {"Non so": None}) is None


def test_labels_with_the_score_in_brackets_are_read_without_a_mapping() -> None:
    assert [answer_score(t) for t in ("1 (Per niente)", "Per niente (1)", "5 - Totalmente", "4 (Molto)")] == [
        1,
        1,
        5,
        4,
    ]


def test_unused_duplicate_and_blank_headers_are_ignored_but_a_used_duplicate_is_an_error(tmp_path: Path) -> None:
    table = read_raw_table(SAMPLES / "google_forms_us.csv", strict_headers=False)
    assert {"Commenti", "Commenti (2)"} <= table.repeated
    from cbresearch.errors import RawDataError

    with pytest.raises(RawDataError) as caught:
        place_columns(["Azienda", "Azienda (2)"], "generic", repeated={"Azienda", "Azienda (2)"}, file="x.csv")
    assert "compare più di una volta" in str(caught.value.problems[0])


def test_personal_columns_are_known_by_what_they_hold_and_an_organisation_name_is_not_personal() -> None:
    placement = place_columns(
        ["Azienda", "Recapito", "Adeguatezza [Reti di comunità]"], "generic",
        values={"Recapito": ["m.rossi@example.org", "+39 051 555 1234"], "Azienda": ["Ausl Modena"]},
    )  # fmt: skip
    assert placement.personal == ["Recapito"]
    assert not is_personal("Nome dell'Azienda sanitaria") and is_organisation("Nome dell'Azienda sanitaria")
    assert is_personal("Nome")


def test_a_mapping_header_matches_an_export_header_with_a_non_breaking_space(raw_dir: Path, tmp_path: Path) -> None:
    mapping = tmp_path / "m.yaml"
    mapping.write_text('tool: limesurvey\ncolumns:\n  region: "G00Q02. regione"\n', encoding="utf-8")
    result = _invoke("import-survey", str(SAMPLES / "limesurvey_codice_testo.csv"), "--raw-dir", str(raw_dir),
                     "--mapping", str(mapping), "--check")  # fmt: skip
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("sample", EVERY_SAMPLE)
def test_suggest_mapping_writes_yaml_that_round_trips(sample: str, raw_dir: Path, tmp_path: Path) -> None:
    suggested = _invoke("import-survey", str(SAMPLES / sample), "--suggest-mapping")
    assert suggested.exit_code == 0, suggested.output
    mapping = tmp_path / "m.yaml"
    mapping.write_text(suggested.output, encoding="utf-8")
    assert isinstance(yaml.safe_load(suggested.output), dict)
    imported = _invoke("import-survey", str(SAMPLES / sample), "--raw-dir", str(raw_dir), "--mapping", str(mapping),
                       "--check")  # fmt: skip
    assert imported.exit_code == 0 and "risposte tenute 12" in imported.output, imported.output


def test_suggest_mapping_quotes_headers_with_quotes_and_backslashes(tmp_path: Path) -> None:
    export = tmp_path / "strano.csv"
    export.write_text('Azienda;"Il ""CB"" in C:\\dati";Adeguatezza - Welfare\nAusl Parma;x;4\n', encoding="utf-8")
    suggested = _invoke("import-survey", str(export), "--suggest-mapping")
    content = yaml.safe_load(suggested.output)
    assert 'Il "CB" in C:\\dati' in suggested.output.replace('\\"', '"').replace("\\\\", "\\")
    assert content["columns"]["organisation"] == "Azienda"


def test_reimporting_with_a_corrected_mapping_says_nothing_was_written(raw_dir: Path, tmp_path: Path) -> None:
    codes = SAMPLES / "limesurvey_codici.csv"
    first = _invoke("import-survey", str(codes), "--raw-dir", str(raw_dir), "--mapping",
                    str(SAMPLES / "limesurvey_codici.mapping.yaml"))  # fmt: skip
    assert first.exit_code == 0, first.output
    swapped = tmp_path / "m.yaml"
    text = (SAMPLES / "limesurvey_codici.mapping.yaml").read_text(encoding="utf-8")
    swapped.write_text(text.replace("SQ001]", "SQ00X]").replace("SQ002]", "SQ001]").replace("SQ00X]", "SQ002]"))
    before = _snapshot(raw_dir)
    again = _invoke("import-survey", str(codes), "--raw-dir", str(raw_dir), "--mapping", str(swapped))
    assert again.exit_code == 1 and "nulla di scritto" in again.output and "con altre risposte" in again.output
    assert "wrote" not in again.output and _snapshot(raw_dir) == before


# --- a corpus of broken inputs and mappings: one error line each, nothing written ---------------------------


def _broken_corpus(folder: Path) -> dict[str, list[str]]:
    """name -> import-survey arguments; each input is broken the way a user's file is."""
    sample = (SAMPLES / "limesurvey.csv").read_text(encoding="utf-8-sig")
    mapping = SAMPLES / "limesurvey_codici.mapping.yaml"
    files = {
        "not-a-workbook.xlsx": b"PK? no, a text file named .xlsx",
        "empty.csv": b"",
        "header-only.csv": b"Azienda;Adeguatezza - Welfare\r\n",
        "two-line-header.csv": b'Azienda;"Adeguatezza\r\nWelfare";Implementazione - Reti\r\nAusl Parma;4\r\n',
        "score-7.csv": sample.replace('"Totalmente"', '"7"', 1).encode("utf-8"),
        "binary.csv": bytes(range(256)) * 4,
        "mapping-list.yaml": b"columns:\n  - G00Q01\n  - G00Q02\n",
        "mapping-bad-yaml.yaml": b"columns: [unclosed\n",
        "mapping-cp1252-bad-role.yaml": "columns:\n  città: G00Q01\n".encode("cp1252"),
        "mapping-utf16-bad-tool.yaml": codecs.BOM_UTF16_LE + "tool: surveymonkey\n".encode("utf-16-le"),
        "mapping-missing-column.yaml": b'columns:\n  organisation: "Colonna che non c\'e"\n',
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    export = str(SAMPLES / "limesurvey_codici.csv")
    cases = {name: [str(folder / name)] for name in files if not name.endswith(".yaml")}
    cases |= {name: [export, "--mapping", str(folder / name)] for name in files if name.endswith(".yaml")}
    cases["mapping-as-export"] = [str(mapping)]  # a mapping given where the export goes
    return cases


def test_every_broken_input_and_mapping_gives_one_error_line_and_writes_nothing(raw_dir: Path, tmp_path: Path) -> None:
    before = _snapshot(raw_dir)
    for name, arguments in _broken_corpus(tmp_path).items():
        result = _invoke("import-survey", *arguments, "--raw-dir", str(raw_dir))
        lines = [line for line in result.output.splitlines() if line.strip()]
        assert result.exit_code in (1, 2), (name, result.exit_code, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), (name, result.exception)
        assert "Traceback" not in result.output, (name, result.output)
        errors = [line for line in lines if line.startswith("errore:") or "Error" in line]
        assert len(errors) == 1, (name, result.output)
        assert _snapshot(raw_dir) == before, name


def test_a_utf16_export_and_a_date_column_mixing_time_zones_import(raw_dir: Path, tmp_path: Path) -> None:
    text = (SAMPLES / "limesurvey.csv").read_text(encoding="utf-8-sig")
    export = tmp_path / "utf16.csv"
    export.write_bytes(text.replace('"2024-11-05 ', '"2024-11-05T', 2).replace(':00"', ':00+01:00"', 3)
                       .encode("utf-16"))  # fmt: skip
    result = _invoke("import-survey", str(export), "--raw-dir", str(raw_dir), "--check")
    assert result.exit_code == 0 and "risposte tenute 12" in result.output, result.output


def test_a_mapping_written_by_powershell_in_utf16_is_read(raw_dir: Path, tmp_path: Path) -> None:
    mapping = tmp_path / "m.yaml"
    mapping.write_bytes(
        codecs.BOM_UTF16_LE + (SAMPLES / "limesurvey_codici.mapping.yaml").read_text().encode("utf-16-le")
    )
    result = _invoke("import-survey", str(SAMPLES / "limesurvey_codici.csv"), "--raw-dir", str(raw_dir), "--mapping",
                     str(mapping), "--check")  # fmt: skip
    assert result.exit_code == 0, result.output
