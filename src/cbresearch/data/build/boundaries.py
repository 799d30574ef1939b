"""Region boundaries: derived from the Openpolis TopoJSON into a compact GeoJSON, and read back.

:func:`boundaries_from_topojson` decodes the TopoJSON (quantised, delta-coded
arcs), simplifies each shared arc once with Douglas-Peucker (so neighbouring
regions keep a common border) and returns a compact GeoJSON with ISTAT codes.
:func:`cbresearch.publish.figures.maps.choropleth` draws it offline.

Examples
--------
>>> features = load_boundaries()["features"]
>>> len(features), features[0]["properties"]["region_code"]
(20, '01')
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from ... import config
from ...errors import SourceDataError
from ...i18n import _
from ..schema.regions import REGION_NAMES

ATTRIBUTION = "Confini regionali: © Openpolis (CC BY 4.0), da dati ISTAT"
TOLERANCE_DEGREES = 0.01  # about 1 km: plenty for a national map
DECIMALS = 4


def simplify(points: np.ndarray, tolerance: float) -> np.ndarray:
    """Douglas-Peucker simplification of a polyline, keeping both ends.

    Examples
    --------
    >>> simplify(np.array([[0, 0], [1, 0.001], [2, 0]]), 0.01).tolist()
    [[0.0, 0.0], [2.0, 0.0]]
    """
    points = np.asarray(points, dtype=float)
    if len(points) < 3:
        return points
    keep = np.zeros(len(points), dtype=bool)
    keep[[0, -1]] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        if last - first < 2:
            continue
        start, end = points[first], points[last]
        segment = end - start
        inner = points[first + 1 : last]
        length = np.hypot(*segment)
        if length == 0:
            distances = np.hypot(*(inner - start).T)
        else:
            distances = np.abs(segment[0] * (inner[:, 1] - start[1]) - segment[1] * (inner[:, 0] - start[0])) / length
        index = int(np.argmax(distances))
        if distances[index] > tolerance:
            split = first + 1 + index
            keep[split] = True
            stack.extend([(first, split), (split, last)])
    return points[keep]


def _decode_arcs(topology: dict) -> list[np.ndarray]:
    scale = np.array(topology["transform"]["scale"])
    translate = np.array(topology["transform"]["translate"])
    return [np.cumsum(np.array(arc, dtype=float), axis=0) * scale + translate for arc in topology["arcs"]]


def _ring(indices: list[int], arcs: list[np.ndarray]) -> list[list[float]]:
    coordinates: list[np.ndarray] = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        coordinates.append(arc if not coordinates else arc[1:])
    ring = np.round(np.concatenate(coordinates), DECIMALS)
    if len(ring) < 4:  # a ring simplified to a sliver still closes properly
        ring = np.vstack([ring, ring[:1]])
    return ring.tolist()


def boundaries_from_topojson(data: bytes, name: str = "italy_regions.topo.json") -> dict:
    """Convert the region TopoJSON to a simplified GeoJSON FeatureCollection.

    Raises
    ------
    SourceDataError
        When the file lacks the ``regions`` object or the ``reg_istat_code`` property.

    Examples
    --------
    >>> boundaries_from_topojson(b'{"objects": {}}')
    Traceback (most recent call last):
    ...
    cbresearch.errors.SourceDataError: italy_regions.topo.json: atteso un TopoJSON con objects.regions le cui geometrie hanno la proprietà reg_istat_code
    """
    topology = json.loads(data)
    try:
        geometries = topology["objects"]["regions"]["geometries"]
        codes = [g["properties"]["reg_istat_code"] for g in geometries]
    except (KeyError, TypeError):
        raise SourceDataError(
            _(
                "{name}: expected a TopoJSON with objects.regions whose geometries have the property reg_istat_code"
            ).format(name=name)
        ) from None
    arcs = [simplify(arc, TOLERANCE_DEGREES) for arc in _decode_arcs(topology)]
    features = []
    for geometry, code in sorted(zip(geometries, codes, strict=True), key=lambda pair: pair[1]):
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            raise SourceDataError(
                _("{name}: region {code} has geometry {kind}; expected (Multi)Polygon").format(
                    name=name, code=code, kind=geometry["type"]
                )
            )
        features.append(
            {
                "type": "Feature",
                "properties": {"region_code": code, "region": REGION_NAMES[code]},
                "geometry": {
                    "type": "MultiPolygon",
                    "coordinates": [[_ring(ring, arcs) for ring in polygon] for polygon in polygons],
                },
            }
        )
    return {"type": "FeatureCollection", "attribution": ATTRIBUTION, "features": features}


def load_boundaries(path: Path | None = None) -> dict:
    """Read the derived GeoJSON shipped in ``data/raw/istat``.

    Examples
    --------
    >>> load_boundaries()["type"]
    'FeatureCollection'
    """
    path = Path(path or config.ISTAT_RAW_DIR / "italy_regions.geojson")
    if not path.exists():
        raise SourceDataError(_("{path}: missing; run `cbresearch build-demography`").format(path=path))
    return json.loads(path.read_text(encoding="utf-8"))
