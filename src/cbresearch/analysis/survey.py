"""The strategic-assessment questionnaire of seed 004: distributions and paired comparisons.

Seed 004 publishes, for 24 health authorities, how *suitable* community
building is (adeguatezza) and how far it is already *implemented*
(implementazione), for "welfare/medicina di iniziativa" (WI) and "reti di
comunità" (RC), on a 1–5 scale, and reads them as "propensione … ma
sovrastima del punto di partenza": implementation lags suitability.

Only the marginal distributions are published.  Besides the usual paired
tests on the (reconstructed) records, :func:`pairing_bounds` computes every
paired statistic over *all* pairings consistent with the published marginals
(every contingency table with those margins), so that the conclusion can be
called robust only if it holds for each of them.

Paired tests, stated:

* Wilcoxon signed-rank on ``implementation - suitability`` with zeros
  discarded (Wilcoxon's method), mid-ranks for ties, and an **exact**
  p-value from the permutation distribution of the signed ranks (every
  sign assignment of the non-zero differences equally likely), computed by
  dynamic programming — no normal approximation, valid with many ties;
* sign test (exact binomial on the non-zero differences);
* matched-pairs rank-biserial correlation ``(T+ - T-) / (T+ + T-)``
  (Kerby 2014): -1 when every non-zero difference is negative.

Examples
--------
>>> import cbresearch as cb
>>> d = distribution(cb.load("survey"))
>>> d[d["item"] == "Adeguatezza - Welfare/medicina di iniziativa"]["percent"].tolist()
[20.83, 54.17, 25.0]
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..data.schema.vocab import SURVEY_DIMENSIONS, SURVEY_ITEMS
from ..rounding import round_half_up
from .stats import wilson_interval

DIMENSIONS = SURVEY_DIMENSIONS


def distribution(survey: pd.DataFrame) -> pd.DataFrame:
    """Per item: each observed score with its count and percentage (two decimals, as published).

    Returns
    -------
    DataFrame
        Columns ``item`` (the questionnaire's Italian label), ``score``, ``count``, ``percent``.

    Examples
    --------
    >>> import cbresearch as cb
    >>> distribution(cb.load("survey"))["count"].sum()
    np.int64(96)
    """
    rows = []
    for column, label in SURVEY_ITEMS.items():
        answers = survey[column].dropna().astype(int)
        counts = answers.value_counts().sort_index()
        for score, count in counts.items():
            rows.append({"item": label, "score": int(score), "count": int(count),
                         "percent": round_half_up(100 * count / len(answers), 2)})  # fmt: skip
    return pd.DataFrame(rows)


def score_counts(survey: pd.DataFrame) -> pd.DataFrame:
    """Per item (rows), how many answered each score 1-5 (columns) and how many answered (``Totale``).

    Examples
    --------
    >>> import cbresearch as cb
    >>> counts = score_counts(cb.load("survey"))
    >>> counts.columns.tolist(), int(counts["Totale"].iloc[0])
    ([1, 2, 3, 4, 5, 'Totale'], 24)
    """
    rows: dict[str, dict[object, int]] = {}
    for column, label in SURVEY_ITEMS.items():
        answers = survey[column].dropna().astype(int)
        counts: dict[object, int] = {score: int((answers == score).sum()) for score in range(1, 6)}
        rows[label] = {**counts, "Totale": len(answers)}
    return pd.DataFrame.from_dict(rows, orient="index")


def summary(survey: pd.DataFrame) -> pd.DataFrame:
    """Per item: n, mean, median, and the share answering 4 or 5 with its Wilson 95 % interval.

    Examples
    --------
    >>> import cbresearch as cb
    >>> s = summary(cb.load("survey")).set_index("item")
    >>> round(float(s.loc["Adeguatezza - Reti di comunità", "mean"]), 2)
    4.21
    """
    rows = []
    for column, label in SURVEY_ITEMS.items():
        answers = survey[column].dropna().astype(int)
        high = int((answers >= 4).sum())
        lo, hi = wilson_interval(high, len(answers))
        rows.append(
            {
                "item": label,
                "n": len(answers),
                "mean": answers.mean(),
                "median": float(answers.median()),
                "share_4_or_5": 100 * high / len(answers),
                "share_lower_95": 100 * float(lo),
                "share_upper_95": 100 * float(hi),
            }
        )
    return pd.DataFrame(rows)


# --- exact paired statistics ------------------------------------------------------------


@dataclass(frozen=True)
class PairedResult:
    """Paired comparison of implementation against suitability."""

    n_pairs: int
    n_lower: int  # implementation below suitability
    n_equal: int
    n_higher: int
    mean_difference: float
    t_plus: float
    t_minus: float
    wilcoxon_p_less: float  # one-sided: implementation below suitability
    wilcoxon_p_two_sided: float
    sign_p_less: float
    rank_biserial: float


def _midranks(values: np.ndarray) -> np.ndarray:
    order = np.argsort(values, kind="stable")
    ranks = np.empty(len(values))
    sorted_values = values[order]
    start = 0
    while start < len(values):
        end = start
        while end + 1 < len(values) and sorted_values[end + 1] == sorted_values[start]:
            end += 1
        ranks[order[start : end + 1]] = (start + end) / 2 + 1
        start = end + 1
    return ranks


def signed_rank_null(doubled_ranks: np.ndarray) -> np.ndarray:
    """Exact null distribution of 2·T+ given the (doubled, integer) ranks.

    Every non-zero difference is positive or negative with probability 1/2,
    independently: the distribution of the sum is built by convolution.

    Examples
    --------
    >>> signed_rank_null(np.array([2, 4])).tolist()  # ranks 1 and 2
    [0.25, 0.0, 0.25, 0.0, 0.25, 0.0, 0.25]
    """
    total = int(doubled_ranks.sum())
    probabilities = np.zeros(total + 1)
    probabilities[0] = 1.0
    for rank in doubled_ranks.astype(int):
        shifted = np.zeros_like(probabilities)
        shifted[rank:] = probabilities[: len(probabilities) - rank]
        probabilities = 0.5 * (probabilities + shifted)
    return probabilities


def paired_statistics(suitability, implementation) -> PairedResult:
    """Paired comparison of ``implementation - suitability`` (see the module notes for the methods).

    Examples
    --------
    >>> r = paired_statistics([4, 5, 3, 4], [3, 3, 3, 4])
    >>> r.n_lower, r.n_equal, r.rank_biserial, round(r.wilcoxon_p_less, 3)
    (2, 2, -1.0, 0.25)
    """
    from scipy import stats

    s = np.asarray(suitability, dtype=float)
    i = np.asarray(implementation, dtype=float)
    keep = ~(np.isnan(s) | np.isnan(i))
    d = (i - s)[keep]
    nonzero = d[d != 0]
    ranks = _midranks(np.abs(nonzero))
    t_plus = float(ranks[nonzero > 0].sum())
    t_minus = float(ranks[nonzero < 0].sum())
    if len(nonzero):
        null = signed_rank_null(np.rint(2 * ranks).astype(int))
        observed = round(2 * t_plus)
        p_less = float(null[: observed + 1].sum())
        p_greater = float(null[observed:].sum())
        p_two = min(1.0, 2 * min(p_less, p_greater))
        sign_p = float(stats.binomtest(int((nonzero < 0).sum()), len(nonzero), 0.5, alternative="greater").pvalue)
        biserial = (t_plus - t_minus) / (t_plus + t_minus)
    else:
        p_less = p_two = sign_p = 1.0
        biserial = 0.0
    return PairedResult(
        n_pairs=int(keep.sum()),
        n_lower=int((d < 0).sum()),
        n_equal=int((d == 0).sum()),
        n_higher=int((d > 0).sum()),
        mean_difference=float(d.mean()) if len(d) else float("nan"),
        t_plus=t_plus,
        t_minus=t_minus,
        wilcoxon_p_less=p_less,
        wilcoxon_p_two_sided=p_two,
        sign_p_less=sign_p,
        rank_biserial=float(biserial),
    )


def paired_tests(survey: pd.DataFrame) -> pd.DataFrame:
    """Paired statistics on the records, one row per dimension (WI, RC).

    The records' pairing is reconstructed (not published): read together with
    :func:`pairing_bounds`.

    Examples
    --------
    >>> import cbresearch as cb
    >>> paired_tests(cb.load("survey"))["dimension"].tolist()
    ['Welfare/medicina di iniziativa', 'Reti di comunità']
    """
    rows = []
    for key, label in DIMENSIONS.items():
        result = paired_statistics(survey[f"suitability_{key}"], survey[f"implementation_{key}"])
        rows.append({"dimension": label, **result.__dict__})
    return pd.DataFrame(rows)


def couplings(rows: dict[int, int], columns: dict[int, int]):
    """Every contingency table with the given margins (score -> count), as {(row, column): count}.

    Examples
    --------
    >>> [sorted(t.items()) for t in couplings({4: 1, 5: 1}, {3: 1, 4: 1})]
    [[((4, 3), 1), ((5, 4), 1)], [((4, 4), 1), ((5, 3), 1)]]
    """
    row_keys, column_keys = sorted(rows), sorted(columns)

    def fill(r: int, remaining: list[int]):
        if r == len(row_keys):
            if not any(remaining):
                yield {}
            return
        target = rows[row_keys[r]]
        for cells in _compositions(target, remaining):
            left = [c - x for c, x in zip(remaining, cells, strict=True)]
            for rest in fill(r + 1, left):
                table = {(row_keys[r], column_keys[j]): x for j, x in enumerate(cells) if x}
                table.update(rest)
                yield table

    yield from fill(0, [columns[k] for k in column_keys])


def _compositions(total: int, caps: list[int]):
    """Vectors of non-negative integers bounded by ``caps`` that sum to ``total``."""
    if not caps:
        if total == 0:
            yield ()
        return
    for first in range(min(total, caps[0]), -1, -1):
        for rest in _compositions(total - first, caps[1:]):
            yield (first, *rest)


def pairing_bounds(suitability: dict[int, int], implementation: dict[int, int]) -> pd.DataFrame:
    """Range (min, max) of each paired statistic over all pairings with the published marginals.

    Parameters
    ----------
    suitability, implementation : dict of int to int
        Published distributions (score -> count), same total.

    Returns
    -------
    DataFrame
        One row per statistic: ``minimum``, ``maximum`` and the number of
        admissible pairings (contingency tables).

    Examples
    --------
    >>> b = pairing_bounds({4: 1, 5: 1}, {3: 1, 4: 1}).set_index("statistic")
    >>> b.loc["n_lower", ["minimum", "maximum"]].tolist(), int(b.loc["n_lower", "pairings"])
    ([1.0, 2.0], 2)
    """
    if sum(suitability.values()) != sum(implementation.values()):
        raise ValueError("the two distributions must have the same number of respondents")
    results = []
    for table in couplings(suitability, implementation):
        s = [row for (row, _), count in table.items() for _ in range(count)]
        i = [column for (_, column), count in table.items() for _ in range(count)]
        results.append(paired_statistics(s, i).__dict__)
    frame = pd.DataFrame(results)
    columns = ["n_lower", "n_equal", "n_higher", "mean_difference", "t_plus", "t_minus", "wilcoxon_p_less",
               "wilcoxon_p_two_sided", "sign_p_less", "rank_biserial"]  # fmt: skip
    return pd.DataFrame(
        {
            "statistic": columns,
            "minimum": [float(frame[c].min()) for c in columns],
            "maximum": [float(frame[c].max()) for c in columns],
            "pairings": len(frame),
        }
    )


def published_marginals(survey: pd.DataFrame) -> dict[str, dict[str, dict[int, int]]]:
    """The marginal distributions of each dimension, as counted in the data.

    Examples
    --------
    >>> import cbresearch as cb
    >>> published_marginals(cb.load("survey"))["wi"]["suitability"] == {3: 5, 4: 13, 5: 6}
    True
    """
    out = {}
    for key in DIMENSIONS:
        out[key] = {
            side: dict(Counter(survey[f"{side}_{key}"].dropna().astype(int)))
            for side in ("suitability", "implementation")
        }
    return out


def conclusion_robustness(survey: pd.DataFrame, alpha: float = 0.05) -> pd.DataFrame:
    """Does "implementation below suitability" hold for every pairing consistent with the marginals?

    For each dimension: the worst case (largest) one-sided exact Wilcoxon
    p-value and the smallest excess of "lower" over "higher" pairs over all
    admissible pairings; robust when the worst p-value is below ``alpha`` and
    every pairing has more respondents below than above.

    Examples
    --------
    >>> import cbresearch as cb
    >>> conclusion_robustness(cb.load("survey"))["robust"].tolist()
    [True, True]
    """
    rows = []
    for key, marginals in published_marginals(survey).items():
        excess = []
        worst_p = 0.0
        best_p = 1.0
        count = 0
        for table in couplings(marginals["suitability"], marginals["implementation"]):
            s = [row for (row, _), n in table.items() for _ in range(n)]
            i = [column for (_, column), n in table.items() for _ in range(n)]
            result = paired_statistics(s, i)
            excess.append(result.n_lower - result.n_higher)
            worst_p = max(worst_p, result.wilcoxon_p_less)
            best_p = min(best_p, result.wilcoxon_p_less)
            count += 1
        rows.append(
            {
                "dimension": DIMENSIONS[key],
                "pairings": count,
                "min_lower_minus_higher": min(excess),
                "max_lower_minus_higher": max(excess),
                "best_p_less": best_p,
                "worst_p_less": worst_p,
                "robust": bool(worst_p < alpha and min(excess) > 0),
            }
        )
    return pd.DataFrame(rows)
