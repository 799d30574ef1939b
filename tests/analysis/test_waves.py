"""Two waves of the questionnaire compared: the paired tests on cases worked out by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from cbresearch.analysis.waves import paired_change, share_change, stuart_maxwell
from cbresearch.data.schema.vocab import SURVEY_ITEMS


def _waves(first: list[int], last: list[int]) -> pd.DataFrame:
    authorities = [f"A{i}" for i in range(len(first))]
    rows = [
        (w, a, s) for w, scores in (("2019", first), ("2024", last)) for a, s in zip(authorities, scores, strict=True)
    ]
    return pd.DataFrame(
        {
            "wave": [r[0] for r in rows],
            "organisation": [r[1] for r in rows],
            **{c: [r[2] for r in rows] for c in SURVEY_ITEMS},
        }
    )


def test_paired_tests_on_six_authorities_worked_out_by_hand() -> None:
    # first -> last: 3->4, 3->4, 4->5, 4->4, 5->4, 3->3. Differences +1 +1 +1 0 -1 0.
    # Wilcoxon: four non-zero |d| = 1, mid-rank 2.5 each; T+ = 7.5 = 2.5 k with k ~ Binomial(4, 1/2):
    #   P(T+ >= 7.5) = P(k >= 3) = 5/16, two-sided 10/16 = 0.625.
    # Sign test: 3 of 4 up: P(X >= 3) + P(X <= 1) = 5/16 + 5/16 = 0.625.
    # Stuart-Maxwell on scores 3, 4, 5: d = (3-1, 2-4, 1-1) = (2, -2, 0); mean off-diagonal counts
    #   n34 = (2+0)/2 = 1, n35 = 0, n45 = (1+1)/2 = 1;
    #   chi2 = (n45 d3^2 + n35 d4^2 + n34 d5^2) / (2 (n34 n35 + n34 n45 + n35 n45)) = 4 / 2 = 2, df 2,
    #   p = exp(-2/2) = 0.3679 (Fleiss & Everitt's closed form for three categories).
    row = paired_change(_waves([3, 3, 4, 4, 5, 3], [4, 4, 5, 4, 4, 3])).iloc[0]
    assert row["n_pairs"] == 6 and (row["n_lower"], row["n_equal"], row["n_higher"]) == (1, 2, 3)
    assert row["wilcoxon_p"] == pytest.approx(10 / 16)
    assert row["sign_p"] == pytest.approx(10 / 16)
    assert (row["stuart_maxwell"], row["stuart_maxwell_df"]) == (pytest.approx(2.0), 2)
    assert row["stuart_maxwell_p"] == pytest.approx(math.exp(-1))


def test_five_authorities_all_up_by_one() -> None:
    # all five differences +1: T+ = 15 is the maximum: one sign assignment in 32, two-sided 2/32;
    # sign test 5 of 5 up: 2/32. Stuart-Maxwell on two categories = McNemar: b = 5, c = 0: (5-0)^2/5 = 5.
    row = paired_change(_waves([3, 3, 3, 3, 3], [4, 4, 4, 4, 4])).iloc[0]
    assert row["wilcoxon_p"] == pytest.approx(2 / 32) and row["sign_p"] == pytest.approx(2 / 32)
    assert row["stuart_maxwell"] == pytest.approx(5.0) and row["stuart_maxwell_df"] == 1


def test_fewer_than_five_pairs_are_not_tested() -> None:
    result = paired_change(_waves([3, 3, 4, 4], [4, 4, 5, 4]))
    assert result["suppressed"].all() and result["n_pairs"].eq(4).all()
    assert "wilcoxon_p" not in result or result["wilcoxon_p"].isna().all()


def test_only_authorities_of_both_waves_are_paired() -> None:
    frame = _waves([3, 3, 4, 4, 5, 3], [4, 4, 5, 4, 4, 3])
    newcomer = frame.iloc[[-1]].assign(organisation="NEW")
    assert paired_change(pd.concat([frame, newcomer])).iloc[0]["n_pairs"] == 6


def test_share_change_interval_is_newcombes() -> None:
    # 5/10 then 10/10 answer 4-5. Wilson 95 %: 10/10 -> [0.7225, 1], 5/10 -> [0.2366, 0.7634].
    # Newcombe: lower = 0.5 - sqrt((1 - 0.7225)^2 + (0.7634 - 0.5)^2) = 0.1174,
    #           upper = 0.5 + sqrt((1 - 1)^2 + (0.5 - 0.2366)^2) = 0.7634.
    row = share_change(_waves([3] * 5 + [4] * 5, [4] * 10)).iloc[0]
    assert row["change"] == pytest.approx(50.0)
    assert row["change_lower"] == pytest.approx(11.74, abs=0.01) and row["change_upper"] == pytest.approx(
        76.34, abs=0.01
    )


def test_stuart_maxwell_with_one_score_only_is_no_evidence() -> None:
    assert stuart_maxwell([4, 4, 4], [4, 4, 4]) == (0.0, 0, 1.0)


def _stuart_maxwell_by_statsmodels(first: np.ndarray, last: np.ndarray) -> tuple[float, int]:
    """Oracle sharing no code with the package: statsmodels' SquareTable, one group of exchanging scores at a time.

    Scores that never changed are left out; scores that exchange pairs (directly or through others) form a
    group; each group's table is tested by statsmodels and the statistics and degrees of freedom add up.
    """
    from scipy.sparse.csgraph import connected_components
    from statsmodels.stats.contingency_tables import SquareTable

    changed = first != last
    scores = sorted(set(first[changed]) | set(last[changed]))
    if len(scores) < 2:
        return 0.0, 0
    index = {s: i for i, s in enumerate(scores)}
    full = np.zeros((len(scores), len(scores)))
    for a, b in zip(first, last, strict=True):
        if a in index and b in index:
            full[index[a], index[b]] += 1
    off = full - np.diag(np.diag(full))
    groups, labels = connected_components(off + off.T > 0, directed=False)
    statistic, df = 0.0, 0
    for group in range(groups):
        members = np.flatnonzero(labels == group)
        result = SquareTable(full[np.ix_(members, members)], shift_zeros=False).homogeneity("stuart_maxwell")
        statistic += float(result.statistic)
        df += int(result.df)
    return statistic, df


def test_stuart_maxwell_equals_an_independent_computation_on_200_random_samples() -> None:
    rng = np.random.default_rng(20261206)
    diagonal_only, disconnected = 0, 0
    for _ in range(200):
        pairs = int(rng.integers(5, 13))
        first = rng.integers(1, 6, pairs)
        step = rng.choice([-1, 0, 0, 1], pairs)
        last = np.clip(first + step, 1, 5)
        statistic, df, p = stuart_maxwell(first, last)
        expected_statistic, expected_df = _stuart_maxwell_by_statsmodels(first, last)
        assert df == expected_df, (first, last)
        assert statistic == pytest.approx(expected_statistic, rel=1e-9, abs=1e-9), (first, last)
        assert not math.isnan(p)
        changed = set(first[first != last]) | set(last[first != last])
        diagonal_only += bool(set(first[first == last]) - changed)
        if len(changed) >= 2:
            assert df >= 1 and 0 <= p <= 1
            disconnected += df < len(changed) - 1
    assert diagonal_only > 50  # scores met only in unchanged pairs are exercised
    assert disconnected > 0  # and groups of scores that never exchange pairs


def test_a_score_seen_only_on_the_diagonal_costs_no_degree_of_freedom() -> None:
    # 1 and 5 are only in unchanged pairs; 2 -> 3 twice, 3 -> 2 once: McNemar (2 - 1)^2 / 3 on 1 df
    statistic, df, p = stuart_maxwell([1, 5, 2, 2, 3], [1, 5, 3, 3, 2])
    assert (statistic, df) == (pytest.approx(1 / 3), 1)
    assert p == pytest.approx(0.5637028616507731)


def test_with_five_pairs_no_exact_test_can_reach_five_percent() -> None:
    from cbresearch.analysis.waves import smallest_p

    assert smallest_p(5) == 0.0625 and smallest_p(6) == 0.03125
