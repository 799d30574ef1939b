"""Statistical methods shared by the analyses: intervals, benchmark comparison, funnel limits, trends.

Methods follow the public-health conventions of Fingertips / OHID (see
``../shared/notes``): Wilson score intervals for proportions (from
statsmodels), Byar's method for counts (exact Poisson below 10), funnel
limits at 95 % and 99.8 % (Spiegelhalter 2005), "similar" when the benchmark
lies inside the interval, chi-square test for trend and log-linear Poisson
regression for recent trends.  numpy, scipy and statsmodels are imported
inside the functions: ``import cbresearch`` must not pay for them.

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


def compare_with_benchmark(lower, upper, benchmark) -> list[str]:
    """Fingertips comparison: 'similar' when the benchmark lies inside the interval.

    Examples
    --------
    >>> compare_with_benchmark([1.0, 3.0, 0.5], [2.0, 4.0, 0.9], 2.5)
    ['lower', 'higher', 'lower']
    >>> compare_with_benchmark([2.0], [3.0], 2.5)
    ['similar']
    """
    labels = []
    for lo, hi in zip(lower, upper, strict=True):
        if lo != lo or hi != hi:  # NaN: no interval
            labels.append("not compared")
        elif lo > benchmark:
            labels.append("higher")
        elif hi < benchmark:
            labels.append("lower")
        else:
            labels.append("similar")
    return labels


def funnel_limits_proportion(pooled: float, denominators, z: float):
    """Funnel-plot control limits for a proportion around ``pooled`` (Spiegelhalter 2005).

    Examples
    --------
    >>> lo, hi = funnel_limits_proportion(0.2, [100, 10000], Z95)
    >>> [round(float(x), 4) for x in hi]
    [0.2784, 0.2078]
    """
    import numpy as np

    n = np.asarray(denominators, dtype=float)
    half = z * np.sqrt(pooled * (1 - pooled) / n)
    return pooled - half, pooled + half


def funnel_limits_rate(pooled: float, denominators, z: float):
    """Funnel-plot control limits for a rate (events per unit of denominator), Poisson approximation.

    Examples
    --------
    >>> lo, hi = funnel_limits_rate(0.05, [1000], Z95)
    >>> round(float(lo[0]), 4), round(float(hi[0]), 4)
    (0.0361, 0.0639)
    """
    import numpy as np

    n = np.asarray(denominators, dtype=float)
    half = z * np.sqrt(pooled / n)
    return pooled - half, pooled + half


def chi_square_trend(events, totals) -> tuple[float, float]:
    """Chi-square test for linear trend in proportions (Cochran-Armitage), 1 df.

    Returns the statistic and the slope sign (+1 rising, -1 falling, 0 flat);
    Fingertips calls a trend significant when the statistic exceeds 9.55 (99.8 %).

    Examples
    --------
    >>> statistic, direction = chi_square_trend([10, 20, 30, 40, 50], [100] * 5)
    >>> round(statistic, 2), direction
    (47.62, 1)
    """
    import numpy as np

    x = np.asarray(events, dtype=float)
    n = np.asarray(totals, dtype=float)
    t = np.arange(len(x), dtype=float)
    p = x.sum() / n.sum()
    t_bar = (n * t).sum() / n.sum()
    numerator = ((x - n * p) * (t - t_bar)).sum()
    variance = p * (1 - p) * (n * (t - t_bar) ** 2).sum()
    if variance == 0:
        return 0.0, 0
    return float(numerator**2 / variance), int(np.sign(numerator))


def poisson_trend(events, exposure) -> tuple[float, float, float]:
    """Log-linear Poisson regression of events on time with log(exposure) offset.

    Returns the annual relative change (e.g. 0.02 = +2 % a year), the Wald
    chi-square of the slope and its p-value.  Used for rates (beds per
    population), where the chi-square test for proportions does not apply.

    Examples
    --------
    >>> change, chi2, p = poisson_trend([100, 110, 121, 133, 146], [1000] * 5)
    >>> round(change, 3)
    0.099
    """
    import numpy as np
    import statsmodels.api as sm

    y = np.asarray(events, dtype=float)
    time = np.arange(len(y), dtype=float)
    design = sm.add_constant(time)
    model = sm.GLM(y, design, family=sm.families.Poisson(), offset=np.log(np.asarray(exposure, dtype=float)))
    fit = model.fit()
    slope, se = float(fit.params[1]), float(fit.bse[1])
    chi2 = (slope / se) ** 2 if se > 0 else 0.0
    from scipy import stats

    return float(np.expm1(slope)), float(chi2), float(stats.chi2.sf(chi2, 1))
