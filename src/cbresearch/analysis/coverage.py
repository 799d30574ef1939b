"""Need coverage per region: each indicator with its interval, comparison with Italy, funnel, trend, quadrant.

The inference is the one a public-health statistician uses for *regions*, not
for small areas (``docs/methods.md``; ``../shared/notes``):

- each region's value has its 95 % interval (Wilson, Byar, or the rounding of
  a survey estimate: :mod:`~cbresearch.analysis.indicators`);
- the comparison with Italy and the funnel limits allow for the real variation
  between regions (over-dispersion, :mod:`~cbresearch.analysis.dispersion`):
  "similar" when the region lies inside Italy ± 1,96·√(s² + τ̂²), funnel
  limits at 95 % and 99,8 % widened the same way;
- the recent trend (last five points) is a quasi-Poisson / quasi-binomial
  regression whose dispersion is estimated from the series, significant below
  the level in ``priority.yaml``; the priority quadrant is assigned only to a
  significant trend (:mod:`~cbresearch.analysis.priority`).

:func:`need_coverage_by_region` takes the ISTAT tables (the caller loads them,
``cbresearch.data.store.load.istat_tables()``) and returns the table.

Examples
--------
>>> table = need_coverage_by_region(istat_tables())
>>> sorted(table["region_code"].unique())[:2], "IT" in set(table["region_code"])
(['01', '02'], True)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..data.schema.regions import ITALY, REGION_NAMES, SAN_MARINO
from ..data.store.load import IstatTables
from ..errors import CbResearchError
from ..i18n import _
from . import priority
from .dispersion import Dispersion, adjusted_limits, adjusted_z, between_area_variance, compare_adjusted
from .indicators import (
    INDICATORS,
    Indicator,
    IndicatorKind,
    Polarity,
    estimates,
    indicator_counts,
    with_italy,
    within_variance,
)
from .labels import Comparison, FunnelPosition, Side, Trend, Verdict
from .stats import Z95, Z998, quasi_trend

NO_DATA = "no data: San Marino is not covered by ISTAT statistics"


def _trend(indicator: Indicator, history: pd.DataFrame, settings: dict) -> tuple[float, float, float, float, Trend]:
    """Annual change (%), F statistic, p-value, dispersion and the classification of a region's recent history."""
    if len(history) < 3:
        return np.nan, np.nan, np.nan, np.nan, Trend.TOO_SHORT
    k = history["numerator"].to_numpy(float)
    proportion = indicator.kind is IndicatorKind.PROPORTION
    exposure = history["expected" if indicator.kind is IndicatorKind.RATIO else "denominator"].to_numpy(float)
    change, statistic, p, dispersion = quasi_trend(k, exposure, proportion=proportion)
    change_pct = 100 * change
    if not p < settings["trend"]["significance_level"]:
        return change_pct, statistic, p, dispersion, Trend.STABLE
    rising = change_pct > 0
    if indicator.polarity is Polarity.NONE:
        return change_pct, statistic, p, dispersion, Trend.INCREASING if rising else Trend.DECREASING
    better = rising == (indicator.polarity is Polarity.HIGHER_IS_BETTER)
    return change_pct, statistic, p, dispersion, Trend.IMPROVING if better else Trend.WORSENING


def _polarised(comparison: str, indicator: Indicator) -> str:
    if comparison == Comparison.NOT_COMPARED:
        return Comparison.NOT_COMPARED.value
    side = Side(comparison)
    if indicator.polarity is Polarity.NONE:
        return Comparison.of(side).value
    better = (side is Side.HIGHER) == (indicator.polarity is Polarity.HIGHER_IS_BETTER)
    return Comparison.of(side, Verdict.BETTER if better else Verdict.WORSE).value


def _sizes(indicator: Indicator, rows: pd.DataFrame) -> np.ndarray:
    return rows["expected" if indicator.kind is IndicatorKind.RATIO else "denominator"].to_numpy(float)


def region_dispersion(indicator: Indicator, current: pd.DataFrame, benchmark: float) -> Dispersion:
    """φ̂ and τ̂² of the regions (Italy left out) around Italy, on the indicator's unit scale.

    Parameters
    ----------
    indicator : Indicator
    current : DataFrame
        One year's rows (``value``, ``denominator``, ``expected``) indexed by region code, Italy included.
    benchmark : float
        Italy's value, with the multiplier.

    Examples
    --------
    >>> from cbresearch.analysis.indicators import INDICATOR_BY_KEY
    >>> rows = pd.DataFrame({"value": [20.0, 30.0, 25.0], "denominator": [1e6, 1e6, 2e6],
    ...                      "expected": np.nan}, index=["01", "02", "IT"])
    >>> d = region_dispersion(INDICATOR_BY_KEY["share_65_plus"], rows, 25.0)
    >>> d.phi > 1000, round(d.tau2 * 100**2, 1)
    (True, 50.0)
    """
    regions = current.drop(index=ITALY, errors="ignore")
    target = benchmark / indicator.multiplier
    within = within_variance(indicator, target, _sizes(indicator, regions))
    return between_area_variance(regions["value"].to_numpy(float) / indicator.multiplier, within, target)


def funnel_limits(indicator: Indicator, benchmark: float, sizes, dispersion: Dispersion) -> dict[str, tuple]:
    """Funnel limits at 95 % and 99,8 % around Italy, widened by the between-region τ̂² (with the multiplier).

    Examples
    --------
    >>> from cbresearch.analysis.indicators import INDICATOR_BY_KEY
    >>> lim = funnel_limits(INDICATOR_BY_KEY["share_65_plus"], 20.0, [100], Dispersion(1.0, 0.0, 20))
    >>> [round(float(x), 2) for x in (lim["95"][0][0], lim["95"][1][0])]
    [12.16, 27.84]
    """
    target = benchmark / indicator.multiplier
    within = within_variance(indicator, target, sizes)
    limits = {}
    for name, z in (("95", Z95), ("99_8", Z998)):
        lo, hi = adjusted_limits(target, within, dispersion, z)
        lo = np.maximum(lo, 0.0)  # shares, rates and ratios are never negative: nor is a limit
        limits[name] = (lo * indicator.multiplier, hi * indicator.multiplier)
    return limits


def _funnel_position(value: float, lo95: float, hi95: float, lo998: float, hi998: float) -> str:
    if lo95 <= value <= hi95:
        return FunnelPosition.WITHIN_95.value
    return (FunnelPosition.BETWEEN if lo998 <= value <= hi998 else FunnelPosition.OUTSIDE).value


def _indicator_rows(indicator: Indicator, data: pd.DataFrame, chosen: int, settings: dict) -> list[dict]:
    """The rows of one indicator in year ``chosen``: every region and Italy."""
    current = data[data["year"] == chosen].set_index("region_code")
    benchmark = float(current.loc[ITALY, "value"])
    dispersion = region_dispersion(indicator, current, benchmark)
    sizes = _sizes(indicator, current)
    within = within_variance(indicator, benchmark / indicator.multiplier, sizes)
    z_scores, p_values = adjusted_z(current["value"] / indicator.multiplier, benchmark / indicator.multiplier,
                                    within, dispersion)  # fmt: skip
    comparison = compare_adjusted(z_scores)
    limits = funnel_limits(indicator, benchmark, sizes, dispersion)
    rows = []
    for position, (code, row) in enumerate(current.iterrows()):
        history = data[(data["region_code"] == code) & (data["year"] <= chosen)].sort_values("year")
        history = history.tail(settings["window_years"])
        change_pct, statistic, p_trend, trend_dispersion, trend = _trend(indicator, history, settings)
        is_italy = code == ITALY
        gap_pct = 0.0 if is_italy else 100 * (row["value"] / benchmark - 1)
        funnel = [limits[name][side][position] for name in ("95", "99_8") for side in (0, 1)]
        rows.append(
            {
                "region_code": code,
                "region": "Italia" if is_italy else REGION_NAMES[str(code)],
                **_identity(indicator, chosen),
                "numerator": row["numerator"],
                "denominator": row["denominator"],
                "expected": row["expected"],
                "value": row["value"],
                "lower_95": row["lower"],
                "upper_95": row["upper"],
                "italy_value": benchmark,
                "comparison_with_italy": Comparison.BENCHMARK.value
                if is_italy
                else _polarised(comparison[position], indicator),
                "funnel_lower_95": funnel[0],
                "funnel_upper_95": funnel[1],
                "funnel_lower_99_8": funnel[2],
                "funnel_upper_99_8": funnel[3],
                "funnel_position": FunnelPosition.BENCHMARK.value
                if is_italy
                else _funnel_position(row["value"], *funnel),
                "trend_years": f"{int(history['year'].min())}-{int(history['year'].max())}",
                "annual_change_pct": change_pct,
                "trend_chi2": statistic,
                "trend": str(trend),
                "gap_from_italy_pct": gap_pct,
                "quadrant": None
                if indicator.polarity is Polarity.NONE or is_italy
                else priority.quadrant(trend, gap_pct, settings),
                "status": "ok",
                "overdispersion_phi": dispersion.phi,
                "between_region_tau2": dispersion.tau2 * indicator.multiplier**2,
                "z_adjusted": np.nan if is_italy else z_scores[position],
                "p_adjusted": np.nan if is_italy else p_values[position],
                "trend_p_value": p_trend,
                "trend_dispersion": trend_dispersion,
                "interval": _interval_kind(indicator),
            }
        )
    return rows


def _interval_kind(indicator: Indicator) -> str:
    if indicator.survey.value != "none":
        return "rounding"
    return "wilson" if indicator.kind is IndicatorKind.PROPORTION else "byar"


def _identity(indicator: Indicator, year: int) -> dict:
    return {
        "indicator": indicator.key,
        "label": indicator.label,
        "unit": indicator.unit,
        "polarity": str(indicator.polarity),
        "year": int(year),
    }


def need_coverage_by_region(tables: IstatTables, year: int | None = None) -> pd.DataFrame:
    """One row per region (and Italy, and San Marino as 'no data') and indicator.

    Parameters
    ----------
    tables : IstatTables
        The cleaned ISTAT tables (``cbresearch.data.store.load.istat_tables()``).
    year : int, optional
        The year to report; each indicator uses the latest year available up
        to it (the ``year`` column says which).  Default: the latest of each.

    Returns
    -------
    DataFrame
        Value with 95 % interval (``interval`` says which kind), comparison with
        Italy, funnel position (both with the over-dispersion adjustment:
        ``overdispersion_phi``, ``between_region_tau2``, ``z_adjusted``,
        ``p_adjusted``), recent trend (``trend_chi2`` is its F statistic,
        ``trend_p_value``, ``trend_dispersion``) and the priority quadrant.

    Examples
    --------
    >>> t = need_coverage_by_region(istat_tables(), 2019)
    >>> t.query("indicator == 'share_65_plus' and region_code == 'IT'")["value"].round(1).tolist()
    [22.9]
    >>> need_coverage_by_region(istat_tables(), 1900)
    Traceback (most recent call last):
    ...
    cbresearch.errors.CbResearchError: anno 1900: le tabelle ISTAT cominciano nel 2002; atteso un anno dal 2002 al 2023
    """
    counts = estimates(with_italy(indicator_counts(tables)))
    first, last = int(counts["year"].min()), int(counts["year"].max())
    if year is not None and year < first:
        raise CbResearchError(
            _("year {year}: the ISTAT tables begin in {first}; expected a year from {first} to {last}").format(
                year=year, first=first, last=last
            )
        )
    settings = priority.thresholds()
    rows: list[dict] = []
    for indicator in INDICATORS:
        data = counts[counts["indicator"] == indicator.key]
        chosen = max((int(y) for y in data["year"].unique() if year is None or y <= year), default=None)
        if chosen is None:
            continue
        rows += _indicator_rows(indicator, data, chosen, settings)
        rows.append(
            {"region_code": SAN_MARINO, "region": "San Marino", **_identity(indicator, chosen), "status": NO_DATA}
        )
    table = pd.DataFrame(rows)
    order = {code: i for i, code in enumerate([*REGION_NAMES, ITALY, SAN_MARINO])}
    table["_order"] = table["region_code"].map(order)
    return table.sort_values(["indicator", "_order"], kind="stable").drop(columns="_order").reset_index(drop=True)


SHORT_NAMES = {
    "share_65_plus": "65+ %",
    "share_75_plus": "75+ %",
    "share_80_plus": "80+ %",
    "old_age_dependency": "dip. anziani",
    "elderly_beds_per_1000_65plus": "letti/1000 65+",
    "beds_per_1000_severe_limitations": "letti/1000 lim.gravi",
    "severe_limitations_observed_expected": "lim.gravi O/A",
}


def regions_with_data(table: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """The regions' rows of one indicator that have a value (Italy's and San Marino's left out).

    Examples
    --------
    >>> len(regions_with_data(coverage_table, "share_65_plus"))
    20
    """
    chosen = table[(table["indicator"] == indicator) & (table["status"] == "ok")]
    return chosen[chosen["region_code"] != ITALY]


def summary_table(table: pd.DataFrame) -> pd.DataFrame:
    """A compact region × indicator view of the values, for printing.

    Examples
    --------
    >>> summary_table(coverage_table).shape[0]
    22
    """
    wide = table.pivot_table(index="region", columns="indicator", values="value", sort=False, dropna=False)
    wide = wide.rename(columns=SHORT_NAMES)
    return wide[[SHORT_NAMES[i.key] for i in INDICATORS if SHORT_NAMES[i.key] in wide.columns]]
