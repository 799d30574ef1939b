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
  table (scores with no discordant pair dropped: :func:`stuart_maxwell`).
  :func:`smallest_p` says when no exact test can reach the 5 % level.  With fewer than ``min_pairs`` paired authorities the
  tests are not computed (``suppressed``) and a note says why.

Examples
--------
>>> import cbresearch as cb
>>> waves(cb.load("survey"))
['2019']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..data.schema.vocab import SURVEY_ITEMS
from .survey import paired_statistics

MIN_PAIRS = 5
#: the level the report's paired tests are read at
SIGNIFICANCE = 0.05
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

    Only the scores that changed carry information: a score met only in unchanged pairs (on the diagonal)
    is dropped, so the degrees of freedom are the scores that changed minus one (minus one more for each
    further group of scores that never exchange pairs: the covariance is then inverted with its
    pseudo-inverse, and the statistic is the sum over the groups).  With no change at all the statistic is 0
    on 0 degrees of freedom and p = 1; the result is never NaN.

    Examples
    --------
    >>> stat, df, p = stuart_maxwell([3, 3, 4, 4, 5, 3], [4, 4, 5, 4, 4, 3])
    >>> round(stat, 3), df, round(p, 4)
    (2.0, 2, 0.3679)
    >>> stat, df, p = stuart_maxwell([3, 3, 4, 5], [4, 4, 4, 5])  # 5 only unchanged: 3 -> 4 twice, McNemar
    >>> round(stat, 6), df, round(p, 4)
    (2.0, 1, 0.1573)
    """
    from scipy import stats

    first, last = np.asarray(first, dtype=int), np.asarray(last, dtype=int)
    changed = first != last
    scores = sorted(set(first[changed]) | set(last[changed]))
    if len(scores) < 2:
        return 0.0, 0, 1.0
    position = {score: i for i, score in enumerate(scores)}
    table = np.zeros((len(scores), len(scores)))
    for a, b in zip(first[changed], last[changed], strict=True):
        table[position[a], position[b]] += 1
    d = table.sum(axis=1) - table.sum(axis=0)
    exchanges = table + table.T
    covariance = np.diag(exchanges.sum(axis=1)) - exchanges
    df = int(np.linalg.matrix_rank(covariance))
    statistic = float(d @ np.linalg.pinv(covariance) @ d)
    return statistic, df, float(stats.chi2.sf(statistic, df))


def smallest_p(pairs: int) -> float:
    """The smallest two-sided p-value an exact paired test (sign or Wilcoxon) can reach with ``pairs`` pairs.

    With every pair changed in the same direction both exact tests give 2 · 0,5ⁿ: with 5 pairs 0,0625, so
    no test can be significant at 5 %.

    Examples
    --------
    >>> smallest_p(5), smallest_p(6)
    (0.0625, 0.03125)
    """
    return min(1.0, 2 * 0.5**pairs)


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
