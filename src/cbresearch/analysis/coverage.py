"""Need coverage per region: each indicator with its interval, comparison with Italy, funnel, trend, quadrant.

Methods follow Public Health England's Fingertips profiles (see
``../shared/notes``): "similar" when Italy lies inside the region's interval,
funnel limits at 95 % and 99.8 %, and a recent-trend test on the last five
points (chi-square test for trend for proportions; a log-linear Poisson
regression for rates and ratios), significant above the chi-square set in
``priority.yaml``.  The priority quadrant follows the trend shown (see
:mod:`~cbresearch.analysis.priority`).

:func:`need_coverage_by_region` computes the table; :func:`need_coverage`
returns it from the cache that ``cbresearch coverage`` (and the report batch)
write in ``data/processed`` when that cache belongs to the current data and
code, and computes it otherwise — it never writes.

Examples
--------
>>> table = need_coverage_by_region()
>>> sorted(table["region_code"].unique())[:2], "IT" in set(table["region_code"])
(['01', '02'], True)
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pandas as pd

from .. import config
from ..data.fingerprint import data_version
from ..data.regions import ITALY, REGION_NAMES, SAN_MARINO
from . import priority
from .indicators import INDICATORS, Indicator, IndicatorKind, Polarity, estimates, indicator_counts, with_italy
from .priority import Trend
from .stats import (
    Z95,
    Z998,
    chi_square_trend,
    compare_with_benchmark,
    funnel_limits_proportion,
    funnel_limits_rate,
    poisson_trend,
)

NO_DATA = "no data: San Marino is not covered by ISTAT statistics"


def _trend(indicator: Indicator, history: pd.DataFrame, settings: dict) -> tuple[float, float, Trend]:
    """Annual change (%), chi-square and the classification of a region's recent history."""
    if len(history) < 3:
        return np.nan, np.nan, Trend.TOO_SHORT
    k = history["numerator"].to_numpy(float)
    exposure = history["expected" if indicator.kind is IndicatorKind.RATIO else "denominator"].to_numpy(float)
    change, chi2, _ = poisson_trend(k, exposure)
    if indicator.kind is IndicatorKind.PROPORTION:
        chi2, _direction = chi_square_trend(k, history["denominator"].to_numpy(float))
    change_pct = 100 * change
    if chi2 <= settings["trend"]["significant_chi_square"]:
        return change_pct, chi2, Trend.STABLE
    rising = change_pct > 0
    if indicator.polarity is Polarity.NONE:
        return change_pct, chi2, Trend.INCREASING if rising else Trend.DECREASING
    better = rising == (indicator.polarity is Polarity.HIGHER_IS_BETTER)
    return change_pct, chi2, Trend.IMPROVING if better else Trend.WORSENING


def _polarised(comparison: str, indicator: Indicator) -> str:
    if indicator.polarity is Polarity.NONE or comparison in ("similar", "not compared"):
        return comparison
    better = (comparison == "higher") == (indicator.polarity is Polarity.HIGHER_IS_BETTER)
    return f"{comparison} ({'better' if better else 'worse'})"


def _funnel_limits(indicator: Indicator, current: pd.DataFrame, benchmark: float) -> dict[str, tuple]:
    limit = funnel_limits_proportion if indicator.kind is IndicatorKind.PROPORTION else funnel_limits_rate
    sizes = current["expected" if indicator.kind is IndicatorKind.RATIO else "denominator"].to_numpy(float)
    limits = {}
    for name, z in (("95", Z95), ("99_8", Z998)):
        lo, hi = limit(benchmark / indicator.multiplier, sizes, z)
        limits[name] = (lo * indicator.multiplier, hi * indicator.multiplier)
    return limits


def _funnel_position(value: float, lo95: float, hi95: float, lo998: float, hi998: float) -> str:
    if lo95 <= value <= hi95:
        return "within 95%"
    return "between 95% and 99.8%" if lo998 <= value <= hi998 else "outside 99.8%"


def _indicator_rows(indicator: Indicator, data: pd.DataFrame, chosen: int, settings: dict) -> list[dict]:
    """The rows of one indicator in year ``chosen``: every region and Italy."""
    current = data[data["year"] == chosen].set_index("region_code")
    benchmark = float(current.loc[ITALY, "value"])
    comparison = compare_with_benchmark(current["lower"], current["upper"], benchmark)
    limits = _funnel_limits(indicator, current, benchmark)
    rows = []
    for position, (code, row) in enumerate(current.iterrows()):
        history = data[(data["region_code"] == code) & (data["year"] <= chosen)].sort_values("year")
        history = history.tail(settings["window_years"])
        change_pct, chi2, trend = _trend(indicator, history, settings)
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
                "comparison_with_italy": "benchmark" if is_italy else _polarised(comparison[position], indicator),
                "funnel_lower_95": funnel[0],
                "funnel_upper_95": funnel[1],
                "funnel_lower_99_8": funnel[2],
                "funnel_upper_99_8": funnel[3],
                "funnel_position": "benchmark" if is_italy else _funnel_position(row["value"], *funnel),
                "trend_years": f"{int(history['year'].min())}-{int(history['year'].max())}",
                "annual_change_pct": change_pct,
                "trend_chi2": chi2,
                "trend": str(trend),
                "gap_from_italy_pct": gap_pct,
                "quadrant": None
                if indicator.polarity is Polarity.NONE or is_italy
                else priority.quadrant(trend, gap_pct, settings),
                "status": "ok",
            }
        )
    return rows


def _identity(indicator: Indicator, year: int) -> dict:
    return {
        "indicator": indicator.key,
        "label": indicator.label,
        "unit": indicator.unit,
        "polarity": str(indicator.polarity),
        "year": int(year),
    }


def need_coverage_by_region(year: int | None = None) -> pd.DataFrame:
    """One row per region (and Italy, and San Marino as 'no data') and indicator.

    Parameters
    ----------
    year : int, optional
        The year to report; each indicator uses the latest year available up
        to it (the ``year`` column says which).  Default: the latest of each.

    Returns
    -------
    DataFrame
        Value with 95 % interval, comparison with Italy, funnel position,
        recent trend and the priority quadrant.

    Examples
    --------
    >>> t = need_coverage_by_region(2019)
    >>> t.query("indicator == 'share_65_plus' and region_code == 'IT'")["value"].round(1).tolist()
    [22.9]
    """
    counts = estimates(with_italy(indicator_counts()))
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
    >>> len(regions_with_data(need_coverage_by_region(), "share_65_plus"))
    20
    """
    chosen = table[(table["indicator"] == indicator) & (table["status"] == "ok")]
    return chosen[chosen["region_code"] != ITALY]


def summary_table(table: pd.DataFrame) -> pd.DataFrame:
    """A compact region × indicator view of the values, for printing.

    Examples
    --------
    >>> summary_table(need_coverage_by_region()).shape[0]
    22
    """
    wide = table.pivot_table(index="region", columns="indicator", values="value", sort=False, dropna=False)
    wide = wide.rename(columns=SHORT_NAMES)
    return wide[[SHORT_NAMES[i.key] for i in INDICATORS if SHORT_NAMES[i.key] in wide.columns]]


# --- the cache that commands write (this module only reads it) ----------------------------------

#: the code whose changes change the table (besides the data): the cache is keyed on it
_CODE_FILES = (
    "analysis/coverage.py",
    "analysis/indicators.py",
    "analysis/stats.py",
    "analysis/priority.py",
    "analysis/priority.yaml",
    "sources/standards.py",
)


def cache_path(year: int | None, processed_dir: Path | None = None) -> Path:
    """Where the cached table of ``year`` lives (its key next to it, with suffix ``.key``).

    Examples
    --------
    >>> cache_path(None).name, cache_path(2019).name
    ('need_coverage_latest.parquet', 'need_coverage_2019.parquet')
    """
    name = f"need_coverage_{'latest' if year is None else year}.parquet"
    return Path(processed_dir or config.PROCESSED_DIR) / name


def cache_key(year: int | None) -> str:
    """What the cached table was computed from: the data version, the package and its code, the year.

    Examples
    --------
    >>> cache_key(None) == cache_key(None), cache_key(None) == cache_key(2019)
    (True, False)
    """
    digest = hashlib.sha256(f"{data_version()}|{config.PACKAGE_VERSION}|{year}".encode())
    for name in _CODE_FILES:
        digest.update((config.PACKAGE_DIR / name).read_bytes())
    return digest.hexdigest()


def need_coverage(year: int | None = None) -> pd.DataFrame:
    """:func:`need_coverage_by_region`, read from the commands' cache when it is current (never written here).

    Examples
    --------
    >>> need_coverage().equals(need_coverage_by_region())
    True
    """
    path = cache_path(year)
    key_path = path.with_suffix(".key")
    if path.exists() and key_path.exists() and key_path.read_text(encoding="utf-8") == cache_key(year):
        return pd.read_parquet(path)
    return need_coverage_by_region(year)
