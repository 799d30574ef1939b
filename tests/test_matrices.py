"""Golden tests: the two matrices equal the seed's tables cell by cell (numbers transcribed from seed 004)."""

from __future__ import annotations

import pytest

import cbresearch as cb
from cbresearch.matrices import (
    by_initiative_type,
    classification_matrix,
    column_percentages,
    need_target_matrix,
    reading_notes,
    row_percentages,
    tidy,
)

# seed 004, "La matrice di classificazione delle esperienze" (blank cells as 0)
SEED_CLASSIFICATION = [
    ("Service design che raggiunga i target più fragili", [14, 5, 0, 0, 19]),
    ("Iniziative per coloro che non arrivano ai servizi", [6, 1, 1, 0, 8]),
    ("Iniziative per raggiungere standard clinici uniformi", [3, 0, 0, 0, 3]),
    ("Valutazione dei servizi (advocacy)", [0, 0, 0, 0, 0]),
    ("Processi decisionali (co-progettazione)", [4, 1, 0, 0, 5]),
    ("Iniziative a sostegno della coproduzione", [6, 4, 0, 0, 10]),
    ("Iniziative per diffondere la prevenzione", [8, 2, 0, 0, 10]),
    ("Iniziative per il sostegno psicologico alla malattia", [3, 1, 0, 1, 5]),
    ("Sviluppo di Collaborative lifestyles", [4, 0, 1, 0, 5]),
    ("Totale", [48, 14, 2, 1, 65]),
]

# seed 004, "Priority setting: la lettura del contesto (I)"
SEED_NEEDS = [
    ("A Cronicità", [0, 5, 8, 0, 0, 13]),
    ("AP Polipatologia", [0, 1, 3, 0, 0, 4]),
    ("B Fragilità", [0, 5, 7, 0, 0, 12]),
    ("C Disabilità", [2, 10, 1, 1, 0, 14]),
    ("CN Neurodegenerative", [0, 4, 1, 0, 0, 5]),
    ("D Dipendenze e salute mentale", [1, 1, 0, 0, 0, 2]),
    ("F Fase avanzata/terminale", [0, 2, 0, 0, 0, 2]),
    ("G Determinanti sociali", [5, 2, 3, 2, 0, 12]),
    ("GM Migranti", [0, 4, 0, 0, 1, 5]),
    ("GP Povertà/emarginazione", [0, 1, 0, 0, 2, 3]),
    ("Totale", [8, 35, 23, 3, 3, 72]),
]


@pytest.fixture(scope="module")
def classification():
    return classification_matrix(cb.load("initiatives"))


def test_classification_matrix_equals_the_seed(classification) -> None:
    assert classification.columns.tolist() == ["Istituzionale", "Professionale", "Volontariato", "Tra pari", "Totale"]
    assert [(label, row.tolist()) for label, row in classification.iterrows()] == SEED_CLASSIFICATION


def test_need_target_matrix_equals_the_seed() -> None:
    matrix = need_target_matrix(cb.load("needs"))
    assert matrix.columns.tolist() == ["Minore", "Indistinto", "Anziano", "Caregiver", "Comunità", "Totale"]
    assert [(label, row.tolist()) for label, row in matrix.iterrows()] == SEED_NEEDS


def test_percentages(classification) -> None:
    rows = row_percentages(classification)
    assert rows.loc["Totale", "Istituzionale"] == pytest.approx(round(100 * 48 / 65, 1))
    assert rows.loc["Valutazione dei servizi (advocacy)"].tolist() == [0.0] * 5  # no experiences: no division by 0
    columns = column_percentages(classification)
    assert columns.loc["Service design che raggiunga i target più fragili", "Professionale"] == pytest.approx(
        round(100 * 5 / 14, 1)
    )


def test_reading_notes_hold(classification) -> None:
    notes = reading_notes(classification)
    assert [n.holds for n in notes] == [True, True, True]
    assert "30" in notes[0].evidence and "35" in notes[0].evidence
    assert by_initiative_type(classification).to_dict() == {"Welfare di iniziativa": 30, "Reti di comunità": 35}


def test_a_note_that_does_not_hold_is_reported(classification) -> None:
    tilted = classification.copy()
    tilted.loc["Totale", "Istituzionale"] = 30  # institutional no longer prevails
    assert reading_notes(tilted)[2].holds is False


def test_tidy_form(classification) -> None:
    long = tidy(classification, "activity", "approach")
    assert long.columns.tolist() == ["activity", "approach", "count"]
    assert long["count"].sum() == 65
