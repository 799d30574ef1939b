"""Plots draw what the coverage table says: limits, points and colours, checked against hand formulas."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from cbresearch.analysis.coverage import need_coverage_by_region
from cbresearch.publish.plots import QUADRANT_COLOURS, funnel_plot, quadrant_scatter, region_vs_italy


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return need_coverage_by_region()


def test_funnel_limits_are_the_poisson_limits_around_italy(table: pd.DataFrame) -> None:
    indicator = "elderly_beds_per_1000_65plus"
    ax = funnel_plot(table, indicator, highlight="08")
    italy = table.query(f"indicator == '{indicator}' and region_code == 'IT'")["value"].iloc[0]
    upper_95 = ax.lines[1]  # drawn as lower 95 %, upper 95 %, lower 99.8 %, upper 99.8 %, Italy
    x, y = upper_95.get_xdata(), upper_95.get_ydata()
    rate = italy / 1000  # beds per resident 65+
    assert y[0] == pytest.approx(1000 * (rate + 1.959964 * math.sqrt(rate / x[0])), rel=1e-6)
    assert ax.lines[-1].get_ydata()[0] == pytest.approx(italy)  # the horizontal line is Italy
    regions = table.query(f"indicator == '{indicator}' and status == 'ok' and region_code != 'IT'")
    points = np.asarray(ax.collections[0].get_offsets())
    assert sorted(points[:, 1].tolist()) == pytest.approx(sorted(regions["value"].tolist()))
    assert "2018" in ax.get_title()
    plt.close(ax.figure)


def test_quadrant_points_sit_at_gap_and_change_in_the_quadrant_colour(table: pd.DataFrame) -> None:
    indicator = "severe_limitations_observed_expected"  # lower is better: the change is drawn with its sign flipped
    ax = quadrant_scatter(table, indicator)
    rows = table.query(f"indicator == '{indicator}' and status == 'ok' and region_code != 'IT'")
    points = np.asarray(ax.collections[0].get_offsets())
    assert points[:, 0].tolist() == pytest.approx(rows["gap_from_italy_pct"].abs().tolist())
    assert points[:, 1].tolist() == pytest.approx((-rows["annual_change_pct"]).tolist())
    colours = ax.collections[0].get_facecolors()
    for colour, quadrant in zip(colours, rows["quadrant"], strict=True):
        expected = matplotlib.colors.to_rgba(QUADRANT_COLOURS.get(quadrant, "0.5"))
        assert tuple(colour) == pytest.approx(expected)
    plt.close(ax.figure)


def test_region_vs_italy_has_one_bar_per_indicator_at_its_index(table: pd.DataFrame) -> None:
    ax = region_vs_italy(table, "15")
    assert len(ax.patches) == 7
    campania = table.query("region_code == '15' and status == 'ok'").set_index("indicator")
    italy = table.query("region_code == 'IT'").set_index("indicator")
    first = campania.index[0]
    bar = ax.patches[0]  # drawn from 100 (Italy) to the region's index
    assert bar.get_x() + bar.get_width() == pytest.approx(
        100 * campania.loc[first, "value"] / italy.loc[first, "value"]
    )
    assert np.isfinite([p.get_width() for p in ax.patches]).all()
    plt.close(ax.figure)


def test_unknown_indicator_is_a_clear_error(table: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="no data for indicator 'beds'"):
        funnel_plot(table, "beds")
