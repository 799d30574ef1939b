"""Need coverage per region: intervals, benchmark, trend, standardisation, quadrant."""

from __future__ import annotations

import golden
import numpy as np
import pandas as pd
import pytest

from cbresearch.analysis.coverage import need_coverage_by_region
from cbresearch.analysis.indicators import INDICATORS, indirect_standardisation
from cbresearch.analysis.priority import quadrant
from cbresearch.analysis.stats import compare_with_benchmark, poisson_count_interval, wilson_interval


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return need_coverage_by_region()


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


def test_italy_share_65_plus_2017_matches_sources_md() -> None:
    rows = need_coverage_by_region(2017)
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


def test_benchmark_comparison() -> None:
    assert compare_with_benchmark([10, 12, 8], [11, 14, 9.9], 10.5) == ["similar", "higher", "lower"]


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


def test_comparison_follows_the_polarity(table: pd.DataFrame) -> None:
    beds = table[(table["indicator"] == "elderly_beds_per_1000_65plus") & (table["status"] == "ok")]
    campania = beds[beds["region_code"] == "15"].iloc[0]
    assert campania["upper_95"] < campania["italy_value"]  # fewer beds than Italy, beyond the interval
    assert campania["comparison_with_italy"] == "lower (worse)"


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
        "trend": {"significant_chi_square": 9.55},
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
    assert share["trend"] == "increasing"  # the population ages year after year
    assert np.isfinite(share["trend_chi2"]) and share["trend_chi2"] > 9.55


def test_coverage_cli_writes_the_csv(tmp_path) -> None:
    from typer.testing import CliRunner

    from cbresearch.cli import app

    result = CliRunner().invoke(app, ["coverage", "--year", "2019", "--out-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    written = pd.read_csv(tmp_path / "need_coverage_by_region.csv", dtype={"region_code": str})
    assert {"Italia", "San Marino", "Sardegna"} <= set(written["region"])
    assert "Quadrante di priorità" in result.output
