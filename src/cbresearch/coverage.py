"""Need-coverage indicators per region, with intervals, benchmark, funnel limits and trend.

Every indicator is built from counts (numerator and denominator, plus an
expected count for standardised ratios), so the same code computes Italy
(sum of regions), intervals and trends.  Methods follow Public Health
England's Fingertips profiles (see ``../shared/notes``): Wilson intervals for
proportions, Byar's method (exact Poisson below 10) for rates and
standardised ratios, "similar" when Italy lies inside the region's interval,
funnel limits at 95 % and 99.8 %, and a recent-trend test on the last five
points (chi-square test for trend for proportions; a log-linear Poisson
regression for rates and ratios), significant at chi-square > 9.55.

Examples
--------
>>> table = need_coverage_by_region()
>>> sorted(table["region_code"].unique())[:2], "IT" in set(table["region_code"])
(['01', '02'], True)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import demography, priority, standards
from .stats import (
    Z95,
    Z998,
    chi_square_trend,
    compare_with_benchmark,
    funnel_limits_proportion,
    funnel_limits_rate,
    poisson_count_interval,
    poisson_trend,
    wilson_interval,
)
from .vocab import ITALY, REGION_NAMES, SAN_MARINO

SIGNIFICANT_TREND_CHI2 = 9.55  # 99.8 %, 1 df


@dataclass(frozen=True)
class Indicator:
    """How an indicator is computed and read."""

    key: str
    label: str
    kind: str  # "proportion", "rate" or "ratio" (observed / expected)
    multiplier: float
    unit: str
    polarity: str  # "higher_is_better", "lower_is_better" or "none"
    source: str


INDICATORS: tuple[Indicator, ...] = (
    Indicator("share_65_plus", "Quota di popolazione 65+", "proportion", 100, "%", "none", "ISTAT popolazione"),
    Indicator("share_75_plus", "Quota di popolazione 75+", "proportion", 100, "%", "none", "ISTAT popolazione"),
    Indicator("share_80_plus", "Quota di popolazione 80+", "proportion", 100, "%", "none", "ISTAT popolazione"),
    Indicator(
        "old_age_dependency",
        "Indice di dipendenza degli anziani (65+ per 100 persone 15-64)",
        "rate",
        100,
        "per 100",
        "none",
        "ISTAT popolazione",
    ),
    Indicator(
        "elderly_beds_per_1000_65plus",
        "Posti letto residenziali per anziani per 1.000 residenti 65+",
        "rate",
        1000,
        "per 1.000",
        "higher_is_better",
        "ISTAT presidi residenziali; ISTAT popolazione",
    ),
    Indicator(
        "beds_per_1000_severe_limitations",
        "Posti letto residenziali (anziani e disabili) per 1.000 persone con limitazioni gravi",
        "rate",
        1000,
        "per 1.000",
        "higher_is_better",
        "ISTAT presidi residenziali; ISTAT Disabilità in cifre",
    ),
    Indicator(
        "severe_limitations_observed_expected",
        "Persone con limitazioni gravi: osservate / attese (standardizzazione indiretta per età)",
        "ratio",
        1,
        "rapporto O/A",
        "lower_is_better",
        "ISTAT Disabilità in cifre; ISTAT popolazione",
    ),
)
INDICATOR_BY_KEY = {i.key: i for i in INDICATORS}


def indirect_standardisation(observed, population_by_band: pd.DataFrame, reference_rates: dict) -> pd.DataFrame:
    """Expected counts and observed/expected ratios by indirect standardisation.

    Parameters
    ----------
    observed : array-like
        Observed counts, one per area (row of ``population_by_band``).
    population_by_band : DataFrame
        Population of each area (rows) in each age band (columns).
    reference_rates : dict
        Band -> reference (e.g. national) rate.

    Returns
    -------
    DataFrame
        ``observed``, ``expected`` and ``ratio``.

    Examples
    --------
    >>> pop = pd.DataFrame({"young": [1000, 3000], "old": [1000, 100]})
    >>> indirect_standardisation([60, 40], pop, {"young": 0.01, "old": 0.05}).round(3)
       observed  expected  ratio
    0        60      60.0  1.000
    1        40      35.0  1.143
    """
    rates = pd.Series(reference_rates)
    expected = (population_by_band[rates.index] * rates).sum(axis=1)
    observed = pd.Series(np.asarray(observed), index=population_by_band.index)
    return pd.DataFrame({"observed": observed, "expected": expected, "ratio": observed / expected})


def _bands_for_limitations(population: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "0-44": population["population"] - population["age_45_plus"],
            "45-64": population["age_45_plus"] - population["age_65_plus"],
            "65-74": population["age_65_plus"] - population["age_75_plus"],
            "75+": population["age_75_plus"],
        },
        index=population.index,
    )


def indicator_counts(raw_dir=None) -> pd.DataFrame:
    """Numerator, denominator (and expected count) of every indicator, by region and year.

    Returns
    -------
    DataFrame
        Columns ``indicator``, ``region_code``, ``year``, ``numerator``,
        ``denominator``, ``expected`` (only for observed/expected ratios).

    Examples
    --------
    >>> counts = indicator_counts()
    >>> counts.query("indicator == 'share_65_plus' and year == 2017")["numerator"].sum()
    np.int64(13461945)
    """
    population = demography.load_population(raw_dir)
    beds = demography.load_residential_beds(raw_dir)
    limitations = demography.load_severe_limitations(raw_dir)
    parts = []

    def add(key: str, frame: pd.DataFrame, numerator, denominator, expected=None) -> None:
        parts.append(
            pd.DataFrame(
                {
                    "indicator": key,
                    "region_code": frame["region_code"],
                    "year": frame["year"],
                    "numerator": numerator,
                    "denominator": denominator,
                    "expected": np.nan if expected is None else expected,
                }
            )
        )

    for band in ("65", "75", "80"):
        add(f"share_{band}_plus", population, population[f"age_{band}_plus"], population["population"])
    add("old_age_dependency", population, population["age_65_plus"], population["age_15_64"])
    with_beds = beds.merge(population, on=["region_code", "year"], suffixes=("", "_pop"))
    add("elderly_beds_per_1000_65plus", with_beds, with_beds["beds_elderly"], with_beds["age_65_plus"])
    beds_limits = beds.merge(limitations, on=["region_code", "year"], suffixes=("", "_lim"))
    add(
        "beds_per_1000_severe_limitations",
        beds_limits,
        beds_limits["beds_elderly"] + beds_limits["beds_disabled"],
        beds_limits["severe_persons"],
    )
    standardisable = limitations[limitations["year"].isin(standards.SEVERE_LIMITATIONS_BY_AGE)]
    merged = standardisable.merge(population, on=["region_code", "year"], suffixes=("", "_pop"))
    expected = pd.Series(np.nan, index=merged.index)
    for year, rows in merged.groupby("year"):
        rates = standards.national_severe_limitation_rates(int(year))
        expected.loc[rows.index] = indirect_standardisation(
            rows["severe_persons"], _bands_for_limitations(rows), rates
        )["expected"]
    add("severe_limitations_observed_expected", merged, merged["severe_persons"], merged["population"], expected)
    return pd.concat(parts, ignore_index=True)


def with_italy(counts: pd.DataFrame) -> pd.DataFrame:
    """Append Italy (code ``IT``) as the sum of the regions' counts.

    Examples
    --------
    >>> c = with_italy(indicator_counts())
    >>> int(c.query("indicator == 'share_65_plus' and year == 2019 and region_code == 'IT'")["numerator"].iloc[0])
    13693215
    """
    italy = counts.groupby(["indicator", "year"], as_index=False)[["numerator", "denominator", "expected"]].sum(
        min_count=1
    )
    italy["region_code"] = ITALY
    return pd.concat([counts, italy[counts.columns]], ignore_index=True)


def estimates(counts: pd.DataFrame) -> pd.DataFrame:
    """Add value and 95 % interval to every row of ``counts`` (one indicator kind at a time).

    Examples
    --------
    >>> row = estimates(pd.DataFrame({"indicator": ["share_65_plus"], "region_code": ["08"], "year": [2023],
    ...                               "numerator": [50], "denominator": [200], "expected": [np.nan]}))
    >>> round(float(row["value"].iloc[0]), 1), round(float(row["lower"].iloc[0]), 2)
    (25.0, 19.51)
    """
    out = counts.copy()
    out["value"] = np.nan
    out["lower"] = np.nan
    out["upper"] = np.nan
    for key, rows in out.groupby("indicator"):
        indicator = INDICATOR_BY_KEY[key]
        k, n = rows["numerator"].to_numpy(float), rows["denominator"].to_numpy(float)
        if indicator.kind == "proportion":
            lo, hi = wilson_interval(k, n)
            value = k / n
        elif indicator.kind == "rate":
            lo, hi = poisson_count_interval(k)
            lo, hi, value = lo / n, hi / n, k / n
        else:
            e = rows["expected"].to_numpy(float)
            lo, hi = poisson_count_interval(k)
            lo, hi, value = lo / e, hi / e, k / e
        out.loc[rows.index, "value"] = value * indicator.multiplier
        out.loc[rows.index, "lower"] = lo * indicator.multiplier
        out.loc[rows.index, "upper"] = hi * indicator.multiplier
    return out


def _trend(indicator: Indicator, history: pd.DataFrame) -> tuple[float, float, str]:
    """Annual change (%), chi-square and the classification of a region's recent history."""
    if len(history) < 3:
        return np.nan, np.nan, "not enough years"
    k = history["numerator"].to_numpy(float)
    exposure = (
        history["expected"].to_numpy(float) if indicator.kind == "ratio" else history["denominator"].to_numpy(float)
    )
    change, chi2, _ = poisson_trend(k, exposure)
    if indicator.kind == "proportion":
        chi2, _direction = chi_square_trend(k, history["denominator"].to_numpy(float))
    change_pct = 100 * change
    if chi2 <= SIGNIFICANT_TREND_CHI2:
        return change_pct, chi2, "stable"
    rising = change_pct > 0
    if indicator.polarity == "none":
        return change_pct, chi2, "increasing" if rising else "decreasing"
    better = rising == (indicator.polarity == "higher_is_better")
    return change_pct, chi2, "improving" if better else "worsening"


def need_coverage_by_region(year: int | None = None, raw_dir=None) -> pd.DataFrame:
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
    counts = estimates(with_italy(indicator_counts(raw_dir)))
    settings = priority.thresholds()
    window = settings["window_years"]
    rows = []
    for indicator in INDICATORS:
        data = counts[counts["indicator"] == indicator.key]
        years = sorted(data["year"].unique())
        chosen = max((y for y in years if year is None or y <= year), default=None)
        if chosen is None:
            continue
        current = data[data["year"] == chosen].set_index("region_code")
        italy = current.loc[ITALY]
        benchmark = float(italy["value"])
        comparison = compare_with_benchmark(current["lower"], current["upper"], benchmark)
        pooled = benchmark / indicator.multiplier
        denominators = current["expected"] if indicator.kind == "ratio" else current["denominator"]
        limits = {}
        for name, z in (("95", Z95), ("99_8", Z998)):
            limit = funnel_limits_proportion if indicator.kind == "proportion" else funnel_limits_rate
            lo, hi = limit(pooled, denominators.to_numpy(float), z)
            limits[name] = (lo * indicator.multiplier, hi * indicator.multiplier)
        for position, (code, row) in enumerate(current.iterrows()):
            history = data[(data["region_code"] == code) & (data["year"] <= chosen)].sort_values("year").tail(window)
            change_pct, chi2, trend = _trend(indicator, history)
            gap_pct = 100 * (row["value"] / benchmark - 1)
            signed_change = change_pct if indicator.polarity != "lower_is_better" else -change_pct
            lo95, hi95 = limits["95"][0][position], limits["95"][1][position]
            lo998, hi998 = limits["99_8"][0][position], limits["99_8"][1][position]
            inside = (
                "within 95%"
                if lo95 <= row["value"] <= hi95
                else ("between 95% and 99.8%" if lo998 <= row["value"] <= hi998 else "outside 99.8%")
            )
            rows.append(
                {
                    "region_code": code,
                    "region": "Italia" if code == ITALY else REGION_NAMES[code],
                    "indicator": indicator.key,
                    "label": indicator.label,
                    "unit": indicator.unit,
                    "polarity": indicator.polarity,
                    "year": int(chosen),
                    "numerator": row["numerator"],
                    "denominator": row["denominator"],
                    "expected": row["expected"],
                    "value": row["value"],
                    "lower_95": row["lower"],
                    "upper_95": row["upper"],
                    "italy_value": benchmark,
                    "comparison_with_italy": "benchmark"
                    if code == ITALY
                    else _polarised(comparison[position], indicator),
                    "funnel_lower_95": lo95,
                    "funnel_upper_95": hi95,
                    "funnel_lower_99_8": lo998,
                    "funnel_upper_99_8": hi998,
                    "funnel_position": "benchmark" if code == ITALY else inside,
                    "trend_years": f"{int(history['year'].min())}-{int(history['year'].max())}",
                    "annual_change_pct": change_pct,
                    "trend_chi2": chi2,
                    "trend": trend,
                    "gap_from_italy_pct": 0.0 if code == ITALY else gap_pct,
                    "quadrant": None
                    if indicator.polarity == "none" or code == ITALY
                    else priority.quadrant(signed_change, gap_pct, settings),
                    "status": "ok",
                }
            )
        rows.append(
            {
                "region_code": SAN_MARINO,
                "region": "San Marino",
                "indicator": indicator.key,
                "label": indicator.label,
                "unit": indicator.unit,
                "polarity": indicator.polarity,
                "year": int(chosen),
                "status": "no data: San Marino is not covered by ISTAT statistics",
            }
        )
    table = pd.DataFrame(rows)
    order = {code: i for i, code in enumerate([*REGION_NAMES, ITALY, SAN_MARINO])}
    table["_order"] = table["region_code"].map(order)
    return table.sort_values(["indicator", "_order"], kind="stable").drop(columns="_order").reset_index(drop=True)


def _polarised(comparison: str, indicator: Indicator) -> str:
    if indicator.polarity == "none" or comparison in ("similar", "not compared"):
        return comparison
    better = (comparison == "higher") == (indicator.polarity == "higher_is_better")
    return f"{comparison} ({'better' if better else 'worse'})"


def summary_table(table: pd.DataFrame) -> pd.DataFrame:
    """A compact region × indicator view of the values, for printing.

    Examples
    --------
    >>> summary_table(need_coverage_by_region()).shape[0]
    22
    """
    wide = table.pivot_table(index="region", columns="indicator", values="value", sort=False, dropna=False)
    short = {
        "share_65_plus": "65+ %",
        "share_75_plus": "75+ %",
        "share_80_plus": "80+ %",
        "old_age_dependency": "dip. anziani",
        "elderly_beds_per_1000_65plus": "letti/1000 65+",
        "beds_per_1000_severe_limitations": "letti/1000 lim.gravi",
        "severe_limitations_observed_expected": "lim.gravi O/A",
    }
    return wide.rename(columns=short)[[short[i.key] for i in INDICATORS if short[i.key] in wide.rename(columns=short)]]


def _cache_key(year: int | None) -> str:
    import hashlib

    from . import __version__, config

    digest = hashlib.sha256(f"{__version__}|{year}".encode())
    for path in [*sorted(config.ISTAT_RAW_DIR.glob("*.csv")), config.PACKAGE_DIR / "priority.yaml"]:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def cached_need_coverage(year: int | None = None) -> pd.DataFrame:
    """:func:`need_coverage_by_region`, computed once and kept in ``data/processed``.

    The cache is keyed on the ISTAT tables, the quadrant thresholds, the
    package version and ``year``; a report batch computes it once before the
    regions run instead of once per region.

    Examples
    --------
    >>> cached_need_coverage().equals(cached_need_coverage())
    True
    """
    from . import config
    from .rawio import atomic_write_bytes

    key = _cache_key(year)
    path = config.PROCESSED_DIR / f"need_coverage_{'latest' if year is None else year}.parquet"
    key_path = path.with_suffix(".key")
    if path.exists() and key_path.exists() and key_path.read_text() == key:
        return pd.read_parquet(path)
    table = need_coverage_by_region(year)
    path.parent.mkdir(parents=True, exist_ok=True)
    import io

    buffer = io.BytesIO()
    table.to_parquet(buffer, index=False)
    atomic_write_bytes(path, buffer.getvalue())
    atomic_write_bytes(key_path, key.encode())
    return table
