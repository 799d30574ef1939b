"""Cleaning: messy but valid exports are accepted identically; bad ones are rejected readably."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest
from helpers import read_rows, write_rows
from openpyxl import Workbook

from cbresearch import config
from cbresearch.data.clean.parsing import parse_labels, parse_likert, parse_multi
from cbresearch.data.clean.pipeline import clean_all
from cbresearch.data.schema.vocab import APPROACHES
from cbresearch.errors import RawDataError

PROVENANCE = ["source_file"]  # names the file read, so it differs between .csv and .xlsx


def fixes_of(report: dict, dataset: str) -> list[dict]:
    """The fixes reported for a dataset, without the file they were found in."""
    return [{k: v for k, v in fix.items() if k != "file"} for fix in report["datasets"][dataset]["fixes"]]


def problems_of(raw_dir: Path) -> list[str]:
    with pytest.raises(RawDataError) as caught:
        clean_all(raw_dir, write=False)
    return [str(p) for p in caught.value.problems]


def survey_frame(raw_dir: Path) -> pd.DataFrame:
    return clean_all(raw_dir, write=False).tables["survey"].drop(columns=PROVENANCE)


# --- accepted variants -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "sep"),
    [("utf-8", ","), ("utf-8-sig", ","), ("cp1252", ";"), ("utf-8-sig", ";"), ("cp1252", ",")],
)
def test_encodings_and_separators_give_identical_tables(raw_dir: Path, encoding: str, sep: str) -> None:
    reference = survey_frame(raw_dir)
    path = raw_dir / "survey_responses.csv"
    header, rows = read_rows(path)
    write_rows(path, header, rows, encoding=encoding, sep=sep)
    pd.testing.assert_frame_equal(survey_frame(raw_dir), reference)


def test_xlsx_with_the_same_stem_gives_identical_tables(raw_dir: Path) -> None:
    reference = clean_all(raw_dir, write=False).tables
    for stem in ("survey_responses", "networks"):
        header, rows = read_rows(raw_dir / f"{stem}.csv")
        workbook = Workbook()
        sheet = workbook.active
        sheet.append(header)
        for row in rows:
            sheet.append([row[h] for h in header])
        (raw_dir / f"{stem}.csv").unlink()
        workbook.save(raw_dir / f"{stem}.xlsx")
    tables = clean_all(raw_dir, write=False).tables
    for name in ("survey", "networks"):
        assert tables[name]["source_file"].str.endswith(".xlsx").all()
        pd.testing.assert_frame_equal(tables[name].drop(columns=PROVENANCE), reference[name].drop(columns=PROVENANCE))


def test_xlsx_dates_and_numbers_typed_by_excel_are_read(raw_dir: Path) -> None:
    from datetime import datetime

    header, rows = read_rows(raw_dir / "survey_responses.csv")
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        values = [row[h] for h in header]
        day, month, year = map(int, row["Data compilazione"].split("/"))
        values[header.index("Data compilazione")] = datetime(year, month, day)
        values[header.index("Adeguatezza - Reti di comunità")] = float(row["Adeguatezza - Reti di comunità"][0])
        sheet.append(values)
    (raw_dir / "survey_responses.csv").unlink()
    workbook.save(raw_dir / "survey_responses.xlsx")
    survey = clean_all(raw_dir, write=False).tables["survey"]
    assert survey["suitability_rc"].value_counts().to_dict() == {4: 15, 5: 7, 3: 2}
    assert survey["date"].notna().all()


def test_label_variants_are_mapped_and_reported(raw_dir: Path, edit_raw) -> None:
    edit_raw("initiatives", 3, "Approccio", "istituzionale ")
    edit_raw("initiatives", 4, "Approccio", "ISTITUZIONALE")
    edit_raw("networks", 2, "Relazione", "  Collabora")
    edit_raw("networks", 3, "Formale", "si")
    result = clean_all(raw_dir, write=False)
    initiatives = result.tables["initiatives"]
    assert initiatives.loc[[1, 2], "approach"].tolist() == ["Istituzionale", "Istituzionale"]
    fixes = fixes_of(result.report, "initiatives")
    assert {"column": "Approccio", "from": "istituzionale", "to": "Istituzionale", "count": 1} in fixes
    assert {"column": "Approccio", "from": "ISTITUZIONALE", "to": "Istituzionale", "count": 1} in fixes
    network_fixes = fixes_of(result.report, "networks")
    assert {"column": "Formale", "from": "si", "to": "Sì", "count": 1} in network_fixes


@pytest.mark.parametrize("typed", ["Tra Pari", "tra-pari", "TRA PARI", " tra_pari ", "Partecipativo tra pari"])
def test_peer_approach_variants(typed: str) -> None:
    assert parse_labels(pd.Series([typed]), APPROACHES).values.tolist() == ["Tra pari"]


def test_multi_choice_labels_are_split_and_mapped() -> None:
    parsed = parse_multi(pd.Series(["istituzionale;Tra Pari", "Volontario ; ; "]), APPROACHES)
    assert parsed.values.tolist() == [["Istituzionale", "Tra pari"], ["Volontariato"]]


@pytest.mark.parametrize("typed", ["4", " 4 ", "4,0", "4.0", "4 - Molto", "4 – Molto", "molto"])
def test_likert_forms(typed: str) -> None:
    assert parse_likert(pd.Series([typed])).values.tolist() == [4]


def test_blank_likert_is_missing_and_reported(raw_dir: Path, edit_raw) -> None:
    edit_raw("survey_responses", 5, "Implementazione - Reti di comunità", "  ")
    result = clean_all(raw_dir, write=False)
    survey = result.tables["survey"]
    assert survey["implementation_rc"].isna().sum() == 1
    assert result.report["datasets"]["survey"]["missing"] == {"Implementazione - Reti di comunità": 1}
    assert fixes_of(result.report, "survey") == []  # a blank is reported as missing, not as a fix


def test_likert_variants_are_reported_as_fixes(raw_dir: Path, edit_raw) -> None:
    edit_raw("survey_responses", 2, "Adeguatezza - Reti di comunità", " 4,0 ")
    result = clean_all(raw_dir, write=False)
    fixes = fixes_of(result.report, "survey")
    assert {"column": "Adeguatezza - Reti di comunità", "from": " 4,0 ", "to": "4", "count": 1} in fixes


# --- rejections: file, row, column, value and what was expected ---------------------------------


def the_problem(raw_dir: Path) -> str:
    found = problems_of(raw_dir)
    assert len(found) == 1, found
    return found[0]


def test_out_of_range_likert(raw_dir: Path, edit_raw) -> None:
    edit_raw("survey_responses", 7, "Adeguatezza - Welfare/medicina di iniziativa", "6 - Moltissimo")
    message = the_problem(raw_dir)
    assert message.startswith("survey_responses.csv, riga 7, colonna 'Adeguatezza - Welfare/medicina di iniziativa'")
    assert "'6 - Moltissimo'" in message and "un punteggio da 1 a 5" in message


def test_zero_is_out_of_range(raw_dir: Path, edit_raw) -> None:
    edit_raw("survey_responses", 3, "Implementazione - Reti di comunità", "0")
    assert "riga 3, colonna 'Implementazione - Reti di comunità': trovato '0'" in the_problem(raw_dir)


@pytest.mark.parametrize(
    ("stem", "row", "column", "typed", "starts", "suggestion"),
    [
        (
            "initiatives",
            10,
            "Approccio",
            "Istituzionle",
            "initiatives.csv, riga 10, colonna 'Approccio': trovato 'Istituzionle'",
            "Istituzionale",
        ),
        # a multi-choice cell: the message names the bad item
        (
            "networks",
            4,
            "Ricompense",
            "Visibilità; Spazzi",
            "networks.csv, riga 4, colonna 'Ricompense': trovato 'Spazzi'",
            "Spazi",
        ),
        # a reference to another table
        (
            "initiative_needs",
            2,
            "Codice",
            "CB999",
            "initiative_needs.csv, riga 2, colonna 'Codice': trovato 'CB999', atteso un 'Codice' presente in i dati initiatives",
            "CB079",
        ),
        (
            "initiatives",
            3,
            "Regione",
            "Lombardya",
            "initiatives.csv, riga 3, colonna 'Regione': trovato 'Lombardya'",
            "Lombardia",
        ),
    ],
)
def test_unknown_value_with_suggestion(raw_dir: Path, edit_raw, stem, row, column, typed, starts, suggestion) -> None:
    edit_raw(stem, row, column, typed)
    message = the_problem(raw_dir)
    assert message.startswith(starts)
    assert message.endswith(f"(forse '{suggestion}'?)")


def test_unknown_label_without_close_match_has_no_suggestion(raw_dir: Path, edit_raw) -> None:
    edit_raw("networks", 2, "Categoria rete", "xyz")
    message = the_problem(raw_dir)
    assert "trovato 'xyz'" in message and "forse" not in message


def test_duplicate_ids_name_both_rows(raw_dir: Path, edit_raw) -> None:
    edit_raw("networks", 9, "Codice rete", "RS003")
    message = the_problem(raw_dir)
    assert message.startswith("networks.csv, riga 9, colonna 'Codice rete': trovato 'RS003'")
    assert "già usato nella riga 4" in message


def test_missing_required_column(raw_dir: Path) -> None:
    path = raw_dir / "members.csv"
    header, rows = read_rows(path)
    header[header.index("Nome")] = "Nomi"
    for row in rows:
        row["Nomi"] = row.pop("Nome")
    write_rows(path, header, rows)
    message = the_problem(raw_dir)
    assert message.startswith("members.csv, riga 1, colonna 'Nome': trovato nessuna colonna con questa intestazione")
    assert "(forse 'Nomi'?)" in message


def test_empty_file(raw_dir: Path) -> None:
    (raw_dir / "initiative_needs.csv").write_bytes(b"")
    assert the_problem(raw_dir).startswith(
        "initiative_needs.csv: trovato una cella vuota, atteso un file con una riga di intestazione"
    )


def test_header_only_file(raw_dir: Path) -> None:
    (raw_dir / "initiative_needs.csv").write_text("Codice,Bisogno,Target,Fonte\n", encoding="utf-8")
    found = problems_of(raw_dir)
    assert found[0].startswith("initiative_needs.csv") and "almeno un record" in found[0]


def test_unparseable_date(raw_dir: Path, edit_raw) -> None:
    edit_raw("survey_responses", 12, "Data compilazione", "31/02/2020")
    message = the_problem(raw_dir)
    assert message.startswith("survey_responses.csv, riga 12, colonna 'Data compilazione': trovato '31/02/2020'")
    assert "gg/mm/aaaa" in message


def test_blank_required_cell(raw_dir: Path, edit_raw) -> None:
    edit_raw("members", 5, "Nome", "")
    assert "members.csv, riga 5, colonna 'Nome': trovato una cella vuota, atteso un valore" in the_problem(raw_dir)


def test_every_problem_is_reported_at_once(raw_dir: Path, edit_raw) -> None:
    edit_raw("survey_responses", 2, "Adeguatezza - Reti di comunità", "9")
    edit_raw("networks", 2, "Relazione", "boh")
    edit_raw("members", 3, "Tipo", "Ospedale")
    assert len(problems_of(raw_dir)) == 3


def test_both_csv_and_xlsx_is_ambiguous(raw_dir: Path) -> None:
    (raw_dir / "members.xlsx").write_bytes((raw_dir / "members.csv").read_bytes())
    assert "members.xlsx" in the_problem(raw_dir)


# --- outputs ----------------------------------------------------------------------------------


def tree_digest(directory: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(directory.iterdir()) if p.is_file()}


def test_clean_writes_five_tables_and_a_report_and_leaves_raw_untouched(raw_dir: Path, tmp_path: Path) -> None:
    before = tree_digest(raw_dir)
    out = tmp_path / "processed"
    clean_all(raw_dir, out)
    assert tree_digest(raw_dir) == before
    assert sorted(p.name for p in out.iterdir()) == [
        "initiative_needs.parquet",
        "initiatives.parquet",
        "last_validation.json",
        "members.parquet",
        "networks.parquet",
        "population.parquet",
        "residential_beds.parquet",
        "severe_limitations.parquet",
        "survey.parquet",
        "validation_report.json",
    ]
    report = json.loads((out / "validation_report.json").read_text(encoding="utf-8"))
    assert report["datasets"]["networks"]["rows_read"] == 81
    assert report["datasets"]["networks"]["rows_kept"] == 81
    survey = pd.read_parquet(out / "survey.parquet")
    assert str(survey["suitability_wi"].dtype) == "Int8"
    assert set(survey["region_code"]) <= {f"{i:02d}" for i in range(1, 21)} | {"SM"}


def test_a_failed_clean_leaves_previous_outputs_intact(raw_dir: Path, tmp_path: Path, edit_raw) -> None:
    out = tmp_path / "processed"
    clean_all(raw_dir, out)
    before = tree_digest(out)
    edit_raw("survey_responses", 2, "Adeguatezza - Reti di comunità", "9")
    with pytest.raises(RawDataError):
        clean_all(raw_dir, out)
    after = tree_digest(out)
    assert {k: v for k, v in after.items() if k != "last_validation.json"} == {
        k: v for k, v in before.items() if k != "last_validation.json"
    }
    last = json.loads((out / "last_validation.json").read_text(encoding="utf-8"))
    assert last["status"] == "failed" and "riga 2" in last["problems"][0]


def test_an_interrupted_write_leaves_previous_outputs_intact(raw_dir: Path, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "processed"
    clean_all(raw_dir, out)
    before = tree_digest(out)
    calls = []

    def explode(self, path, **kwargs):
        calls.append(path)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return original(self, path, **kwargs)

    original = pd.DataFrame.to_parquet
    monkeypatch.setattr(pd.DataFrame, "to_parquet", explode)
    with pytest.raises(KeyboardInterrupt):
        clean_all(raw_dir, out)
    assert tree_digest(out) == before
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_progress_bar_for_large_files(raw_dir: Path, monkeypatch, capsys) -> None:
    monkeypatch.setattr(config, "PROGRESS_BAR_MIN_BYTES", 0)
    clean_all(raw_dir, write=False)
    assert "cleaning survey_responses.csv" in capsys.readouterr().err


def test_no_progress_bar_for_small_files(raw_dir: Path, capsys) -> None:
    clean_all(raw_dir, write=False)
    assert "cleaning" not in capsys.readouterr().err


def test_processed_tables_are_typed_and_tidy() -> None:
    tables = clean_all(write=False).tables
    initiatives = tables["initiatives"]
    assert initiatives["activity"].cat.categories[0] == "Service design che raggiunga i target più fragili"
    assert initiatives["approaches"].map(len).ge(1).all()
    assert initiatives.loc[initiatives["in_matrix"], "approach"].notna().all()
    networks = tables["networks"]
    assert networks["formal"].dtype == "boolean"
    members = tables["members"]
    assert members.set_index("name").loc["ISS San Marino", "region_code"] == "SM"
    assert tables["survey"]["source_row"].tolist() == list(range(2, 26))
