"""The need-coverage indicators: what each one counts, and its value with a 95 % interval.

Every indicator is built from counts (numerator and denominator, plus an
expected count for standardised ratios), read from the validated ISTAT tables
that ``cbresearch clean`` writes (``cb.load("population")`` …), so the same
code computes Italy (sum of regions), intervals and trends.  Proportions get
Wilson intervals, rates and observed/expected ratios Byar's (exact Poisson
below 10 events).

Examples
--------
>>> counts = indicator_counts()
>>> int(counts.query("indicator == 'share_65_plus' and year == 2017")["numerator"].sum())
13461945
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import pandas as pd

from ..data.load import load
from ..data.regions import ITALY
from ..sources import standards
from .stats import poisson_count_interval, wilson_interval


class IndicatorKind(StrEnum):
    """How an indicator's value and interval are computed."""

    PROPORTION = "proportion"  # numerator / denominator, Wilson interval
    RATE = "rate"  # events per unit of denominator, Byar interval on the events
    RATIO = "ratio"  # observed / expected (indirect standardisation), Byar interval


class Polarity(StrEnum):
    """Which direction is better, for comparisons and trends."""

    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"
    NONE = "none"


@dataclass(frozen=True)
class Indicator:
    """How an indicator is computed and read."""

    key: str
    label: str
    kind: IndicatorKind
    multiplier: float
    unit: str
    polarity: Polarity
    source: str
    decimals: int = 1  # decimal places when the value is published
    short: str = ""  # a column heading


_POPULATION = "ISTAT popolazione"
INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "share_65_plus",
        "Quota di popolazione 65+",
        IndicatorKind.PROPORTION,
        100,
        "%",
        Polarity.NONE,
        _POPULATION,
        2,
        "Quota 65+ (%)",
    ),
    Indicator(
        "share_75_plus",
        "Quota di popolazione 75+",
        IndicatorKind.PROPORTION,
        100,
        "%",
        Polarity.NONE,
        _POPULATION,
        2,
        "Quota 75+ (%)",
    ),
    Indicator(
        "share_80_plus",
        "Quota di popolazione 80+",
        IndicatorKind.PROPORTION,
        100,
        "%",
        Polarity.NONE,
        _POPULATION,
        2,
        "Quota 80+ (%)",
    ),
    Indicator(
        "old_age_dependency",
        "Indice di dipendenza degli anziani (65+ per 100 persone 15-64)",
        IndicatorKind.RATE,
        100,
        "per 100",
        Polarity.NONE,
        _POPULATION,
        short="Dipendenza degli anziani (per 100)",
    ),
    Indicator(
        "elderly_beds_per_1000_65plus",
        "Posti letto residenziali per anziani per 1.000 residenti 65+",
        IndicatorKind.RATE,
        1000,
        "per 1.000",
        Polarity.HIGHER_IS_BETTER,
        "ISTAT presidi residenziali; ISTAT popolazione",
        short="Posti letto per anziani (per 1.000 residenti 65+)",
    ),
    Indicator(
        "beds_per_1000_severe_limitations",
        "Posti letto residenziali (anziani e disabili) per 1.000 persone con limitazioni gravi",
        IndicatorKind.RATE,
        1000,
        "per 1.000",
        Polarity.HIGHER_IS_BETTER,
        "ISTAT presidi residenziali; ISTAT Disabilità in cifre",
        short="Posti letto (per 1.000 persone con limitazioni gravi)",
    ),
    Indicator(
        "severe_limitations_observed_expected",
        "Persone con limitazioni gravi: osservate / attese (standardizzazione indiretta per età)",
        IndicatorKind.RATIO,
        1,
        "rapporto O/A",
        Polarity.LOWER_IS_BETTER,
        "ISTAT Disabilità in cifre; ISTAT popolazione",
        3,
        "Limitazioni gravi (osservate / attese)",
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


def istat_table(name: str) -> pd.DataFrame:
    """A validated ISTAT table with plain dtypes for arithmetic: codes as text, counts as numbers.

    Examples
    --------
    >>> istat_table("population")[["region_code", "year", "population"]].dtypes.astype(str).tolist()
    ['object', 'int64', 'int64']
    """
    frame = load(name).drop(columns=["istat_code", "source_file", "source_row"], errors="ignore")
    frame["region_code"] = frame["region_code"].astype(str).astype(object)
    for column in frame.columns.drop(["region_code", "region"]):
        integer = pd.api.types.is_integer_dtype(frame[column])
        frame[column] = frame[column].astype("int64" if integer else "float64")
    return frame


def indicator_counts() -> pd.DataFrame:
    """Numerator, denominator (and expected count) of every indicator, by region and year.

    Returns
    -------
    DataFrame
        Columns ``indicator``, ``region_code``, ``year``, ``numerator``,
        ``denominator``, ``expected`` (only for observed/expected ratios).

    Examples
    --------
    >>> counts = indicator_counts()
    >>> sorted(counts["indicator"].unique())[:2]
    ['beds_per_1000_severe_limitations', 'elderly_beds_per_1000_65plus']
    """
    population, beds, limitations = (istat_table(n) for n in ("population", "residential_beds", "severe_limitations"))
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


def _proportion(rows: pd.DataFrame):
    k, n = rows["numerator"].to_numpy(float), rows["denominator"].to_numpy(float)
    lo, hi = wilson_interval(k, n)
    return k / n, lo, hi


def _per_unit(exposure: str) -> Callable[[pd.DataFrame], tuple]:
    def estimate(rows: pd.DataFrame):
        k, e = rows["numerator"].to_numpy(float), rows[exposure].to_numpy(float)
        lo, hi = poisson_count_interval(k)
        return k / e, lo / e, hi / e

    return estimate


#: value, lower and upper limit (before the multiplier) of each kind of indicator
ESTIMATORS: dict[IndicatorKind, Callable[[pd.DataFrame], tuple]] = {
    IndicatorKind.PROPORTION: _proportion,
    IndicatorKind.RATE: _per_unit("denominator"),
    IndicatorKind.RATIO: _per_unit("expected"),
}


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
        indicator = INDICATOR_BY_KEY[str(key)]
        value, lo, hi = ESTIMATORS[indicator.kind](rows)
        out.loc[rows.index, "value"] = value * indicator.multiplier
        out.loc[rows.index, "lower"] = lo * indicator.multiplier
        out.loc[rows.index, "upper"] = hi * indicator.multiplier
    return out
