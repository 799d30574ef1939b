"""Figures in two layers: a base drawn once per batch, and what one report adds on a transparent layer above it.

Most of a report's figures are the same in every report except for one
region: the national heatmaps are identical, the maps differ by an outline,
the funnel and priority plots by one marked point.  The *base* is drawn once
(:func:`capture` keeps its SVG and where its axes sit); a report then opens
it with :func:`on_layer` (a transparent figure of the same size with an axes
at the same place, same limits and scales), adds its region and saves that
layer only; the page lays the layer exactly over the base
(:func:`cbresearch.publish.figures.style.figure_html`).  A fraction of the cost of
drawing the whole figure again, the same picture, and both stay vector.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import matplotlib.pyplot as plt
>>> _, ax = plt.subplots(figsize=(2, 2))
>>> _ = ax.plot([0, 1], [0, 1])
>>> layer = capture(ax)
>>> top = on_layer(layer)
>>> top.get_xlim() == ax.get_xlim(), (layer.width, layer.height), layer.svg[:5]
(True, (200, 200), b'<?xml')
"""

from __future__ import annotations

import base64
from dataclasses import asdict, dataclass

from ..typeface import use_in_charts
from .style import DPI, svg


@dataclass(frozen=True)
class Layer:
    """A base figure: its SVG and the geometry of its axes (to draw on top of it)."""

    svg: bytes
    width: int
    height: int
    position: tuple[float, float, float, float]  # the axes, in figure fractions, after layout
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    xscale: str
    yscale: str

    def to_json(self) -> dict:
        """The layer as JSON-ready data (the SVG in base64).

        Examples
        --------
        >>> Layer.from_json(Layer(b"x", 1, 1, (0, 0, 1, 1), (0, 1), (0, 1), "log", "linear").to_json()).xscale
        'log'
        """
        data = asdict(self)
        data["svg"] = base64.b64encode(self.svg).decode("ascii")
        return data

    @classmethod
    def from_json(cls, data: dict) -> Layer:
        """The layer written by :meth:`to_json`."""
        return cls(
            base64.b64decode(data["svg"]),
            int(data["width"]),
            int(data["height"]),
            tuple(data["position"]),
            tuple(data["xlim"]),
            tuple(data["ylim"]),
            data["xscale"],
            data["yscale"],
        )


def capture(ax) -> Layer:
    """Draw the figure of ``ax`` and keep its SVG and the final place of ``ax`` (the figure is closed)."""
    import matplotlib.pyplot as plt

    figure = ax.figure
    image = svg(figure)  # draws the figure: the layout engine has placed the axes now
    box = ax.get_position()
    width, height = (round(float(v)) for v in figure.get_size_inches() * DPI)
    layer = Layer(
        image, width, height, (box.x0, box.y0, box.width, box.height), tuple(ax.get_xlim()), tuple(ax.get_ylim()),
        ax.get_xscale(), ax.get_yscale(),
    )  # fmt: skip
    plt.close(figure)
    return layer


def on_layer(layer: Layer):
    """A new transparent figure the size of ``layer``, with an Axes where the base's axes were; draw on it.

    Save it with :func:`~cbresearch.publish.figures.style.svg` (``transparent=True``) and show it over the base.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> _, ax = plt.subplots(figsize=(2, 2))
    >>> _ = ax.set_xscale("log")
    >>> on_layer(capture(ax)).get_xscale()
    'log'
    """
    import matplotlib.pyplot as plt

    use_in_charts()
    figure = plt.figure(figsize=(layer.width / DPI, layer.height / DPI), dpi=DPI)
    figure.patch.set_visible(False)
    ax = figure.add_axes(layer.position)
    ax.set_xscale(layer.xscale)
    ax.set_yscale(layer.yscale)
    ax.set_xlim(layer.xlim)
    ax.set_ylim(layer.ylim)
    ax.set_axis_off()
    ax.patch.set_visible(False)
    return ax
