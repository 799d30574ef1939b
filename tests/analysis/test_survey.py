"""Survey: published percentages (golden), exact paired tests, bounds over pairings."""

from __future__ import annotations

import golden
import numpy as np
import pytest
from scipy import stats

import cbresearch as cb
from cbresearch.analysis.survey import (
    conclusion_robustness,
    couplings,
    distribution,
    paired_statistics,
    pairing_bounds,
    signed_rank_null,
    summary,
)


@pytest.fixture(scope="module")
def answers():
    return cb.load("survey")


def test_distribution_equals_the_published_tables(answers) -> None:
    table = distribution(answers)
    for item, expected in golden.SURVEY.items():
        rows = table[table["item"] == item]
        assert list(zip(rows["score"], rows["count"], rows["percent"], strict=True)) == expected, item


def test_summary_means(answers) -> None:
    means = summary(answers).set_index("item")["mean"]
    # means from the published counts: (3·5 + 4·13 + 5·6) / 24 and (1 + 2·3 + 3·11 + 4·8 + 5) / 24
    assert means["Adeguatezza - Welfare/medicina di iniziativa"] == pytest.approx(97 / 24)
    assert means["Implementazione - Reti di comunità"] == pytest.approx(77 / 24)


def test_exact_signed_rank_agrees_with_scipy_when_there_are_no_ties() -> None:
    suitability = np.array([5, 5, 5, 5, 5, 5, 5])
    implementation = np.array([4.9, 4.7, 4.4, 4.0, 5.5, 3.5, 2.9])  # |differences| all distinct
    ours = paired_statistics(suitability, implementation)
    reference = stats.wilcoxon(implementation - suitability, alternative="less", method="exact")
    assert ours.wilcoxon_p_less == pytest.approx(reference.pvalue)
    assert ours.t_plus == reference.statistic


def test_null_distribution_of_tied_ranks_worked_by_hand() -> None:
    # two tied ranks (1.5 each, doubled 3 and 3): 2·T+ is 0, 3 or 6 with probabilities 1/4, 1/2, 1/4
    null = signed_rank_null(np.array([3, 3]))
    assert null[[0, 3, 6]].tolist() == [0.25, 0.5, 0.25]
    assert null.sum() == pytest.approx(1)


def test_paired_statistics_worked_by_hand() -> None:
    # differences: -1, -1, 0, +2 -> zeros dropped; |d| ranks: 1.5, 1.5, 3; T+ = 3, T- = 3
    result = paired_statistics([4, 4, 3, 1], [3, 3, 3, 3])
    assert (result.n_lower, result.n_equal, result.n_higher) == (2, 1, 1)
    assert (result.t_plus, result.t_minus) == (3.0, 3.0)
    assert result.rank_biserial == 0.0
    # P(T+ <= 3): sign patterns over ranks {1.5, 1.5, 3}: sums 0, 1.5, 1.5, 3, 3, 4.5, 4.5, 6 -> 5 of 8 are <= 3
    assert result.wilcoxon_p_less == pytest.approx(5 / 8)
    assert result.sign_p_less == pytest.approx(0.5)  # 2 negatives of 3 non-zero: P(X >= 2) = 4/8


def test_pairing_bounds_on_a_tiny_case_worked_by_hand() -> None:
    # suitability {4, 5}, implementation {3, 4}: pairings (4-3, 5-4) -> d = (-1, -1); (4-4, 5-3) -> d = (0, -2)
    assert len(list(couplings({4: 1, 5: 1}, {3: 1, 4: 1}))) == 2
    bounds = pairing_bounds({4: 1, 5: 1}, {3: 1, 4: 1}).set_index("statistic")
    assert bounds.loc["n_lower"].tolist()[:2] == [1.0, 2.0]
    assert bounds.loc["n_equal"].tolist()[:2] == [0.0, 1.0]
    assert bounds.loc["mean_difference"].tolist()[:2] == [-1.0, -1.0]  # invariant to the pairing
    assert bounds.loc["rank_biserial"].tolist()[:2] == [-1.0, -1.0]
    # one negative difference alone: p = 1/2; two tied negatives: p = 1/4
    assert bounds.loc["wilcoxon_p_less"].tolist()[:2] == [0.25, 0.5]


def test_bounds_need_equal_totals() -> None:
    with pytest.raises(ValueError, match="same number of respondents"):
        pairing_bounds({4: 2}, {3: 1})


def test_the_seed_conclusion_holds_for_every_pairing(answers) -> None:
    robustness = conclusion_robustness(answers).set_index("dimension")
    assert robustness["robust"].all()
    assert (robustness["worst_p_less"] < 0.05).all()
    assert (robustness["min_lower_minus_higher"] > 0).all()
    assert robustness["pairings"].min() > 100  # many admissible pairings were examined
