"""Need coverage per region: intervals, benchmark, trend, standardisation, quadrant."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from cbresearch.coverage import INDICATORS, indirect_standardisation, need_coverage_by_region
from cbresearch.priority import quadrant
from cbresearch.stats import compare_with_benchmark, poisson_count_interval, wilson_interval


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
    assert italy["value"] == pytest.approx(100 * 13_461_945 / 60_066_734)


def test_latest_year_of_each_indicator(table: pd.DataFrame) -> None:
    years = table.groupby("indicator")["year"].max().to_dict()
    assert years["share_65_plus"] == 2023
    assert years["elderly_beds_per_1000_65plus"] == 2018
    assert years["severe_limitations_observed_expected"] == 2019


def test_wilson_interval_worked_by_hand() -> None:
    # 19 of 24: p = 0.79167; centre = (p + z²/2n)/(1 + z²/n), half = z·sqrt(p(1-p)/n + z²/4n²)/(1 + z²/n)
    z, n, p = 1.959964, 24, 19 / 24
    centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z * math.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
    lo, hi = wilson_interval(19, 24)
    assert float(lo) == pytest.approx(centre - half, abs=1e-6)
    assert float(hi) == pytest.approx(centre + half, abs=1e-6)


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


def test_polarity_and_quadrant(table: pd.DataFrame) -> None:
    beds = table[(table["indicator"] == "elderly_beds_per_1000_65plus") & (table["status"] == "ok")]
    campania = beds[beds["region_code"] == "15"].iloc[0]
    assert campania["comparison_with_italy"] == "lower (worse)"
    assert campania["quadrant"] == quadrant(campania["annual_change_pct"], campania["gap_from_italy_pct"])
    context = table[table["indicator"] == "share_65_plus"]
    assert context["quadrant"].isna().all()  # no polarity, no priority


@pytest.mark.parametrize(
    ("change", "gap", "expected"),
    [(-1, 20, "Attenzione!"), (1, 20, "Sulla buona strada!"), (-1, 5, "Peggioramento!"), (1, -5, "Miglioramento!")],
)
def test_quadrant_follows_the_seed_grid(change: float, gap: float, expected: str) -> None:
    assert quadrant(change, gap) == expected


def test_quadrant_thresholds_come_from_the_config() -> None:
    custom = {
        "window_years": 5,
        "trend": {"worse_if_annual_change_pct_below": -2.0},
        "variability": {"high_if_gap_from_italy_pct_at_least": 50.0},
        "quadrants": {
            "Alta": {"Peggiorato": "Attenzione!", "Migliorato": "Sulla buona strada!"},
            "Bassa": {"Peggiorato": "Peggioramento!", "Migliorato": "Miglioramento!"},
        },
    }
    assert quadrant(-1.0, 20.0, custom) == "Miglioramento!"


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
