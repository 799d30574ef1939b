"""Maps of Italian regions, drawn offline with plain matplotlib (no web tiles, no geopandas).

The region boundaries come from ``data/raw/istat/italy_regions.geojson``
(:func:`cbresearch.data.boundaries.load_boundaries`); regions without a value
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

from ..data.boundaries import ATTRIBUTION, load_boundaries

# matplotlib is imported inside the functions: `import cbresearch` must not pay for it.


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
    from matplotlib.path import Path as MplPath

    values = dict(values.items()) if hasattr(values, "items") else dict(values)
    if ax is None:
        _, ax = plt.subplots(figsize=(5.5, 6.5))
    known = [float(v) for v in values.values() if v is not None and np.isfinite(v)]
    norm = Normalize(vmin=min(known), vmax=max(known)) if known else Normalize(0, 1)
    colormap = plt.get_cmap(cmap)
    patches, colours, outlines = [], [], []
    for feature in load_boundaries()["features"]:
        code = feature["properties"]["region_code"]
        vertices, path_codes = [], []
        for polygon in feature["geometry"]["coordinates"]:
            for ring in polygon:
                vertices.extend(ring)
                path_codes.extend([MplPath.MOVETO] + [MplPath.LINETO] * (len(ring) - 2) + [MplPath.CLOSEPOLY])
        patch = PathPatch(MplPath(vertices, path_codes))
        value = values.get(code)
        patches.append(patch)
        colours.append(colormap(norm(value)) if value is not None and np.isfinite(value) else (0.85, 0.85, 0.85, 1))
        if code == highlight:
            outlines.append(PathPatch(MplPath(vertices, path_codes), fill=False, edgecolor="black", linewidth=1.6))
    ax.add_collection(PatchCollection(patches, facecolor=colours, edgecolor="white", linewidth=0.4))
    for outline in outlines:
        ax.add_patch(outline)
    ax.set_xlim(6.5, 18.7)
    ax.set_ylim(35.4, 47.2)
    ax.set_aspect(1 / np.cos(np.radians(42)))
    ax.set_axis_off()
    if known:
        mappable = plt.cm.ScalarMappable(norm=norm, cmap=colormap)
        # an inset axis in the sea east of Italy: no re-layout of the figure, which is costly
        ax.figure.colorbar(mappable, cax=ax.inset_axes((0.93, 0.35, 0.035, 0.5)), label=label or "")
    if title:
        ax.set_title(title)
    ax.annotate(ATTRIBUTION, (0.0, 0.0), xycoords="axes fraction", fontsize=6, color="0.4")
    return ax
