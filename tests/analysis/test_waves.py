"""Two waves of the questionnaire compared: the paired tests on cases worked out by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from cbresearch.analysis.waves import paired_change, share_change, stuart_maxwell
from cbresearch.data.vocab import SURVEY_ITEMS


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
