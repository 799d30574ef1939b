"""The living database: templates, deliveries over time, corrections, status."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from helpers import fill_template
from openpyxl import load_workbook
from typer.testing import CliRunner

from cbresearch.analysis.networks import network_shares
from cbresearch.analysis.regional import initiatives_in_region
from cbresearch.cli import app
from cbresearch.data.clean.pipeline import clean_all
from cbresearch.data.clean.status import format_status, status
from cbresearch.data.intake.forms import template_columns, write_template
from cbresearch.data.schema.vocab import CONTRIBUTIONS, LIKERT_LABELS, NETWORK_CATEGORIES, RELATIONS, YES_NO
from cbresearch.errors import RawDataError
from cbresearch.publish.catalogue import catalogue_records

runner = CliRunner()


@pytest.mark.parametrize("dataset", ["survey", "initiatives", "networks"])
def test_template_dropdowns_are_the_vocabularies(dataset: str, tmp_path: Path) -> None:
    path = write_template(dataset, tmp_path / f"{dataset}.xlsx")
    workbook = load_workbook(path)
    data, lists = workbook["Dati"], workbook["Vocabolari"]
    headers = [c.value for c in data[1]]
    assert headers == [f.header for f, _ in template_columns(dataset)]
    assert data.freeze_panes == "A2"
    assert lists.sheet_state == "hidden"
    found = {}
    for validation in data.data_validations.dataValidation:
        column = str(validation.sqref).split(":")[0].rstrip("0123456789")
        header = data[f"{column}1"].value
        sheet_range = validation.formula1.split("!")[1].replace("$", "")
        found[header] = [c.value for row in lists[sheet_range] for c in row]
    if dataset == "networks":
        assert found["Relazione"] == list(RELATIONS.labels)
        assert found["Categoria rete"] == list(NETWORK_CATEGORIES.labels)
        assert found["Formale"] == list(YES_NO.labels)
        assert found["Contributi"] == list(CONTRIBUTIONS.labels)
    if dataset == "survey":
        assert found["Adeguatezza - Reti di comunità"] == [f"{s} - {label}" for s, label in LIKERT_LABELS.items()]
    assert {"Istruzioni", "Esempio"} <= set(workbook.sheetnames)
    assert workbook["Istruzioni"]["A1"].value.startswith("Modello di raccolta dati")


def test_template_cli_and_bad_output(tmp_path: Path) -> None:
    assert runner.invoke(app, ["template", "networks", "--out", str(tmp_path / "t.xlsx")]).exit_code == 0
    bad = runner.invoke(app, ["template", "reti", "--out", str(tmp_path / "t.xlsx")])
    assert bad.exit_code == 1 and "nessun modello per 'reti'" in bad.output
    assert (
        "atteso un nome di file che finisce in .xlsx"
        in runner.invoke(app, ["template", "survey", "--out", "x.csv"]).output
    )


fill = fill_template


def network(code: str, **overrides: str) -> dict[str, str]:
    row = {
        "Codice rete": code,
        "Nome rete": f"Rete {code}",
        "Ente mappante": "Asl Roma 1",
        "Tipo ente mappante": "Azienda sanitaria",
        "Categoria rete": "Vicinato",
        "Relazione": "collabora",
        "Formale": "Sì",
        "Beneficiari esterni": "No",
        "Interesse": "alto",
        "Influenza": "alto",
        "Contributi": "Educazione sanitaria",
        "Ricompense": "Visibilità",
        "Fonte": "consegna",
    }
    row.update(overrides)
    return row


@pytest.fixture
def delivered(raw_dir: Path, tmp_path: Path) -> Path:
    folder = raw_dir / "networks"
    folder.mkdir()
    path = write_template("networks", folder / "2026-12-asl-roma-1.xlsx")
    fill(
        path,
        [
            network("RS901", **{"Categoria rete": "COMUNITÀ RELIGIOSA"}),  # accented label typed in capitals
            network("RS902", Relazione="colabora"),  # a typo pasted over the drop-down
            network("RS903", Formale="NO"),
        ],
    )
    return path


def test_round_trip_accepts_good_rows_and_reports_the_bad_one(raw_dir: Path, delivered: Path) -> None:
    before = delivered.read_bytes()
    result = clean_all(raw_dir, write=False)
    networks = result.tables["networks"]
    new = networks[networks["network_code"].isin(["RS901", "RS902", "RS903"])]
    assert sorted(new["network_code"]) == ["RS901", "RS903"]
    assert new.set_index("network_code").loc["RS901", "category"] == "Comunità religiosa"
    assert set(new["source_file"]) == {"networks/2026-12-asl-roma-1.xlsx"}
    rejected = result.report["datasets"]["networks"]["rejected_rows"]
    assert len(rejected) == 1
    message = rejected[0]["message"]
    assert message.startswith("networks/2026-12-asl-roma-1.xlsx, riga 3, colonna 'Relazione': trovato 'colabora'")
    assert "forse 'collabora'" in message
    assert delivered.read_bytes() == before  # never edited
    # downstream tables include the new records
    assert network_shares(networks)["total"].iloc[0] == 83
    files = result.report["datasets"]["networks"]["files"]
    assert files[1] | {"sha256": None} == files[1] | {
        "sha256": None,
        "rows_read": 3,
        "rows_kept": 2,
        "rows_rejected": 1,
    }


def test_a_conflicting_id_is_rejected_naming_both_files(raw_dir: Path, delivered: Path) -> None:
    later = write_template("networks", raw_dir / "networks" / "2027-01-asl-roma-1.xlsx")
    fill(later, [network("RS901", Relazione="in contatto")])
    with pytest.raises(RawDataError) as caught:
        clean_all(raw_dir, write=False)
    message = str(caught.value.problems[0])
    assert message.startswith("networks/2027-01-asl-roma-1.xlsx, riga 2, colonna 'Codice rete': trovato 'RS901'")
    assert "networks/2026-12-asl-roma-1.xlsx, riga 2" in message and "Sostituisce" in message


def test_an_exact_duplicate_is_kept_once_and_reported(raw_dir: Path, delivered: Path) -> None:
    later = write_template("networks", raw_dir / "networks" / "2027-01-copia.xlsx")
    fill(later, [network("RS903", Formale="No")])
    result = clean_all(raw_dir, write=False)
    assert (result.tables["networks"]["network_code"] == "RS903").sum() == 1
    duplicates = result.report["datasets"]["networks"]["duplicates"]
    assert duplicates == [
        {
            "id": "RS903",
            "kept": "networks/2026-12-asl-roma-1.xlsx riga 4",
            "duplicate": "networks/2027-01-copia.xlsx riga 2",
        }
    ]


def test_a_correction_replaces_the_record_and_is_reported(raw_dir: Path, delivered: Path) -> None:
    later = write_template("networks", raw_dir / "networks" / "2027-02-correzione.xlsx")
    fill(
        later,
        [
            network("RS901", Relazione="non in contatto", Sostituisce="RS901"),
            network("RS904", Relazione="in contatto", Sostituisce="RS004"),
        ],
    )
    result = clean_all(raw_dir, write=False)
    networks = result.tables["networks"].set_index("network_code")
    assert networks.loc["RS901", "relation"] == "non in contatto"
    assert "RS004" not in networks.index and networks.loc["RS904", "relation"] == "in contatto"
    replacements = result.report["datasets"]["networks"]["replacements"]
    assert {
        "id": "RS901",
        "old": "networks/2026-12-asl-roma-1.xlsx riga 2",
        "new": "networks/2027-02-correzione.xlsx riga 2",
    } in replacements
    assert {
        "id": "RS004",
        "old": "networks.csv riga 5",
        "new": "networks/2027-02-correzione.xlsx riga 3",
    } in replacements


def test_replacing_an_unknown_record_is_an_error(raw_dir: Path, delivered: Path) -> None:
    later = write_template("networks", raw_dir / "networks" / "2027-03.xlsx")
    fill(later, [network("RS950", Sostituisce="RS999")])
    with pytest.raises(RawDataError) as caught:
        clean_all(raw_dir, write=False)
    assert (
        "colonna 'Sostituisce': trovato 'RS999', atteso l'identificativo di un record già presente nella base dati"
        in str(caught.value.problems[0])
    )


def test_a_delivered_initiative_reaches_the_reports_and_the_catalogue(raw_dir: Path) -> None:
    folder = raw_dir / "initiatives"
    folder.mkdir()
    path = write_template("initiatives", folder / "2026-12-asl-roma-1.xlsx")
    from cbresearch.data.intake.forms import example_row

    row = example_row("initiatives") | {
        "Codice": "CB901",
        "Titolo": "Caffè della salute di Trastevere",
        "Regione": "LAZIO",
        "Target": "Anziani fragili; Caregiver",
        "Attori coinvolti": "Azienda sanitaria",
        "Descrizione": "",
    }
    fill(path, [row])
    tables = clean_all(raw_dir, write=False).tables
    lazio = initiatives_in_region("12", tables["initiatives"])
    assert "CB901" in set(lazio["code"])
    new = tables["initiatives"].set_index("code").loc["CB901"]
    assert new["themes"] == ["Domiciliarità", "Luoghi di comunità", "Cura di chi cura"]  # a café is a place
    records = catalogue_records(tables["initiatives"], tables["initiative_needs"])
    card = next(r for r in records if r["code"] == "CB901")
    assert card["reconstructed"] is False and card["source"] == "consegna"


def test_status_lists_datasets_deliveries_and_the_last_validation(raw_dir: Path, delivered: Path, tmp_path) -> None:
    processed = tmp_path / "processed"
    before = format_status(status(raw_dir, processed))
    assert before.startswith("Ultima validazione: mai eseguita")
    result = runner.invoke(app, ["clean", "--raw-dir", str(raw_dir), "--out-dir", str(processed)])
    assert result.exit_code == 0
    text = format_status(status(raw_dir, processed))
    assert text.startswith("Ultima validazione: ok") and "(1 righe scartate nelle consegne)" in text
    networks_line = next(line for line in text.splitlines() if line.startswith("networks"))
    assert networks_line.split()[1:3] == ["2", "83"] and "consegna 2" in networks_line
    assert "consegna networks/2026-12-asl-roma-1.xlsx: 3 righe lette, 2 accettate, 1 scartate" in text
    # a new delivery shows up as pending until the next clean
    (raw_dir / "networks" / "2027-01.csv").write_text("Codice rete\n", encoding="utf-8")
    pending = runner.invoke(app, ["status", "--raw-dir", str(raw_dir), "--processed-dir", str(processed)])
    assert "+ networks/2027-01.csv" in pending.output


def test_status_after_a_failed_clean(raw_dir: Path, tmp_path: Path, edit_raw) -> None:
    processed = tmp_path / "processed"
    clean_all(raw_dir, processed)
    edit_raw("members", 3, "Tipo", "Ospedale")
    with pytest.raises(RawDataError):
        clean_all(raw_dir, processed)
    text = format_status(status(raw_dir, processed))
    assert text.startswith("Ultima validazione: FALLITA") and "members.csv, riga 3, colonna 'Tipo'" in text
    assert pd.read_parquet(processed / "members.parquet")["member_type"].notna().all()


def test_programme_section_reads_its_figures_from_the_registry(monkeypatch) -> None:
    from cbresearch.publish.report import programme as programme_section
    from cbresearch.sources import registry

    entries = [dict(e) for e in registry.load_registry()]
    next(e for e in entries if e["id"] == "s003-piani-di-zona")["value"] = 41
    monkeypatch.setattr(registry, "load_registry", lambda: tuple(entries))
    plan = programme_section.plan_figures().set_index("Voce")
    assert plan.loc["Piani di zona presentati", "Valore"] == 41


def test_casa_community_lab_consistency_checks() -> None:
    from cbresearch.check.reproduction import check

    results = {r.id: r for r in check()}
    assert results["s002-facilitatori"].status == "coerente"
    assert "380 = 247 + 99 + 34" in results["s002-facilitatori"].reason
    for figure in ("s002-romagna-distretti", "s002-romagna-facilitatori", "s002-romagna-cdc-operative"):
        assert results[figure].status == "coerente" and "≤" in results[figure].reason, figure


def _initiative(code: str, **overrides: str) -> dict[str, str]:
    from cbresearch.data.intake.forms import example_row

    return example_row("initiatives") | {"Codice": code, "Titolo": f"Iniziativa {code}", "Descrizione": ""} | overrides


def test_a_blank_source_in_a_delivery_means_delivered(raw_dir: Path) -> None:
    folder = raw_dir / "initiatives"
    folder.mkdir()
    path = write_template("initiatives", folder / "2026-12-ausl-parma.xlsx")
    fill(path, [_initiative("CB911", Fonte=None), _initiative("CB912")])  # the first: "Fonte" left blank
    result = clean_all(raw_dir, write=False)
    new = result.tables["initiatives"].set_index("code")
    assert {"CB911", "CB912"} <= set(new.index)
    assert str(new.loc["CB911", "source"]) == "consegna"
    rejected = [r["message"] for d in result.report["datasets"].values() for r in d["rejected_rows"]]
    assert not [m for m in rejected if "Fonte" in m], rejected


def test_a_region_code_without_its_leading_zero_becomes_two_digits(raw_dir: Path, edit_raw) -> None:
    from helpers import read_rows

    _header, rows = read_rows(raw_dir / "members.csv")
    row = next(i for i, r in enumerate(rows, start=2) if r["Codice regione"] == "08")
    edit_raw("members", row, "Codice regione", "8")  # what a spreadsheet saves
    members = clean_all(raw_dir, write=False).tables["members"]
    assert set(members["istat_code"].dropna()) <= {f"{i:02d}" for i in range(1, 21)}
    assert "8" not in set(members["istat_code"].dropna()) and "08" in set(members["istat_code"])


def test_a_formula_typed_in_a_template_cell_is_named_as_such(raw_dir: Path) -> None:
    folder = raw_dir / "initiatives"
    folder.mkdir()
    path = write_template("initiatives", folder / "2026-12-ausl-parma.xlsx")
    fill(path, [_initiative("CB921", Titolo='=HYPERLINK("https://example.org","Caffè")'), _initiative("CB922")])
    result = clean_all(raw_dir, write=False)
    codes = set(result.tables["initiatives"]["code"])
    assert "CB922" in codes and "CB921" not in codes  # the good row is kept, the formula's row left out
    messages = [r["message"] for d in result.report["datasets"].values() for r in d["rejected_rows"]]
    assert any("colonna 'Titolo': trovato '=HYPERLINK" in m and "non una formula" in m for m in messages), messages
    assert not any("colonna 'Titolo'" in m and "non può essere vuoto" in m for m in messages), messages


def test_the_csv_export_neutralises_what_a_spreadsheet_would_run(tmp_path: Path, monkeypatch) -> None:
    from cbresearch.publish import export as export_module

    frame = pd.DataFrame({"title": ['=HYPERLINK("x")', "+39 051", "Caffè"], "n": [-1, 2, 3]})
    monkeypatch.setattr(export_module, "load", lambda name: frame)
    monkeypatch.setattr(export_module, "flat_frame", lambda f: f)
    [path] = export_module.export_tables("csv", tmp_path, ["initiatives"])
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[1].startswith("\"'=HYPERLINK") and lines[2].startswith("'+39 051") and lines[1].endswith(",-1")
