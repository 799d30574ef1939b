"""Need coverage per region: intervals, denominators, over-dispersion, trend, standardisation, quadrant."""

from __future__ import annotations

import golden
import numpy as np
import pandas as pd
import pytest

from cbresearch.analysis.coverage import need_coverage_by_region
from cbresearch.analysis.indicators import INDICATORS, estimates, indicator_counts, indirect_standardisation, with_italy
from cbresearch.analysis.priority import quadrant
from cbresearch.analysis.stats import poisson_count_interval, wilson_interval
from cbresearch.data.store.load import istat_tables


@pytest.fixture(scope="module")
def tables():
    return istat_tables()


@pytest.fixture(scope="module")
def table(tables) -> pd.DataFrame:
    return need_coverage_by_region(tables)


def test_every_region_and_italy_for_every_indicator(table: pd.DataFrame) -> None:
    regions = {f"{i:02d}" for i in range(1, 21)}
    for indicator in INDICATORS:
        rows = table[table["indicator"] == indicator.key]
        ok = rows[rows["status"] == "ok"]
        assert set(ok["region_code"]) == regions | {"IT"}, indicator.key
        assert ok[["value", "lower_95", "upper_95"]].notna().all().all()
        assert (ok["lower_95"] <= ok["value"]).all() and (ok["value"] <= ok["upper_95"]).all()
        assert ok.loc[ok["region_code"] != "IT", "comparison_with_italy"].str.match(r"(higher|lower|similar)").all()


def test_san_marino_is_reported_as_no_data(table: pd.DataFrame) -> None:
    san_marino = table[table["region_code"] == "SM"]
    assert len(san_marino) == len(INDICATORS)
    assert san_marino["status"].str.startswith("no data").all()
    assert san_marino["value"].isna().all()


def test_italy_share_65_plus_2017_matches_sources_md(tables) -> None:
    rows = need_coverage_by_region(tables, 2017)
    italy = rows.query("indicator == 'share_65_plus' and region_code == 'IT'").iloc[0]
    assert italy["year"] == 2017
    assert italy["value"] == pytest.approx(100 * golden.ITALY_2017["age_65_plus"] / golden.ITALY_2017["population"])
    assert round(italy["value"], 1) == golden.ITALY_2017_SHARE_65_PLUS


def test_latest_year_of_each_indicator(table: pd.DataFrame) -> None:
    years = table.groupby("indicator")["year"].max().to_dict()
    assert years["share_65_plus"] == 2023
    assert years["elderly_beds_per_1000_65plus"] == 2018
    assert years["severe_limitations_observed_expected"] == 2019


@pytest.mark.parametrize(
    ("successes", "trials", "lower", "upper"),
    # Newcombe (1998), "Two-sided confidence intervals for the single proportion", Table I, Wilson score method
    [(81, 263, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605), (0, 20, 0.0, 0.1611), (1, 29, 0.0061, 0.1718)],
)
def test_wilson_interval_against_the_published_table_and_statsmodels(successes, trials, lower, upper) -> None:
    from statsmodels.stats.proportion import proportion_confint

    lo, hi = wilson_interval(successes, trials)
    assert (round(float(lo), 4), round(float(hi), 4)) == (lower, upper)
    reference = proportion_confint(successes, trials, alpha=0.05, method="wilson")
    assert (float(lo), float(hi)) == pytest.approx(reference, abs=1e-12)


def test_wilson_interval_is_vectorised_and_empty_without_trials() -> None:
    lo, hi = wilson_interval([81, 5], [263, 0])
    assert round(float(lo[0]), 4) == 0.2553 and np.isnan(lo[1]) and np.isnan(hi[1])


def test_poisson_interval_uses_exact_limits_below_10() -> None:
    lo, hi = poisson_count_interval([0, 1])
    # exact 95 % limits for 0 and 1 events (Garwood): (0, 3.689) and (0.0253, 5.572)
    assert lo.tolist() == pytest.approx([0.0, 0.0253], abs=1e-3)
    assert hi.tolist() == pytest.approx([3.689, 5.572], abs=1e-3)


def test_indirect_standardisation_worked_by_hand() -> None:
    population = pd.DataFrame({"young": [2000], "old": [500]})
    result = indirect_standardisation([45], population, {"young": 0.01, "old": 0.04})
    # expected = 2000·0.01 + 500·0.04 = 40; ratio = 45/40
    assert result["expected"].iloc[0] == 40
    assert result["ratio"].iloc[0] == pytest.approx(1.125)


QUADRANTS = {
    ("worsening", "Alta"): "Attenzione!",
    ("improving", "Alta"): "Sulla buona strada!",
    ("worsening", "Bassa"): "Peggioramento!",
    ("improving", "Bassa"): "Miglioramento!",
}


def test_the_quadrant_agrees_with_the_trend_shown(table: pd.DataFrame) -> None:
    polarised = table[table["polarity"].ne("none") & table["status"].eq("ok") & table["region_code"].ne("IT")]
    assert len(polarised) == 3 * 20
    for row in polarised.itertuples():
        variability = "Alta" if abs(100 * (row.value / row.italy_value - 1)) >= 10 else "Bassa"
        expected = QUADRANTS.get((row.trend, variability))  # a stable trend gets no quadrant
        assert (row.quadrant if isinstance(row.quadrant, str) else None) == expected, row
    assert polarised["trend"].eq("stable").any() and polarised["quadrant"].isna().any()  # the rule is exercised
    assert table[table["indicator"] == "share_65_plus"]["quadrant"].isna().all()  # no polarity, no priority


def _adjusted_z_by_hand(rows: pd.DataFrame, multiplier: float, proportion: bool) -> pd.Series:
    """Spiegelhalter's additive adjustment written out again here: z = (y - t) / sqrt(s2 + tau2), tau2 by DL."""
    regions = rows[rows["region_code"] != "IT"]
    target = float(rows.loc[rows["region_code"] == "IT", "value"].iloc[0]) / multiplier
    y = regions["value"].to_numpy(float) / multiplier
    n = regions["denominator"].to_numpy(float)
    s2 = target * (1 - target) / n if proportion else target / n
    z = np.sort((y - target) / np.sqrt(s2))
    z_w = np.clip((y - target) / np.sqrt(s2), z[2], z[-3])  # 20 regions: two winsorised at each end
    q = len(y) * np.mean(z_w**2)
    w = 1 / s2
    tau2 = max(0.0, (q - (len(y) - 1)) / (w.sum() - (w**2).sum() / w.sum()))
    return pd.Series((y - target) / np.sqrt(s2 + tau2), index=regions["region_code"].to_numpy())


@pytest.mark.parametrize(("indicator", "multiplier", "proportion"), [
    ("elderly_beds_per_1000_65plus", 1000, False), ("share_65_plus", 100, True), ("old_age_dependency", 100, False),
])  # fmt: skip
def test_the_comparison_with_italy_uses_the_adjusted_limits(table, indicator, multiplier, proportion) -> None:
    rows = table[(table["indicator"] == indicator) & (table["status"] == "ok")]
    z = _adjusted_z_by_hand(rows, multiplier, proportion)
    regions = rows[rows["region_code"] != "IT"].set_index("region_code")
    assert regions["z_adjusted"].to_numpy() == pytest.approx(z.loc[regions.index].to_numpy(), rel=1e-6)
    for code, row in regions.iterrows():
        expected = "similar" if abs(z[code]) <= 1.959964 else ("higher" if z[code] > 0 else "lower")
        assert row["comparison_with_italy"].split(" ")[0] == expected, code
        inside = row["funnel_lower_95"] <= row["value"] <= row["funnel_upper_95"]
        assert inside == (expected == "similar"), code
    assert (regions["overdispersion_phi"] > 1).all() and (regions["between_region_tau2"] > 0).all()


def test_at_the_scale_of_regions_most_comparisons_are_similar(table) -> None:
    regions = table[(table["status"] == "ok") & (table["region_code"] != "IT")]
    assert regions["comparison_with_italy"].eq("similar").mean() > 0.6  # was 0 of 140 with Poisson limits
    assert regions["funnel_position"].eq("outside 99.8%").sum() <= 7  # was 20 of 20 for several indicators


def test_comparison_follows_the_polarity(table: pd.DataFrame) -> None:
    beds = table[(table["indicator"] == "elderly_beds_per_1000_65plus") & (table["status"] == "ok")]
    trentino = beds[beds["region_code"] == "04"].iloc[0]
    assert trentino["value"] > trentino["funnel_upper_95"]  # more beds than the regions' spread allows
    assert trentino["comparison_with_italy"] == "higher (better)"
    ratio = table[(table["indicator"] == "severe_limitations_observed_expected") & (table["status"] == "ok")]
    high = ratio[ratio["comparison_with_italy"].str.startswith("higher")]
    assert len(high) and high["comparison_with_italy"].eq("higher (worse)").all()


def test_elderly_beds_equal_istat_published_rates_in_the_latest_year(table: pd.DataFrame) -> None:
    beds = table[(table["indicator"] == "elderly_beds_per_1000_65plus") & (table["status"] == "ok")]
    beds = beds[beds["region_code"] != "IT"].set_index("region_code")
    assert set(beds["year"]) == {2018}
    for code, per_100k in golden.ISTAT_ELDERLY_BEDS_PER_100K_2018.items():
        assert beds.loc[code, "value"] == pytest.approx(per_100k / 100, abs=0.01), code


def test_earlier_years_differ_from_istat_by_the_revised_population(tables) -> None:
    """ISTAT's rates of 2010-2017 were computed on the population series of their time: show the difference."""
    from cbresearch import config

    source = config.REFERENCE_DIR / "istat_residential_beds_regions.csv"
    if not source.exists():
        pytest.skip("needs ../shared/reference (the ISTAT source files)")
    published = pd.read_csv(source)
    published = published[published["descrizione"].str.contains("centomila") & published["gerarchia"].eq("regionale")]
    ours = estimates(with_italy(indicator_counts(tables)))
    ours = ours[ours["indicator"] == "elderly_beds_per_1000_65plus"]
    names = tables.residential_beds.drop_duplicates("region_code").set_index("region_code")["region"]
    gaps = {}
    for year in range(2010, 2019):
        istat = published[published["anno"] == year].set_index("regione")["Anziani (65 anni e più)"].astype(float)
        mine = ours[ours["year"] == year].set_index("region_code")["value"]
        for code, value in mine.items():
            if code == "IT":
                continue
            match = [v for name, v in istat.items() if name.split(" ")[0].lower()[:6] == names[code].lower()[:6]]
            if match:
                gaps[(year, code)] = abs(value - match[0] / 100)
    latest = max(v for (year, _), v in gaps.items() if year == 2018)
    earlier = max(v for (year, _), v in gaps.items() if year < 2018)
    print(f"largest gap from ISTAT's rate: 2018 {latest:.3f}, 2010-2017 {earlier:.3f} per 1.000")
    assert latest < 0.01 and 0.05 < earlier < 0.6


def test_italy_observed_expected_is_one_every_year(tables) -> None:
    rows = estimates(with_italy(indicator_counts(tables)))
    italy = rows[(rows["indicator"] == "severe_limitations_observed_expected") & (rows["region_code"] == "IT")]
    assert len(italy) >= 9
    assert italy["value"].round(3).eq(1.0).all(), italy[["year", "value"]]


def test_survey_indicators_hold_the_rounding_of_the_published_thousands(table, tables) -> None:
    """Beds per person with severe limitations and O/E: the interval contains what the rounding alone allows."""
    limits = tables.severe_limitations.set_index(["region_code", "year"])["severe_thousands"]
    checked = 0
    for key in ("beds_per_1000_severe_limitations", "severe_limitations_observed_expected"):
        rows = table[(table["indicator"] == key) & (table["status"] == "ok") & (table["region_code"] != "IT")]
        for row in rows.itertuples():
            low_k, high_k = 1000 * (limits[(row.region_code, row.year)] + np.array([-0.5, 0.5]))
            if key.startswith("beds"):
                low, high = 1000 * row.numerator / high_k, 1000 * row.numerator / low_k
            else:
                low, high = low_k / row.expected, high_k / row.expected
            assert row.lower_95 <= low + 1e-9 and high - 1e-9 <= row.upper_95, (key, row.region_code)
            assert row.interval == "rounding"
            checked += 1
    assert checked == 40
    valle = table.query("indicator == 'beds_per_1000_severe_limitations' and region_code == '02'").iloc[0]
    assert valle["upper_95"] - valle["lower_95"] > 20  # "6" thousand: 172-203 from rounding alone, not 176-198


def test_registry_counts_carry_a_stated_convention(table) -> None:
    from cbresearch.publish.text.methods import methods_summary

    shares = table[table["indicator"].str.startswith("share_") & table["status"].eq("ok")]
    assert shares["interval"].eq("wilson").all()
    assert "conteggi completi" in methods_summary() and "convenzione" in methods_summary()


@pytest.mark.parametrize(
    ("trend", "gap", "expected"),
    [
        ("worsening", 20, "Attenzione!"),
        ("improving", 20, "Sulla buona strada!"),
        ("worsening", 5, "Peggioramento!"),
        ("improving", -5, "Miglioramento!"),
        ("stable", 20, None),
        ("not enough years", 5, None),
    ],
)
def test_quadrant_follows_the_seed_grid(trend: str, gap: float, expected: str | None) -> None:
    assert quadrant(trend, gap) == expected


def test_quadrant_thresholds_come_from_the_config() -> None:
    custom = {
        "window_years": 5,
        "trend": {"significance_level": 0.05},
        "variability": {"high_if_gap_from_italy_pct_at_least": 50.0},
        "quadrants": {
            "Alta": {"Peggiorato": "Attenzione!", "Migliorato": "Sulla buona strada!"},
            "Bassa": {"Peggiorato": "Peggioramento!", "Migliorato": "Miglioramento!"},
        },
    }
    assert quadrant("worsening", 20.0, custom) == "Peggioramento!"


def test_significant_trends_are_classified(table: pd.DataFrame) -> None:
    assert set(table["trend"].dropna()) <= {"improving", "worsening", "stable", "increasing", "decreasing"}
    share = table[(table["indicator"] == "share_65_plus") & (table["region_code"] == "IT")].iloc[0]
    assert share["trend"] == "increasing"  # the population ages year after year, beyond its own noise
    assert share["trend_p_value"] < 0.05 and share["trend_dispersion"] >= 1
    polarised = table[table["polarity"].ne("none") & table["status"].eq("ok") & table["region_code"].ne("IT")]
    assert 0 < polarised["quadrant"].notna().sum() < 20  # was 48 of 60 with Poisson tests


def _overdispersed_series(rng: np.random.Generator, years: int = 5) -> tuple[np.ndarray, np.ndarray]:
    # a region's denominator over five years: 0,1-5 million, moving by under 1 % a year
    exposure = (rng.uniform(1e5, 5e6) * np.cumprod(rng.uniform(0.99, 1.01, years))).round()
    rate = 0.02 * rng.lognormal(0.0, 0.05, years)  # 5 % year-to-year extra variation, no trend
    return rng.poisson(rate * exposure).astype(float), exposure


def test_the_trend_test_keeps_its_level_on_overdispersed_series_without_trend() -> None:
    """2.000 series with no trend: the quasi-Poisson test rejects about 5 %, a Poisson test far more."""
    import statsmodels.api as sm

    from cbresearch.analysis.stats import quasi_trend

    rng = np.random.default_rng(2026)
    series = 2000
    quasi, poisson = 0, 0
    design = sm.add_constant(np.arange(5.0))
    for _ in range(series):
        events, exposure = _overdispersed_series(rng)
        quasi += quasi_trend(events, exposure)[2] < 0.05
        fit = sm.GLM(events, design, family=sm.families.Poisson(), offset=np.log(exposure)).fit()
        poisson += fit.pvalues[1] < 0.05  # the Wald test with the Poisson variance
    tolerance = 3 * np.sqrt(0.05 * 0.95 / series)  # three binomial standard errors
    print(f"rejections at 5 %: quasi-Poisson {quasi / series:.3f}, Poisson {poisson / series:.3f}")
    assert abs(quasi / series - 0.05) < tolerance
    assert poisson / series > 0.5


def test_dersimonian_laird_reproduces_the_bcg_meta_analysis() -> None:
    """The additive adjustment is DerSimonian-Laird's tau^2: Colditz's BCG trials as metafor reports them."""
    from cbresearch.analysis.dispersion import adjusted_limits, between_area_variance

    trials = np.array(golden.BCG_TRIALS, dtype=float)
    a, b, c, d = trials.T
    log_rr = np.log((a / (a + b)) / (c / (c + d)))
    variance = 1 / a - 1 / (a + b) + 1 / c - 1 / (c + d)
    w = 1 / variance
    fixed = float((w * log_rr).sum() / w.sum())
    result = between_area_variance(log_rr, variance, target=fixed, winsorise=0.0)
    assert result.phi * len(log_rr) == pytest.approx(golden.BCG_Q, abs=5e-4)
    assert result.tau2 == pytest.approx(golden.BCG_TAU2_DL, abs=5e-5)
    w_random = 1 / (variance + result.tau2)
    assert (w_random * log_rr).sum() / w_random.sum() == pytest.approx(golden.BCG_POOLED_LOG_RR, abs=5e-5)
    low, high = adjusted_limits(fixed, variance, result)
    assert high - low == pytest.approx(2 * 1.959964 * np.sqrt(variance + golden.BCG_TAU2_DL), rel=1e-3)


def test_coverage_cli_writes_the_csv(tmp_path) -> None:
    from typer.testing import CliRunner

    from cbresearch.cli import app

    result = CliRunner().invoke(app, ["coverage", "--year", "2019", "--out-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    written = pd.read_csv(tmp_path / "need_coverage_by_region.csv", dtype={"region_code": str})
    assert {"Italia", "San Marino", "Sardegna"} <= set(written["region"])
    assert "Quadrante di priorità" in result.output


def test_no_funnel_limit_is_negative(table) -> None:
    ok = table[table["status"].eq("ok") & table["region_code"].ne("IT")]
    assert (ok[["funnel_lower_95", "funnel_lower_99_8"]] >= 0).all().all()
    beds = ok[ok["indicator"] == "elderly_beds_per_1000_65plus"]
    assert (beds["funnel_lower_99_8"] == 0).any()  # the additive limit would be below 0 here: it is clipped
