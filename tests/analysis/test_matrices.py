"""Golden tests: the two matrices equal the seed's tables cell by cell (numbers from tests/golden.py)."""

from __future__ import annotations

import golden
import pytest

import cbresearch as cb
from cbresearch.analysis.matrices import (
    by_initiative_type,
    classification_matrix,
    column_percentages,
    need_target_matrix,
    reading_notes,
    row_percentages,
    tidy,
)


@pytest.fixture(scope="module")
def classification():
    return classification_matrix(cb.load("initiatives"))


def test_classification_matrix_equals_the_seed(classification) -> None:
    assert classification.columns.tolist() == [*golden.APPROACHES, "Totale"]
    expected = [*golden.CLASSIFICATION.items(), ("Totale", golden.CLASSIFICATION_TOTAL)]
    assert [(label, row.tolist()) for label, row in classification.iterrows()] == expected


def test_need_target_matrix_equals_the_seed() -> None:
    matrix = need_target_matrix(cb.load("needs"))
    assert matrix.columns.tolist() == [*golden.TARGETS, "Totale"]
    expected = [*golden.NEED_TARGET.items(), ("Totale", golden.NEED_TARGET_TOTAL)]
    assert [(label, row.tolist()) for label, row in matrix.iterrows()] == expected


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
    assert by_initiative_type(classification).to_dict() == golden.BY_INITIATIVE_TYPE


def test_a_note_that_does_not_hold_is_reported(classification) -> None:
    tilted = classification.copy()
    tilted.loc["Totale", "Istituzionale"] = 30  # institutional no longer prevails
    assert reading_notes(tilted)[2].holds is False


def test_tidy_form(classification) -> None:
    long = tidy(classification, "activity", "approach")
    assert long.columns.tolist() == ["activity", "approach", "count"]
    assert long["count"].sum() == golden.CLASSIFICATION_TOTAL[-1]
