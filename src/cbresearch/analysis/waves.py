"""How the questionnaire's answers changed between two waves ("Com'è cambiato").

A wave is one round of the questionnaire (``wave``: the bundled answers are
wave ``2019``; ``cbresearch import-survey`` adds others).  For two waves:

* :func:`wave_distributions`: per item, how many answered each score in each wave;
* :func:`share_change`: per item, the share answering 4 or 5 in each wave and
  its change, with the Newcombe hybrid-score 95 % interval of the difference
  of two independent proportions (``statsmodels``' ``confint_proportions_2indep``);
* :func:`paired_change`: for the authorities that answered in **both** waves,
  a real paired comparison per item: exact Wilcoxon signed-rank test on
  ``last - first`` (zeros dropped, mid-ranks, exact permutation p-value, as
  :func:`cbresearch.analysis.survey.paired_statistics`), exact two-sided sign
  test, and the Stuart–Maxwell test of marginal homogeneity of the paired
  5×5 table (``statsmodels``' ``SquareTable``; scores nobody chose in either
  wave are dropped).  With fewer than ``min_pairs`` paired authorities the
  tests are not computed (``suppressed``) and a note says why.

Examples
--------
>>> import cbresearch as cb
>>> waves(cb.load("survey"))
['2019']
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from ..data.vocab import SURVEY_ITEMS
from .survey import paired_statistics

MIN_PAIRS = 5
SEED_WAVE = "2019"


def waves(survey: pd.DataFrame) -> list[str]:
    """The waves present, oldest first.

    Examples
    --------
    >>> waves(pd.DataFrame({"wave": ["2024", "2019", "2024"]}))
    ['2019', '2024']
    """
    return sorted(survey["wave"].dropna().astype(str).unique()) if "wave" in survey else [SEED_WAVE]


def in_wave(survey: pd.DataFrame, wave: str = SEED_WAVE) -> pd.DataFrame:
    """The answers of one wave (the seed's 2019 wave by default: what the published figures describe).

    Examples
    --------
    >>> import cbresearch as cb
    >>> len(in_wave(cb.load("survey")))
    24
    """
    return survey[survey["wave"].astype(str) == str(wave)] if "wave" in survey else survey


def _two(survey: pd.DataFrame, first: str | None, last: str | None) -> tuple[str, str]:
    found = waves(survey)
    if len(found) < 2 and (first is None or last is None):
        raise ValueError(f"two waves are needed, found {found}")
    return (first or found[-2]), (last or found[-1])


def wave_distributions(survey: pd.DataFrame, first: str | None = None, last: str | None = None) -> pd.DataFrame:
    """Per item and wave: how many answered each score (1-5), and how many answered.

    Examples
    --------
    >>> frame = pd.DataFrame({"wave": ["a", "b"], **{c: [4, 5] for c in SURVEY_ITEMS}})
    >>> wave_distributions(frame).loc[("Adeguatezza - Reti di comunità", "b")].tolist()
    [0, 0, 0, 0, 1, 1]
    """
    first, last = _two(survey, first, last)
    rows = {}
    for column, label in SURVEY_ITEMS.items():
        for wave in (first, last):
            answers = in_wave(survey, wave)[column].dropna().astype(int)
            rows[(label, wave)] = [int((answers == s).sum()) for s in range(1, 6)] + [len(answers)]
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=[1, 2, 3, 4, 5, "Totale"])
    frame.index = pd.MultiIndex.from_tuples(frame.index, names=["item", "wave"])
    return frame


def share_change(survey: pd.DataFrame, first: str | None = None, last: str | None = None) -> pd.DataFrame:
    """Per item: the share (%) answering 4-5 in each wave, its change in points and the 95 % interval of the change.

    Examples
    --------
    >>> frame = pd.DataFrame({"wave": ["a"] * 10 + ["b"] * 10, **{c: [3] * 5 + [4] * 5 + [4] * 10 for c in SURVEY_ITEMS}})
    >>> row = share_change(frame).iloc[0]
    >>> [round(float(row[k]), 1) for k in ("share_first", "share_last", "change", "change_lower", "change_upper")]
    [50.0, 100.0, 50.0, 11.7, 76.3]
    """
    from statsmodels.stats.proportion import confint_proportions_2indep

    first, last = _two(survey, first, last)
    rows = []
    for column, label in SURVEY_ITEMS.items():
        a = in_wave(survey, first)[column].dropna().astype(int)
        b = in_wave(survey, last)[column].dropna().astype(int)
        high_a, high_b = int((a >= 4).sum()), int((b >= 4).sum())
        low, high = confint_proportions_2indep(high_b, len(b), high_a, len(a), method="newcomb", compare="diff")
        rows.append(
            {
                "item": label,
                "n_first": len(a),
                "n_last": len(b),
                "share_first": 100 * high_a / len(a),
                "share_last": 100 * high_b / len(b),
                "change": 100 * (high_b / len(b) - high_a / len(a)),
                "change_lower": 100 * float(low),
                "change_upper": 100 * float(high),
            }
        )
    return pd.DataFrame(rows)


def stuart_maxwell(first, last) -> tuple[float, int, float]:
    """Stuart–Maxwell test of marginal homogeneity of paired scores: (statistic, degrees of freedom, p-value).

    Scores chosen by nobody in either wave are dropped (they add no information and make the covariance
    singular); when the covariance still cannot be inverted (e.g. every change is between the same two scores
    and in one direction) the statistic and p-value are NaN.

    Examples
    --------
    >>> stat, df, p = stuart_maxwell([3, 3, 4, 4, 5, 3], [4, 4, 5, 4, 4, 3])
    >>> round(stat, 3), df, round(p, 4)
    (2.0, 2, 0.3679)
    """
    from statsmodels.stats.contingency_tables import SquareTable
    from statsmodels.tools.sm_exceptions import SingularMatrixWarning

    first, last = np.asarray(first, dtype=int), np.asarray(last, dtype=int)
    scores = sorted(set(first) | set(last))
    position = {s: i for i, s in enumerate(scores)}
    table = np.zeros((len(scores), len(scores)))
    for a, b in zip(first, last, strict=True):
        table[position[a], position[b]] += 1
    if len(scores) < 2:
        return 0.0, 0, 1.0
    with warnings.catch_warnings():
        warnings.simplefilter("error", SingularMatrixWarning)  # no test when the covariance cannot be inverted
        try:
            result = SquareTable(table, shift_zeros=False).homogeneity(method="stuart_maxwell")
        except (np.linalg.LinAlgError, SingularMatrixWarning):
            return float("nan"), len(scores) - 1, float("nan")
    return float(result.statistic), int(result.df), float(result.pvalue)


def paired_change(
    survey: pd.DataFrame, first: str | None = None, last: str | None = None, min_pairs: int = MIN_PAIRS
) -> pd.DataFrame:
    """Per item, for the authorities that answered in both waves: paired tests of ``last - first``.

    Columns: ``item``, ``n_pairs``, ``n_lower``, ``n_equal``, ``n_higher``, ``mean_difference``,
    ``wilcoxon_p``, ``sign_p`` (both exact, two-sided), ``stuart_maxwell``, ``stuart_maxwell_df``,
    ``stuart_maxwell_p``, ``suppressed`` (fewer than ``min_pairs`` pairs: no test is computed).

    Examples
    --------
    >>> frame = pd.DataFrame({"wave": ["a"] * 6 + ["b"] * 6, "organisation": list("uvwxyz") * 2,
    ...                       **{c: [3, 3, 4, 4, 5, 3] + [4, 4, 5, 4, 4, 3] for c in SURVEY_ITEMS}})
    >>> row = paired_change(frame).iloc[0]
    >>> int(row["n_pairs"]), float(row["wilcoxon_p"]), float(row["sign_p"]), bool(row["suppressed"])
    (6, 0.625, 0.625, False)
    """
    from scipy import stats

    first, last = _two(survey, first, last)
    a = in_wave(survey, first).drop_duplicates("organisation", keep="last").set_index("organisation")
    b = in_wave(survey, last).drop_duplicates("organisation", keep="last").set_index("organisation")
    both = a.index.intersection(b.index)
    rows = []
    for column, label in SURVEY_ITEMS.items():
        pairs = pd.DataFrame({"first": a.loc[both, column], "last": b.loc[both, column]}).dropna().astype(int)
        row: dict[str, object] = {"item": label, "n_pairs": len(pairs), "suppressed": len(pairs) < min_pairs}
        if not row["suppressed"]:
            result = paired_statistics(pairs["first"], pairs["last"])
            nonzero = result.n_lower + result.n_higher
            sign = stats.binomtest(result.n_higher, nonzero, 0.5).pvalue if nonzero else 1.0
            statistic, df, p = stuart_maxwell(pairs["first"], pairs["last"])
            row |= {
                "n_lower": result.n_lower,
                "n_equal": result.n_equal,
                "n_higher": result.n_higher,
                "mean_difference": result.mean_difference,
                "wilcoxon_p": result.wilcoxon_p_two_sided,
                "sign_p": float(sign),
                "stuart_maxwell": statistic,
                "stuart_maxwell_df": df,
                "stuart_maxwell_p": p,
            }
        rows.append(row)
    return pd.DataFrame(rows)
