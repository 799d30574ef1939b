"""Figures in two layers: a base drawn once per batch, and what one report adds on top of it.

Most of a report's figures are the same in every report except for one
region: the national heatmaps are identical, the maps differ by an outline,
the funnel and priority plots by one marked point.  The *base* is drawn once
(:func:`capture` keeps its pixels and where its axes sit); a report then
opens it with :func:`on_layer` (a figure of the same size with the base as
background and a transparent axes at the same place, same limits and
scales), adds its region and saves: a fraction of the cost of drawing the
whole figure again, and the same picture.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import matplotlib.pyplot as plt
>>> _, ax = plt.subplots(figsize=(2, 2))
>>> _ = ax.plot([0, 1], [0, 1])
>>> layer = capture(ax)
>>> top = on_layer(layer)
>>> top.get_xlim() == ax.get_xlim(), (layer.width, layer.height)
(True, (200, 200))
"""

from __future__ import annotations

import base64
import io
from dataclasses import asdict, dataclass

from .figures import DPI, png


@dataclass(frozen=True)
class Layer:
    """A base figure: its PNG and the geometry of its axes (to draw on top of it)."""

    png: bytes
    width: int
    height: int
    position: tuple[float, float, float, float]  # the axes, in figure fractions, after layout
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    xscale: str
    yscale: str

    def to_json(self) -> dict:
        """The layer as JSON-ready data (the PNG in base64).

        Examples
        --------
        >>> Layer.from_json(Layer(b"x", 1, 1, (0, 0, 1, 1), (0, 1), (0, 1), "log", "linear").to_json()).xscale
        'log'
        """
        data = asdict(self)
        data["png"] = base64.b64encode(self.png).decode("ascii")
        return data

    @classmethod
    def from_json(cls, data: dict) -> Layer:
        """The layer written by :meth:`to_json`."""
        return cls(
            base64.b64decode(data["png"]),
            int(data["width"]),
            int(data["height"]),
            tuple(data["position"]),
            tuple(data["xlim"]),
            tuple(data["ylim"]),
            data["xscale"],
            data["yscale"],
        )


def capture(ax) -> Layer:
    """Draw the figure of ``ax`` and keep its pixels and the final place of ``ax`` (the figure is closed)."""
    import matplotlib.pyplot as plt

    figure = ax.figure
    image = png(figure)  # draws the figure: the layout engine has placed the axes now
    box = ax.get_position()
    width, height = (round(float(v)) for v in figure.get_size_inches() * DPI)
    layer = Layer(
        image, width, height, (box.x0, box.y0, box.width, box.height), tuple(ax.get_xlim()), tuple(ax.get_ylim()),
        ax.get_xscale(), ax.get_yscale(),
    )  # fmt: skip
    plt.close(figure)
    return layer


def on_layer(layer: Layer):
    """A new figure showing ``layer``, with a transparent Axes where the base's axes were; draw on it and save.

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
    from matplotlib.image import imread

    figure = plt.figure(figsize=(layer.width / DPI, layer.height / DPI), dpi=DPI)
    figure.figimage(imread(io.BytesIO(layer.png), format="png"), 0, 0, origin="upper", zorder=-1)  # under the axes
    ax = figure.add_axes(layer.position)
    ax.set_xscale(layer.xscale)
    ax.set_yscale(layer.yscale)
    ax.set_xlim(layer.xlim)
    ax.set_ylim(layer.ylim)
    ax.set_axis_off()
    ax.patch.set_visible(False)
    return ax
