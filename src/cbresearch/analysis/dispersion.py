"""Over-dispersion between regions, handled as Spiegelhalter (2005) does for performance indicators.

Italian regions have 0,1–10 million residents: a binomial or Poisson interval
on counts this large is a few hundredths of a point wide, while regions differ
far more than chance would make them (over-dispersion).  Left alone, every
region is "significantly" different from Italy and outside the funnel.

Spiegelhalter, D. J. (2005), "Handling over-dispersion of performance
indicators", *Quality and Safety in Health Care* 14: 347–351, and "Funnel plots
for comparing institutional performance", *Statistics in Medicine* 24:
1185–1202 (the NHS and Public Health England funnel-plot guidance follows them):

1. z-score of each area against the target θ₀ with its within-area variance
   s²ᵢ under θ₀ (binomial, Poisson, or the rounding of a survey estimate:
   :func:`~cbresearch.analysis.indicators.within_variance`);
2. winsorise the z-scores (the lowest and highest 10 % set to the 10th and
   90th percentile) and estimate the dispersion φ̂ = Σ z²ᵢ / I;
3. if I·φ̂ > I − 1, the additive between-area variance (DerSimonian–Laird)
   τ̂² = (I·φ̂ − (I − 1)) / (Σ wᵢ − Σ w²ᵢ / Σ wᵢ), with wᵢ = 1 / s²ᵢ; else τ̂² = 0;
4. limits θ₀ ± z·√(s²ᵢ + τ̂²), and the adjusted z-score (yᵢ − θ₀) / √(s²ᵢ + τ̂²).

**Choice stated**: the additive random-effects model (τ²), not the
multiplicative φ.  With regions of such different size, the multiplicative
limits θ₀ ± z·√(φ s²ᵢ) still shrink with population, so the largest regions
would stay "significant" whatever their distance from Italy; the additive model
says that regions differ by a between-region variance that does not depend on
their size, which is what the data show.  φ̂ is reported beside τ̂².  Where
φ̂ ≤ 1 (τ̂² = 0) nothing changes: the limits are the binomial/Poisson ones.

Examples
--------
>>> y = np.array([0.10, 0.12, 0.20, 0.08])
>>> v = np.full(4, 0.0001)
>>> d = between_area_variance(y, v, target=0.125, winsorise=0.0)
>>> round(d.phi, 1), round(d.tau2, 5)
(20.8, 0.00267)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .labels import Comparison, Side
from .stats import Z95

#: the share of z-scores winsorised at each end (Spiegelhalter 2005: 10 %)
WINSORISE = 0.10


@dataclass(frozen=True)
class Dispersion:
    """How much more the areas vary than chance: φ̂ (multiplicative) and τ̂² (additive, DerSimonian–Laird)."""

    phi: float
    tau2: float
    areas: int

    def adjusted_variance(self, within) -> np.ndarray:
        """Within-area variance plus the between-area τ̂².

        Examples
        --------
        >>> Dispersion(phi=3.0, tau2=0.5, areas=10).adjusted_variance([1.0, 2.0]).tolist()
        [1.5, 2.5]
        """
        return np.asarray(within, dtype=float) + self.tau2


def winsorised(z, fraction: float = WINSORISE) -> np.ndarray:
    """z-scores with the lowest and highest ``fraction`` set to the values at those percentiles.

    Uses :func:`scipy.stats.mstats.winsorize`: the number of values replaced at each end is
    ``floor(fraction * n)``, as Spiegelhalter (2005) describes.

    Examples
    --------
    >>> winsorised(np.arange(10.0), 0.1).tolist()
    [1.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 8.0]
    """
    from scipy.stats.mstats import winsorize

    values = np.asarray(z, dtype=float)
    if fraction <= 0:
        return values
    return np.asarray(winsorize(values, limits=(fraction, fraction)), dtype=float)


def between_area_variance(values, within, target: float, winsorise: float = WINSORISE) -> Dispersion:
    """φ̂ from the (winsorised) z-scores and the DerSimonian–Laird τ̂² they imply.

    Parameters
    ----------
    values : array-like
        The areas' values, on the scale of ``target``.
    within : array-like
        Each area's within-area variance around the target.
    target : float
        The benchmark θ₀ (for a meta-analysis: the fixed-effect mean).
    winsorise : float
        Share of z-scores winsorised at each end (0 for none).

    Returns
    -------
    Dispersion

    Examples
    --------
    >>> d = between_area_variance([1.0, 2.0, 3.0], [1.0, 1.0, 1.0], target=2.0, winsorise=0.0)
    >>> d.phi, d.tau2
    (0.6666666666666666, 0.0)
    """
    y = np.asarray(values, dtype=float)
    v = np.asarray(within, dtype=float)
    z = winsorised((y - target) / np.sqrt(v), winsorise)
    areas = len(y)
    phi = float(np.mean(z**2))
    w = 1 / v
    excess = areas * phi - (areas - 1)
    tau2 = float(excess / (w.sum() - (w**2).sum() / w.sum())) if excess > 0 else 0.0
    return Dispersion(phi=phi, tau2=tau2, areas=areas)


def adjusted_limits(target: float, within, dispersion: Dispersion, z: float = Z95) -> tuple[np.ndarray, np.ndarray]:
    """Control limits θ₀ ± z·√(s² + τ̂²) for areas with within-area variances ``within``.

    Examples
    --------
    >>> lo, hi = adjusted_limits(10.0, [0.0, 1.0], Dispersion(phi=2.0, tau2=3.0, areas=5), z=2.0)
    >>> [round(float(x), 3) for x in lo], [round(float(x), 3) for x in hi]
    ([6.536, 6.0], [13.464, 14.0])
    """
    half = z * np.sqrt(dispersion.adjusted_variance(within))
    return target - half, target + half


def adjusted_z(values, target: float, within, dispersion: Dispersion) -> tuple[np.ndarray, np.ndarray]:
    """Adjusted z-scores (yᵢ − θ₀) / √(s²ᵢ + τ̂²) and their two-sided normal p-values.

    Examples
    --------
    >>> z, p = adjusted_z([12.0], 10.0, [1.0], Dispersion(phi=2.0, tau2=3.0, areas=5))
    >>> float(z[0]), round(float(p[0]), 4)
    (1.0, 0.3173)
    """
    from scipy import stats

    z = (np.asarray(values, dtype=float) - target) / np.sqrt(dispersion.adjusted_variance(within))
    return z, 2 * stats.norm.sf(np.abs(z))


def compare_adjusted(z_scores, z: float = Z95) -> list[str]:
    """'similar' inside the adjusted limits, else 'higher' or 'lower' (NaN: 'not compared').

    Examples
    --------
    >>> compare_adjusted([0.5, 2.5, -3.0, float("nan")])
    ['similar', 'higher', 'lower', 'not compared']
    """
    labels = []
    for value in np.asarray(z_scores, dtype=float):
        if value != value:
            labels.append(Comparison.NOT_COMPARED.value)
        elif value > z:
            labels.append(Side.HIGHER.value)
        elif value < -z:
            labels.append(Side.LOWER.value)
        else:
            labels.append(Side.SIMILAR.value)
    return labels
