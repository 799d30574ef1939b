"""Statistical methods shared by the analyses: intervals, benchmark comparison, funnel limits, trends.

Wilson score intervals for proportions (from statsmodels), Byar's method for
counts (exact Poisson below 10), as the Fingertips / OHID conventions give
them (``../shared/notes``), and a recent-trend test that allows for extra
variation (quasi-Poisson / quasi-binomial regression, the dispersion estimated
from the series).  The comparison between regions, with its over-dispersion,
is :mod:`~cbresearch.analysis.dispersion`.  numpy, scipy and statsmodels are
imported inside the functions: ``import cbresearch`` must not pay for them.

Examples
--------
>>> lo, hi = wilson_interval(19, 24)
>>> round(float(lo), 4), round(float(hi), 4)
(0.5953, 0.9076)
"""

from __future__ import annotations

# --- intervals (Fingertips / OHID methods: see ../shared/notes) -------------------------

Z95 = 1.959963984540054
Z998 = 3.090232306167813


def wilson_interval(successes, trials, z: float = Z95):
    """Wilson score interval for a proportion (Wilson 1927), computed by statsmodels.

    Parameters
    ----------
    successes, trials : array-like
        Counts; ``successes <= trials``.
    z : float
        Normal quantile (1.96 for 95 %).

    Returns
    -------
    tuple of numpy arrays
        Lower and upper limits, as proportions.

    Examples
    --------
    >>> lo, hi = wilson_interval(19, 24)
    >>> round(float(lo), 4), round(float(hi), 4)
    (0.5953, 0.9076)
    """
    import numpy as np
    from scipy import stats
    from statsmodels.stats.proportion import proportion_confint

    k, n = np.broadcast_arrays(np.asarray(successes, dtype=float), np.asarray(trials, dtype=float))
    lower, upper = np.full(k.shape, np.nan), np.full(k.shape, np.nan)
    valid = n > 0  # no interval without trials
    if valid.any():
        alpha = 2 * stats.norm.sf(z)
        lower[valid], upper[valid] = proportion_confint(k[valid], n[valid], alpha=alpha, method="wilson")
    return lower[()], upper[()]


def poisson_count_interval(observed, z: float = Z95):
    """Confidence interval for a Poisson count: Byar's method from 10 up, exact below.

    Exact limits use the chi-square relation (Breslow & Day 1987); Byar's
    approximation is what Fingertips uses for counts of 10 or more.

    Examples
    --------
    >>> lo, hi = poisson_count_interval([5, 100])
    >>> [round(float(x), 2) for x in lo], [round(float(x), 2) for x in hi]
    ([1.62, 81.36], [11.67, 121.63])
    """
    import numpy as np
    from scipy import stats

    o = np.asarray(observed, dtype=float)
    alpha = 2 * stats.norm.sf(z)
    exact_lo = np.where(o > 0, stats.chi2.ppf(alpha / 2, 2 * o) / 2, 0.0)
    exact_hi = stats.chi2.ppf(1 - alpha / 2, 2 * (o + 1)) / 2
    safe = np.maximum(o, 1)
    byar_lo = o * (1 - 1 / (9 * safe) - z / (3 * np.sqrt(safe))) ** 3
    byar_hi = (o + 1) * (1 - 1 / (9 * (o + 1)) + z / (3 * np.sqrt(o + 1))) ** 3
    use_byar = o >= 10
    return np.where(use_byar, byar_lo, exact_lo), np.where(use_byar, byar_hi, exact_hi)


def quasi_trend(events, totals, proportion: bool = False) -> tuple[float, float, float, float]:
    """Recent trend allowing for extra variation: quasi-Poisson (or quasi-binomial) log-linear regression on time.

    A Poisson or binomial test on a series of counts in the millions calls every wiggle significant.
    Here the slope's variance is scaled by the dispersion estimated from the series itself — Pearson's
    χ² over its residual degrees of freedom, never below 1 (McCullagh & Nelder 1989, §4.5; the field
    notes) — and tested with an F test on (1, n − 2) degrees of freedom, as quasi-likelihood prescribes
    when the dispersion is estimated.

    Parameters
    ----------
    events : array-like
        Yearly numerators (counts or estimates), oldest first.
    totals : array-like
        Yearly exposures (denominator or expected count); the trials for ``proportion``.
    proportion : bool
        Quasi-binomial (logit link) instead of quasi-Poisson (log link, log-exposure offset).

    Returns
    -------
    tuple
        Annual relative change (0.02 = +2 % a year; for proportions the change of the odds), the F
        statistic, its p-value and the dispersion used.

    Examples
    --------
    >>> change, f, p, dispersion = quasi_trend([100, 110, 121, 133, 146], [1000] * 5)
    >>> round(change, 3), dispersion
    (0.099, 1.0)
    >>> change, f, p, dispersion = quasi_trend([1000, 1300, 900, 1250, 1100], [10_000] * 5)
    >>> round(dispersion, 1), p > 0.05
    (33.1, True)
    """
    import warnings

    import numpy as np
    import statsmodels.api as sm
    from scipy import stats
    from statsmodels.tools.sm_exceptions import PerfectSeparationWarning

    y = np.asarray(events, dtype=float)
    n = np.asarray(totals, dtype=float)
    design = sm.add_constant(np.arange(len(y), dtype=float))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PerfectSeparationWarning)  # a series that fits exactly (Italy's O/E = 1)
        if proportion:
            fit = sm.GLM(np.column_stack([y, n - y]), design, family=sm.families.Binomial()).fit()
        else:
            fit = sm.GLM(y, design, family=sm.families.Poisson(), offset=np.log(n)).fit()
    df_resid = len(y) - 2
    dispersion = max(1.0, float(fit.pearson_chi2) / df_resid) if df_resid > 0 else 1.0
    slope, se = float(fit.params[1]), float(fit.bse[1]) * np.sqrt(dispersion)
    statistic = (slope / se) ** 2 if se > 0 else 0.0
    p = float(stats.f.sf(statistic, 1, df_resid)) if df_resid > 0 else float("nan")
    return float(np.expm1(slope)), float(statistic), p, dispersion
