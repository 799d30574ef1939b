"""The need-coverage indicators: what each one counts, and its value with a 95 % interval.

Every indicator is built from counts (numerator and denominator, plus an
expected count for standardised ratios), taken from the validated ISTAT tables
that ``cbresearch clean`` writes and that the caller loads and passes in
(``cb.load("population")`` …), so the same code computes Italy (sum of
regions), intervals and trends.

What is random, and so what an interval covers (``docs/methods.md``):

- registry counts (population shares, dependency) are complete counts: their
  Wilson or Byar interval is the Fingertips convention of one realisation of
  an underlying process, stated as such in every report;
- residential beds are a stock counted on 31 December: they are divided by
  the residents of 1 January of the *following* year, as ISTAT's own rates;
- persons with severe limitations are a *survey estimate* published in
  thousands: never a Poisson count.  The interval of an indicator built on it
  is the one implied by the rounding of the published figure (±0,5 thousand),
  with the Byar interval of the beds where beds are the numerator; ISTAT's
  sampling-error model could not be obtained here, so this interval is a lower
  bound of the uncertainty (``docs/methods.md``);
- the observed/expected ratio uses the national age profile of the survey
  (``sources.standards``) calibrated on the same regional estimates, so that
  Italy's ratio is 1 in every year.

Examples
--------
>>> counts = indicator_counts(istat_tables())
>>> int(counts.query("indicator == 'share_65_plus' and year == 2017")["numerator"].sum())
13461945
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import pandas as pd

from ..data.schema.regions import ITALY
from ..data.store.load import IstatTables
from ..sources import standards
from .stats import poisson_count_interval, wilson_interval


class IndicatorKind(StrEnum):
    """How an indicator's value and interval are computed."""

    PROPORTION = "proportion"  # numerator / denominator, Wilson interval
    RATE = "rate"  # events per unit of denominator, Byar interval on the events
    RATIO = "ratio"  # observed / expected (indirect standardisation), Byar interval


class SurveyPart(StrEnum):
    """Which count of an indicator is a survey estimate published in thousands (not a count)."""

    NONE = "none"
    NUMERATOR = "numerator"
    DENOMINATOR = "denominator"


#: a survey estimate published in thousands stands for ±500 persons; a uniform error over that range
#: has variance 1000² / 12 (persons²)
ROUNDING_HALF_WIDTH = 500.0
ROUNDING_VARIANCE = (2 * ROUNDING_HALF_WIDTH) ** 2 / 12


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
    survey: SurveyPart = SurveyPart.NONE  # which count is a survey estimate
    registry: bool = False  # complete registry counts: the interval is a stated convention


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
        registry=True,
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
        registry=True,
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
        registry=True,
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
        registry=True,
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
        survey=SurveyPart.DENOMINATOR,
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
        survey=SurveyPart.NUMERATOR,
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


def _following_year_population(population: pd.DataFrame) -> pd.DataFrame:
    """The population table keyed on the year *before* its 1 January: the denominator of a 31 December stock."""
    shifted = population.copy()
    shifted["year"] = shifted["year"] - 1
    return shifted


def _expected_limitations(merged: pd.DataFrame) -> pd.Series:
    """Expected persons with severe limitations, Italy's total calibrated to its observed total every year.

    The age profile is the national one of the survey (:mod:`~cbresearch.sources.standards`); its level is
    set so that the sum of the regions' expected equals the sum of their (published) estimates: standard
    rates and population from one source, hence an observed/expected ratio of exactly 1 for Italy.
    """
    expected = pd.Series(np.nan, index=merged.index)
    for year, rows in merged.groupby("year"):
        rates = standards.national_severe_limitation_rates(int(year))
        raw = indirect_standardisation(rows["severe_persons"], _bands_for_limitations(rows), rates)["expected"]
        expected.loc[rows.index] = raw * rows["severe_persons"].sum() / raw.sum()
    return expected


def indicator_counts(tables: IstatTables) -> pd.DataFrame:
    """Numerator, denominator (and expected count) of every indicator, by region and year.

    Parameters
    ----------
    tables : IstatTables
        Population, residential beds and severe limitations, as cleaned.

    Returns
    -------
    DataFrame
        Columns ``indicator``, ``region_code``, ``year``, ``numerator``,
        ``denominator``, ``expected`` (only for observed/expected ratios).
        Beds of year Y (31 December) are over the residents of 1 January Y+1.

    Examples
    --------
    >>> counts = indicator_counts(istat_tables())
    >>> sorted(counts["indicator"].unique())[:2]
    ['beds_per_1000_severe_limitations', 'elderly_beds_per_1000_65plus']
    """
    population, beds, limitations = tables
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
    with_beds = beds.merge(_following_year_population(population), on=["region_code", "year"], suffixes=("", "_pop"))
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
    add(
        "severe_limitations_observed_expected",
        merged,
        merged["severe_persons"],
        merged["population"],
        _expected_limitations(merged),
    )
    return pd.concat(parts, ignore_index=True)


def with_italy(counts: pd.DataFrame) -> pd.DataFrame:
    """Append Italy (code ``IT``) as the sum of the regions' counts.

    Examples
    --------
    >>> c = with_italy(indicator_counts(istat_tables()))
    >>> int(c.query("indicator == 'share_65_plus' and year == 2019 and region_code == 'IT'")["numerator"].iloc[0])
    13693215
    """
    italy = counts.groupby(["indicator", "year"], as_index=False)[["numerator", "denominator", "expected"]].sum(
        min_count=1
    )
    italy["region_code"] = ITALY
    return pd.concat([counts, italy[counts.columns]], ignore_index=True)


def _proportion(rows: pd.DataFrame, indicator: Indicator):
    k, n = rows["numerator"].to_numpy(float), rows["denominator"].to_numpy(float)
    lo, hi = wilson_interval(k, n)
    return k / n, lo, hi


def _per_unit(rows: pd.DataFrame, indicator: Indicator):
    """Events per unit of exposure; a survey estimate contributes the rounding of its published figure.

    A count (beds, population) gets Byar's interval; a survey estimate published in thousands is never a
    count: it stands for every value within ±500 persons, and the interval holds all of them.
    """
    k = rows["numerator"].to_numpy(float)
    exposure = rows["expected" if indicator.kind is IndicatorKind.RATIO else "denominator"].to_numpy(float)
    if indicator.survey is SurveyPart.NUMERATOR:  # observed/expected of a survey estimate
        return k / exposure, (k - ROUNDING_HALF_WIDTH) / exposure, (k + ROUNDING_HALF_WIDTH) / exposure
    lo, hi = poisson_count_interval(k)
    if indicator.survey is SurveyPart.DENOMINATOR:
        return k / exposure, lo / (exposure + ROUNDING_HALF_WIDTH), hi / (exposure - ROUNDING_HALF_WIDTH)
    return k / exposure, lo / exposure, hi / exposure


def rounding_interval(rows: pd.DataFrame, indicator: Indicator) -> tuple[np.ndarray, np.ndarray]:
    """The interval of values an indicator can take from the rounding of its survey estimate alone.

    Examples
    --------
    >>> rows = pd.DataFrame({"numerator": [1000.0], "denominator": [6000.0], "expected": [np.nan]})
    >>> lo, hi = rounding_interval(rows, INDICATOR_BY_KEY["beds_per_1000_severe_limitations"])
    >>> round(float(lo[0]) * 1000, 2), round(float(hi[0]) * 1000, 2)
    (153.85, 181.82)
    """
    k = rows["numerator"].to_numpy(float)
    if indicator.survey is SurveyPart.NUMERATOR:
        e = rows["expected"].to_numpy(float)
        return (k - ROUNDING_HALF_WIDTH) / e, (k + ROUNDING_HALF_WIDTH) / e
    if indicator.survey is SurveyPart.DENOMINATOR:
        d = rows["denominator"].to_numpy(float)
        return k / (d + ROUNDING_HALF_WIDTH), k / (d - ROUNDING_HALF_WIDTH)
    raise ValueError(f"{indicator.key} has no survey estimate; expected one of {SURVEY_INDICATORS}")


#: value, lower and upper limit (before the multiplier) of each kind of indicator
ESTIMATORS: dict[IndicatorKind, Callable[[pd.DataFrame, Indicator], tuple]] = {
    IndicatorKind.PROPORTION: _proportion,
    IndicatorKind.RATE: _per_unit,
    IndicatorKind.RATIO: _per_unit,
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
        value, lo, hi = ESTIMATORS[indicator.kind](rows, indicator)
        out.loc[rows.index, "value"] = value * indicator.multiplier
        out.loc[rows.index, "lower"] = lo * indicator.multiplier
        out.loc[rows.index, "upper"] = hi * indicator.multiplier
    return out


def within_variance(indicator: Indicator, target: float, sizes) -> np.ndarray:
    """Variance of a region's value (unit scale) around ``target`` that chance and rounding alone give.

    Binomial for proportions, Poisson for counts per unit of exposure, the rounding of the published
    thousands (variance 1000²/12 persons²) for a survey estimate — never a Poisson variance for it.

    Parameters
    ----------
    indicator : Indicator
    target : float
        The benchmark value, before the multiplier (Italy's: 0.24 for a 24 % share).
    sizes : array-like
        Denominators, or expected counts for observed/expected ratios.

    Examples
    --------
    >>> round(float(within_variance(INDICATOR_BY_KEY["share_65_plus"], 0.2, [100])[0]), 6)
    0.0016
    >>> round(float(within_variance(INDICATOR_BY_KEY["severe_limitations_observed_expected"], 1.0, [1000])[0]), 4)
    0.0833
    """
    n = np.asarray(sizes, dtype=float)
    if indicator.kind is IndicatorKind.PROPORTION:
        return target * (1 - target) / n
    if indicator.survey is SurveyPart.NUMERATOR:
        return np.full_like(n, ROUNDING_VARIANCE) / n**2
    variance = target / n
    if indicator.survey is SurveyPart.DENOMINATOR:
        variance = variance + target**2 * ROUNDING_VARIANCE / n**2
    return variance


SURVEY_INDICATORS = [i.key for i in INDICATORS if i.survey is not SurveyPart.NONE]
