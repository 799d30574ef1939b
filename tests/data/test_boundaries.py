"""Region boundaries: the derived GeoJSON covers the 20 regions, simplification keeps shared borders."""

from __future__ import annotations

from cbresearch.data.build.boundaries import load_boundaries, simplify


def test_boundaries_cover_the_20_regions_with_attribution() -> None:
    geo = load_boundaries()
    assert [f["properties"]["region_code"] for f in geo["features"]] == [f"{i:02d}" for i in range(1, 21)]
    assert "Openpolis" in geo["attribution"]


def test_simplify_keeps_ends_and_drops_collinear_points() -> None:
    line = [[0, 0], [1, 0], [2, 0], [3, 1]]
    assert simplify(line, 0.1).tolist() == [[0, 0], [2, 0], [3, 1]]
