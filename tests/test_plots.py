"""Plots render offline and return their Axes."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

from cbresearch.coverage import need_coverage_by_region
from cbresearch.geo import choropleth, load_boundaries, simplify
from cbresearch.plots import funnel_plot, quadrant_scatter, region_vs_italy


def test_choropleth_renders_offline_to_a_png(tmp_path: Path) -> None:
    table = need_coverage_by_region()
    values = table.query("indicator == 'share_65_plus' and status == 'ok'").set_index("region_code")["value"]
    ax = choropleth(values.drop("IT"), title="Quota 65+", highlight="08")
    path = tmp_path / "map.png"
    ax.figure.savefig(path, dpi=60)
    plt.close(ax.figure)
    data = path.read_bytes()
    assert data.startswith(b"\x89PNG")
    assert len(data) > 10_000
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (330, 390)


def test_boundaries_cover_the_20_regions_with_attribution() -> None:
    geo = load_boundaries()
    assert [f["properties"]["region_code"] for f in geo["features"]] == [f"{i:02d}" for i in range(1, 21)]
    assert "Openpolis" in geo["attribution"]


def test_simplify_keeps_ends_and_drops_collinear_points() -> None:
    line = [[0, 0], [1, 0], [2, 0], [3, 1]]
    assert simplify(line, 0.1).tolist() == [[0, 0], [2, 0], [3, 1]]


@pytest.mark.parametrize("plot", [funnel_plot, quadrant_scatter])
def test_indicator_plots(plot) -> None:
    ax = plot(need_coverage_by_region(), "beds_per_1000_severe_limitations", highlight="08")
    assert ax.get_title()
    plt.close(ax.figure)


def test_region_vs_italy_has_one_bar_per_indicator() -> None:
    ax = region_vs_italy(need_coverage_by_region(), "15")
    assert len(ax.patches) == 7
    plt.close(ax.figure)


def test_unknown_indicator_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="no data for indicator 'beds'"):
        funnel_plot(need_coverage_by_region(), "beds")
