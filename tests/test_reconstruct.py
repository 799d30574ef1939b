"""Golden tests: the raw data reproduce every aggregate published in seed 004.

Every expected number below is transcribed from ../shared/seeds/004_*.txt (the
slide named in each test), not computed by the package.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from cbresearch import config
from cbresearch.reconstruct import write_raw

RAW = config.RAW_DIR


def rows(stem: str) -> list[dict[str, str]]:
    with (RAW / f"{stem}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_build_raw_is_byte_identical_to_committed_files(tmp_path: Path) -> None:
    first = write_raw(tmp_path / "a")
    second = write_raw(tmp_path / "b")
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), f"{a.name} differs between two runs"
        assert a.read_bytes() == (RAW / a.name).read_bytes(), f"{a.name} differs from the committed data/raw"


def test_a_different_seed_changes_the_unpublished_details(tmp_path: Path) -> None:
    default = write_raw(tmp_path / "a")
    other = write_raw(tmp_path / "b", seed=1)
    assert any(a.read_bytes() != b.read_bytes() for a, b in zip(default, other, strict=True))


# "La matrice di classificazione delle esperienze": Istituzionale, Professionale, Volontariato, Tra pari
SEED_CLASSIFICATION = {
    "Service design che raggiunga i target più fragili": [14, 5, 0, 0],
    "Iniziative per coloro che non arrivano ai servizi": [6, 1, 1, 0],
    "Iniziative per raggiungere standard clinici uniformi": [3, 0, 0, 0],
    "Valutazione dei servizi (advocacy)": [0, 0, 0, 0],
    "Processi decisionali (co-progettazione)": [4, 1, 0, 0],
    "Iniziative a sostegno della coproduzione": [6, 4, 0, 0],
    "Iniziative per diffondere la prevenzione": [8, 2, 0, 0],
    "Iniziative per il sostegno psicologico alla malattia": [3, 1, 0, 1],
    "Sviluppo di Collaborative lifestyles": [4, 0, 1, 0],
}
APPROACH_COLUMNS = ["Istituzionale", "Professionale", "Volontariato", "Tra pari"]


def test_classification_matrix_cell_by_cell() -> None:
    classified = [r for r in rows("initiatives") if r["Nella matrice"] == "Sì"]
    assert len(classified) == 65
    cells = Counter((r["Attività"], r["Approccio"]) for r in classified)
    for activity, counts in SEED_CLASSIFICATION.items():
        assert [cells[(activity, a)] for a in APPROACH_COLUMNS] == counts, activity
    totals = Counter(r["Approccio"] for r in classified)
    assert [totals[a] for a in APPROACH_COLUMNS] == [48, 14, 2, 1]


def test_catalogue_holds_about_80_initiatives_with_the_four_case_cards() -> None:
    initiatives = rows("initiatives")
    assert len(initiatives) == 80
    seed_titles = {r["Titolo"] for r in initiatives if r["Fonte"] == "seed"}
    assert seed_titles == {
        "Alzheimer Cafè",
        "Non REstaTE Soli",
        "Social Prescribing: the Shropshire Model",
        "Get Oldham Growing",
    }
    assert {r["Nazione"] for r in initiatives} == {"Italia", "UK", "Canada", "Finlandia", "USA"}
    assert all(r["Fonte"] == "ricostruito" for r in initiatives if r["Titolo"] not in seed_titles)


def test_case_cards_are_transcribed_as_published() -> None:
    by_title = {r["Titolo"]: r for r in rows("initiatives")}
    alzheimer = by_title["Alzheimer Cafè"]
    assert alzheimer["Azienda"] == "ASST Rhodense"
    assert alzheimer["Regione"] == "Lombardia"
    assert alzheimer["Tempistiche"] == "Attivo dal 2009, cicli semestrali o annuali"
    assert alzheimer["KPI"] == "Grado di adesione, continuità di frequenza, soddisfazione care giver"
    assert by_title["Non REstaTE Soli"]["Tempistiche"] == "Dal 1 giugno al 15 settembre di ogni anno"
    assert by_title["Non REstaTE Soli"]["Approccio (scheda)"] == "PO"
    assert by_title["Get Oldham Growing"]["Impatto sui cluster sociali"] == "Linking/mixing"


# "Priority setting: la lettura del contesto (I)": Minore, Indistinto, Anziano, Caregiver, Comunità
SEED_NEED_TARGET = {
    "Cronicità": [0, 5, 8, 0, 0],
    "Polipatologia": [0, 1, 3, 0, 0],
    "Fragilità": [0, 5, 7, 0, 0],
    "Disabilità": [2, 10, 1, 1, 0],
    "Neurodegenerative": [0, 4, 1, 0, 0],
    "Dipendenze e salute mentale": [1, 1, 0, 0, 0],
    "Fase avanzata/terminale": [0, 2, 0, 0, 0],
    "Determinanti sociali": [5, 2, 3, 2, 0],
    "Migranti": [0, 4, 0, 0, 1],
    "Povertà/emarginazione": [0, 1, 0, 0, 2],
}
TARGET_COLUMNS = ["Minore", "Indistinto", "Anziano", "Caregiver", "Comunità"]


def test_need_target_matrix_cell_by_cell() -> None:
    needs = rows("initiative_needs")
    assert len(needs) == 72
    cells = Counter((r["Bisogno"], r["Target"]) for r in needs)
    for need, counts in SEED_NEED_TARGET.items():
        assert [cells[(need, t)] for t in TARGET_COLUMNS] == counts, need
    totals = Counter(r["Target"] for r in needs)
    assert [totals[t] for t in TARGET_COLUMNS] == [8, 35, 23, 3, 3]
    classified = {r["Codice"] for r in rows("initiatives") if r["Nella matrice"] == "Sì"}
    assert {r["Codice"] for r in needs} <= classified


# "Questionario di assessment strategico": score -> count, n = 24
SEED_SURVEY = {
    "Adeguatezza - Welfare/medicina di iniziativa": {3: 5, 4: 13, 5: 6},
    "Adeguatezza - Reti di comunità": {3: 2, 4: 15, 5: 7},
    "Implementazione - Welfare/medicina di iniziativa": {2: 4, 3: 15, 4: 4, 5: 1},
    "Implementazione - Reti di comunità": {1: 1, 2: 3, 3: 11, 4: 8, 5: 1},
}


@pytest.mark.parametrize("item", list(SEED_SURVEY))
def test_survey_distributions(item: str) -> None:
    answers = rows("survey_responses")
    assert len(answers) == 24
    counts = Counter(int(r[item].split(" - ")[0]) for r in answers)
    assert dict(counts) == SEED_SURVEY[item]


def test_survey_respondents_are_24_distinct_network_authorities() -> None:
    authorities = {r["Nome"] for r in rows("members") if r["Tipo"] == "Azienda sanitaria"}
    respondents = [r["Azienda"] for r in rows("survey_responses")]
    assert len(set(respondents)) == 24
    assert set(respondents) <= authorities


def share(count: int, total: int) -> float:
    return float(f"{100 * count / total + 1e-9:.1f}")


def test_network_shares() -> None:
    networks = rows("networks")
    n = len(networks)
    assert n == 81
    relation = Counter(r["Relazione"] for r in networks)
    assert share(relation["collabora"], n) == 60.5
    assert share(relation["non in contatto"], n) == 18.5
    assert share(sum(r["Formale"] == "Sì" for r in networks), n) == 69.1
    assert share(sum(r["Beneficiari esterni"] == "Sì" for r in networks), n) == 75.3
    assert sum(r["Interesse"] == "alto" and r["Influenza"] == "alto" for r in networks) == 70


def test_networks_per_mapping_body_average_4_and_5() -> None:
    networks = rows("networks")
    per_body = Counter((r["Tipo ente mappante"], r["Ente mappante"]) for r in networks)
    by_type: dict[str, list[int]] = {}
    for (kind, _), count in per_body.items():
        by_type.setdefault(kind, []).append(count)
    assert sum(by_type["Azienda sanitaria"]) / len(by_type["Azienda sanitaria"]) == 4
    assert sum(by_type["Ente del terzo settore"]) / len(by_type["Ente del terzo settore"]) == 5


# "Principali benefici/contributi ... al target e all'intervento": (target %, intervention %)
SEED_CONTRIBUTIONS = {
    "Promozione delle connessioni sociali": (17.6, 19.2),
    "Offerta di servizi complementari a quelli pubblici": (13.0, 13.0),  # "Supporto in servizi"
    "Presentazione e diffusione conoscenza dei servizi": (11.6, 14.2),
}
SEED_REWARDS = {
    "Integrazione con i servizi pubblici": (24.1, 19.6),
    "Networking (altri contatti)": (20.3, 21.9),
    "Visibilità": (19.0, 18.6),
}


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        (("Contributi", "Contributi all'intervento"), SEED_CONTRIBUTIONS),
        (("Ricompense", "Ricompense per l'intervento"), SEED_REWARDS),
    ],
)
def test_contribution_and_reward_shares_are_the_top_three(columns, expected) -> None:
    networks = rows("networks")
    for position, column in enumerate(columns):
        mentions = Counter(label for r in networks for label in r[column].split("; ") if label)
        total = sum(mentions.values())
        top3 = [label for label, _ in mentions.most_common(3)]
        assert set(top3) == set(expected)
        for label, shares in expected.items():
            assert share(mentions[label], total) == shares[position], (column, label)


def test_members_are_the_29_authorities_and_9_third_sector_bodies() -> None:
    members = rows("members")
    kinds = Counter(r["Tipo"] for r in members)
    assert kinds == {"Azienda sanitaria": 29, "Ente del terzo settore": 9}
    names = [r["Nome"] for r in members]
    assert names[0] == "Asl Roma 2" and names[28] == "AOU Perugia" and names[-1] == "Unione Colline Matildiche"
    san_marino = next(r for r in members if r["Nome"] == "ISS San Marino")
    assert san_marino["Codice regione"] == "" and san_marino["Nazione"] == "San Marino"
    assert all(r["Fonte"] == "seed" for r in members)
