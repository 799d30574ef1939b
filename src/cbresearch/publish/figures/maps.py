"""Maps of Italian regions, drawn offline with plain matplotlib (no web tiles, no geopandas).

The region boundaries come from ``data/raw/istat/italy_regions.geojson``
(:func:`cbresearch.data.build.boundaries.load_boundaries`); regions without a value
are drawn grey and the attribution of the boundaries is printed on the map.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> ax = choropleth({"08": 1.0}, highlight="08")
>>> len([patch for patch in ax.patches if not patch.get_fill()])  # the highlighted region's outline
1
"""

from __future__ import annotations

import numpy as np

from ...data.build.boundaries import ATTRIBUTION, load_boundaries
from .style import italian_ticks, subplots, wrap

# matplotlib is imported inside the functions: `import cbresearch` must not pay for it.

#: the extent of the maps (west, east, south, north), drawn with the east-west scale of latitude 42°
EXTENT = (6.5, 18.7, 35.4, 47.2)


def _region_path(feature: dict):
    """The matplotlib path of a GeoJSON (multi)polygon."""
    from matplotlib.path import Path as MplPath

    vertices, path_codes = [], []
    for polygon in feature["geometry"]["coordinates"]:
        for ring in polygon:
            vertices.extend(ring)
            path_codes.extend([MplPath.MOVETO] + [MplPath.LINETO] * (len(ring) - 2) + [MplPath.CLOSEPOLY])
    return MplPath(vertices, path_codes)


def _frame(ax) -> None:
    """The map's extent and projection: Italy, with the east-west scale of latitude 42°."""
    ax.set_xlim(EXTENT[0], EXTENT[1])
    ax.set_ylim(EXTENT[2], EXTENT[3])
    ax.set_aspect(1 / np.cos(np.radians(42)))
    ax.set_axis_off()


def outline_region(ax, code: str) -> None:
    """Outline one region in black on a map drawn by :func:`choropleth` (or on a layer of it).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> ax = choropleth({"08": 1.0})
    >>> outline_region(ax, "08")
    >>> [p.get_edgecolor()[:3] for p in ax.patches]
    [(0.0, 0.0, 0.0)]
    """
    from matplotlib.patches import PathPatch

    feature = next(f for f in load_boundaries()["features"] if f["properties"]["region_code"] == code)
    ax.add_patch(PathPatch(_region_path(feature), fill=False, edgecolor="black", linewidth=1.6))


def choropleth(
    values,
    ax=None,
    cmap: str = "viridis",
    title: str | None = None,
    label: str | None = None,
    highlight: str | None = None,
):
    """Draw a choropleth of Italian regions.

    Parameters
    ----------
    values : mapping or Series
        Region code ("01"-"20") -> value; regions without a value are drawn grey.
    ax : matplotlib Axes, optional
        Where to draw (a new figure otherwise).
    cmap : str
        Matplotlib colour map.
    title, label : str, optional
        Title of the map and label of the colour bar.
    highlight : str, optional
        A region code to outline in black.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> ax = choropleth({"08": 1.0, "03": 2.0}, title="prova")
    >>> ax.get_title()
    'prova'
    """
    import matplotlib.pyplot as plt
    from matplotlib.collections import PatchCollection
    from matplotlib.colors import Normalize
    from matplotlib.patches import PathPatch

    values = dict(values.items()) if hasattr(values, "items") else dict(values)
    if ax is None:
        ax = subplots(figsize=(5.5, 6.5))[1]  # no layout engine: the map fills its axes, the colour bar is inside
    known = [float(v) for v in values.values() if v is not None and np.isfinite(v)]
    norm = Normalize(vmin=min(known), vmax=max(known)) if known else Normalize(0, 1)
    colormap = plt.get_cmap(cmap)
    patches, colours = [], []
    for feature in load_boundaries()["features"]:
        value = values.get(feature["properties"]["region_code"])
        patches.append(PathPatch(_region_path(feature)))
        colours.append(colormap(norm(value)) if value is not None and np.isfinite(value) else (0.85, 0.85, 0.85, 1))
    ax.add_collection(PatchCollection(patches, facecolor=colours, edgecolor="white", linewidth=0.4))
    _frame(ax)
    if known:
        mappable = plt.cm.ScalarMappable(norm=norm, cmap=colormap)
        # in the Adriatic, right next to the coast: an inset axis, so the map keeps its size
        bar = ax.figure.colorbar(mappable, cax=ax.inset_axes((0.86, 0.54, 0.035, 0.38)), label=label or "")
        bar.solids.set_rasterized(False)  # vector in SVG and PDF: no bitmap, sharp at any size
        italian_ticks(bar.ax.yaxis)
    if title:
        ax.set_title(wrap(title, 50), fontsize=10)
    ax.annotate(ATTRIBUTION, (0.0, 0.0), xycoords="axes fraction", fontsize=6, color="0.4")
    if highlight:
        outline_region(ax, highlight)
    return ax


def svg_region_paths(width: float = 280.0) -> tuple[list[dict], tuple[float, float]]:
    """The regions as SVG path data, in the projection of :func:`choropleth` (for maps drawn by a browser).

    Parameters
    ----------
    width : float
        Width of the drawing in SVG user units; the height follows from the projection.

    Returns
    -------
    paths : list of dict
        ``{"code", "name", "d"}`` per region, coordinates rounded to 0.1 unit.
    size : (float, float)
        Width and height of the drawing.

    Examples
    --------
    >>> paths, (w, h) = svg_region_paths()
    >>> len(paths), paths[0]["name"], paths[0]["d"][:1], round(w), round(h)
    (20, 'Piemonte', 'M', 280, 364)
    """
    west, east, south, north = EXTENT
    squeeze = float(np.cos(np.radians(42)))
    scale = width / ((east - west) * squeeze)
    paths = []
    for feature in load_boundaries()["features"]:
        rings = []
        for polygon in feature["geometry"]["coordinates"]:
            for ring in polygon:
                points = " ".join(
                    f"{(lon - west) * squeeze * scale:.1f} {(north - lat) * scale:.1f}" for lon, lat in ring[:-1]
                )
                rings.append(f"M{points}Z")
        properties = feature["properties"]
        paths.append({"code": properties["region_code"], "name": properties["region"], "d": "".join(rings)})
    return paths, (width, (north - south) * scale)
