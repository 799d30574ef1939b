"""Maps: each region is coloured by its own value, missing ones are grey, the highlighted one is outlined."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

from cbresearch.data.build.boundaries import load_boundaries
from cbresearch.publish.figures.maps import choropleth

CODES = [f["properties"]["region_code"] for f in load_boundaries()["features"]]


def test_each_region_gets_the_colour_of_its_value() -> None:
    ax = choropleth({"08": 1.0, "03": 3.0, "15": 2.0}, cmap="viridis", highlight="08")
    faces = ax.collections[0].get_facecolors()
    colours = matplotlib.colormaps["viridis"]
    assert faces[CODES.index("08")].tolist() == pytest.approx(list(colours(0.0)))  # the lowest value
    assert faces[CODES.index("15")].tolist() == pytest.approx(list(colours(0.5)))
    assert faces[CODES.index("03")].tolist() == pytest.approx(list(colours(1.0)))  # the highest
    assert faces[CODES.index("01")].tolist() == pytest.approx([0.85, 0.85, 0.85, 1.0])  # no value: grey
    outlines = [p for p in ax.patches if not p.get_fill()]
    assert len(outlines) == 1 and outlines[0].get_edgecolor()[:3] == (0.0, 0.0, 0.0)
    plt.close(ax.figure)


def test_the_map_renders_offline_to_a_png(tmp_path: Path) -> None:
    ax = choropleth({"08": 1.0, "03": 3.0}, title="Quota 65+")
    path = tmp_path / "map.png"
    ax.figure.savefig(path, dpi=60)
    plt.close(ax.figure)
    assert path.read_bytes().startswith(b"\x89PNG")
