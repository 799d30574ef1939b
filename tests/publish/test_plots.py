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
from cbresearch.data.store.load import istat_tables
from cbresearch.publish.figures.plots import QUADRANT_STYLE, funnel_plot, quadrant_scatter, region_vs_italy


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return need_coverage_by_region(istat_tables())


def test_funnel_limits_are_the_adjusted_limits_around_italy(table: pd.DataFrame) -> None:
    indicator = "elderly_beds_per_1000_65plus"
    ax = funnel_plot(table, indicator, highlight="08")
    italy = table.query(f"indicator == '{indicator}' and region_code == 'IT'")["value"].iloc[0]
    tau2 = table.query(f"indicator == '{indicator}' and region_code == '08'")["between_region_tau2"].iloc[0] / 1000**2
    upper_95, upper_998 = ax.lines[1], ax.lines[3]  # lower 95 %, upper 95 %, lower 99.8 %, upper 99.8 %, Italy
    x, y = upper_95.get_xdata(), upper_95.get_ydata()
    rate = italy / 1000  # beds per resident 65+: Poisson variance rate / n plus the regions' tau^2
    assert y[0] == pytest.approx(1000 * (rate + 1.959964 * math.sqrt(rate / x[0] + tau2)), rel=1e-6)
    assert upper_998.get_ydata()[-1] == pytest.approx(1000 * (rate + 3.090232 * math.sqrt(rate / x[-1] + tau2)))
    assert ax.lines[-1].get_ydata()[0] == pytest.approx(italy)  # the horizontal line is Italy
    regions = table.query(f"indicator == '{indicator}' and status == 'ok' and region_code != 'IT'")
    points = np.asarray(ax.collections[0].get_offsets())  # every region, then the highlighted one marked on top
    assert sorted(points[:, 1].tolist()) == pytest.approx(sorted(regions["value"].tolist()))
    marked = np.asarray(ax.collections[-1].get_offsets())
    emilia = regions.set_index("region_code").loc["08"]
    assert marked[0].tolist() == pytest.approx([emilia["denominator"], emilia["value"]])
    assert "2018" in ax.get_title()
    assert [t.get_text().strip() for t in ax.texts] == ["Emilia-Romagna"]  # only the highlighted region is named
    plt.close(ax.figure)


def test_quadrant_points_sit_at_gap_and_change_in_the_quadrant_colour(table: pd.DataFrame) -> None:
    indicator = "severe_limitations_observed_expected"  # lower is better: the change is drawn with its sign flipped
    ax = quadrant_scatter(table, indicator)
    rows = table.query(f"indicator == '{indicator}' and status == 'ok' and region_code != 'IT'")
    expected = {
        (round(abs(gap), 6), round(-change, 6)): quadrant if isinstance(quadrant, str) else None
        for gap, change, quadrant in zip(
            rows["gap_from_italy_pct"], rows["annual_change_pct"], rows["quadrant"], strict=True
        )
    }
    drawn = {}
    for collection in ax.collections:  # one per quadrant, named in the legend
        label = collection.get_label()
        for x, y in np.asarray(collection.get_offsets()):
            drawn[(round(x, 6), round(y, 6))] = label if label in QUADRANT_STYLE else None
        if label in QUADRANT_STYLE:
            assert tuple(collection.get_facecolors()[0]) == pytest.approx(
                matplotlib.colors.to_rgba(QUADRANT_STYLE[label][0])
            )
    assert drawn == expected
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert "trend stabile (nessun quadrante)" in legend
    plt.close(ax.figure)


def test_quadrant_captions_never_cover_a_point(table: pd.DataFrame) -> None:
    ax = quadrant_scatter(table, "elderly_beds_per_1000_65plus", highlight="08")
    ax.figure.canvas.draw()
    captions = [t for t in ax.texts if t.get_text() in QUADRANT_STYLE]
    assert len(captions) == 4
    points = np.vstack([ax.transData.transform(c.get_offsets()) for c in ax.collections])
    for caption in captions:
        box = caption.get_window_extent().expanded(1.05, 1.2)
        assert not any(box.contains(x, y) for x, y in points), caption.get_text()
    plt.close(ax.figure)


def test_long_labels_are_wrapped_never_cut(table: pd.DataFrame) -> None:
    ax = region_vs_italy(table, "08")
    labels = [t.get_text() for t in ax.get_yticklabels()]
    full = table.query("region_code == '08' and status == 'ok'")["label"].tolist()
    assert [label.replace("\n", " ") for label in labels] == full
    assert max(len(line) for label in labels for line in label.split("\n")) <= 44
    plt.close(ax.figure)


def test_tick_labels_are_written_the_italian_way(table: pd.DataFrame) -> None:
    ax = funnel_plot(table, "elderly_beds_per_1000_65plus")
    ax.figure.canvas.draw()
    ticks = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert "100.000" in ticks and "1.000.000" in ticks
    plt.close(ax.figure)


def test_region_vs_italy_has_one_bar_per_indicator_at_its_index(table: pd.DataFrame) -> None:
    ax = region_vs_italy(table, "15")
    assert len(ax.patches) == 14  # for each indicator: the grey band of the regions' variation, then the bar
    campania = table.query("region_code == '15' and status == 'ok'").set_index("indicator")
    italy = table.query("region_code == 'IT'").set_index("indicator")
    first = campania.index[0]
    band, bar = ax.patches[0], ax.patches[7]  # the bar is drawn from 100 (Italy) to the region's index
    assert bar.get_x() + bar.get_width() == pytest.approx(
        100 * campania.loc[first, "value"] / italy.loc[first, "value"]
    )
    assert band.get_x() == pytest.approx(100 * campania.loc[first, "funnel_lower_95"] / italy.loc[first, "value"])
    assert band.get_x() + band.get_width() == pytest.approx(
        100 * campania.loc[first, "funnel_upper_95"] / italy.loc[first, "value"]
    )
    assert np.isfinite([p.get_width() for p in ax.patches]).all()
    plt.close(ax.figure)


def test_unknown_indicator_is_a_clear_error(table: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="no data for indicator 'beds'"):
        funnel_plot(table, "beds")
