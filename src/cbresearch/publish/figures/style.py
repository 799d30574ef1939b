"""What every figure shares: colour-blind-safe colours, Italian tick labels, wrapped labels, PNG with its text.

* Colours: the Okabe–Ito palette for categories (safe for the common
  colour-vision deficiencies), ``viridis`` for maps, ColorBrewer ``RdBu`` for
  the 1–5 scale; categories also differ by marker shape, so colour is never
  the only cue.
* Numbers on axes and colour bars go through :func:`cbresearch.formats.number`
  (``1.000.000``, ``24,5``), never the machine's locale.
* Long labels are wrapped on word boundaries, never cut.
* A report's figure leaves as SVG (vector: sharp on screen and in the PDF at
  any size, its text drawn as outlines of Titillium Web) inside an ``<img>``
  whose alternative text states the figure's message (:func:`figure_html`);
  a figure shared by every report is a base with the region's marks on a
  transparent layer above it (:mod:`cbresearch.publish.figures.layers`).  Lesson and
  overview figures stay PNG (:func:`png_bundle`).

Examples
--------
>>> wrap("Posti letto residenziali (anziani e disabili) per 1.000 persone con limitazioni gravi", 40)
'Posti letto residenziali (anziani e\\ndisabili) per 1.000 persone con\\nlimitazioni gravi'
"""

from __future__ import annotations

import base64
import io
import textwrap

from ...formats import number
from ..typeface import use_in_charts

# matplotlib is imported inside the functions: `import cbresearch` must not pay for it.

#: Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision deficiency
OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermilion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
    "grey": "#7F7F7F",
}
#: the 1–5 answer scale, ColorBrewer RdBu (diverging, colour-blind safe); hidden answers are white, hatched
SCALE_COLOURS = {1: "#b2182b", 2: "#ef8a62", 3: "#d9d9d9", 4: "#67a9cf", 5: "#2166ac"}
DPI = 100


def wrap(text: object, width: int = 38) -> str:
    """Break a label on word boundaries into lines of at most ``width`` characters (never cut).

    Examples
    --------
    >>> wrap("Quota di popolazione 65+", 40)
    'Quota di popolazione 65+'
    """
    return textwrap.fill(str(text), width=width, break_long_words=False, break_on_hyphens=False)


def tick_text(value: float, decimals: int | None = None) -> str:
    """A tick label: Italian number, whole numbers without decimals.

    Examples
    --------
    >>> tick_text(1000000.0), tick_text(24.5), tick_text(0.5, 2)
    ('1.000.000', '24,5', '0,50')
    """
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 1
    return number(value, decimals)


def italian_ticks(axis, decimals: int | None = None, suffix: str = "") -> None:
    """Write the tick labels of a matplotlib axis (``ax.xaxis``, ``ax.yaxis``, a colour bar's) the Italian way.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> _, ax = plt.subplots()
    >>> italian_ticks(ax.yaxis, 1, " %")
    >>> ax.yaxis.get_major_formatter()(24.25, 0)
    '24,2 %'
    """
    from matplotlib.ticker import FuncFormatter, NullFormatter

    axis.set_major_formatter(FuncFormatter(lambda value, _position: tick_text(value, decimals) + suffix))
    axis.set_minor_formatter(NullFormatter())


def new_axes(figsize: tuple[float, float]):
    """A figure with one Axes, laid out by matplotlib's constrained layout (nothing cut at the edges).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> new_axes((4, 3)).figure.get_layout_engine().__class__.__name__
    'ConstrainedLayoutEngine'
    """
    _, ax = subplots(figsize=figsize, layout="constrained")
    return ax


def subplots(*args, **kwargs):
    """``matplotlib.pyplot.subplots`` with the project's typeface (:mod:`cbresearch.publish.typeface`).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> figure, ax = subplots(figsize=(2, 2))
    >>> ax.title.get_fontfamily()[0]
    'Titillium Web'
    """
    import matplotlib.pyplot as plt

    use_in_charts()
    return plt.subplots(*args, **kwargs)


def png(figure) -> bytes:
    """The figure as PNG bytes (the figure is left open).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> png(new_axes((2, 2)).figure)[:4]
    b'\\x89PNG'
    """
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def svg(figure, transparent: bool = False) -> bytes:
    """The figure as SVG bytes: text as paths, no date, stable ids (the same figure gives the same bytes).

    With ``transparent`` it has no background: a layer to lay over a base (:func:`figure_html`).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> figure = new_axes((2, 2)).figure
    >>> svg(figure) == svg(figure), b"<svg" in svg(figure), b"fill: #ffffff" in svg(figure, transparent=True)
    (True, True, False)
    """
    import matplotlib

    buffer = io.BytesIO()
    ids = "cb-layer" if transparent else "cb"  # a layer and its base never share an id on one page
    with matplotlib.rc_context({"svg.fonttype": "path", "svg.hashsalt": "cbresearch", "svg.id": ids}):
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None}, transparent=transparent)
    return buffer.getvalue()


def figure_html(image: bytes, alt: str, layer: bytes | None = None, width: int = 750) -> str:
    """A report's figure: the SVG in an ``<img>`` with its alternative text, and an optional layer laid over it.

    ``width`` is the widest the figure is shown on screen, in CSS pixels (narrower screens scale it down).

    The layer is decorative for assistive technology (``alt=""``, ``role="presentation"``): the base's
    alternative text states the whole figure's message, the region's marks included.

    Examples
    --------
    >>> html = figure_html(b"<svg/>", "Emilia-Romagna sopra l'Italia", b"<svg/>")
    >>> html.count("<img"), 'alt="Emilia-Romagna sopra l&#39;Italia"' in html, 'role="presentation"' in html
    (2, True, True)
    """
    from ..pages import render

    if not alt.strip():
        raise ValueError("a figure needs an alternative text that states its message")
    return render("report_figure.html.j2", image=svg_uri(image), alt=alt, layer=svg_uri(layer) if layer else None,
                  width=width)  # fmt: skip


def svg_uri(data: bytes) -> str:
    """An SVG as a ``data:`` URI, percent-encoded rather than base64 (a fifth smaller: pages load faster).

    Examples
    --------
    >>> svg_uri(b'<svg width="1"><path d="M 0 0"/></svg>')
    "data:image/svg+xml;charset=utf-8,%3Csvg width='1'%3E%3Cpath d='M 0 0'/%3E%3C/svg%3E"
    """
    from urllib.parse import quote

    text = data.decode("utf-8").replace('"', "'")
    return "data:image/svg+xml;charset=utf-8," + quote(" ".join(text.split()), safe=" '=:/;.,-()*+!$@")


def png_bundle(image: bytes, alt: str) -> tuple[dict, dict]:
    """A display bundle for a PNG and its alternative text (``alt`` of the ``<img>`` in the published page).

    The text is also the bundle's plain-text form, for readers of the notebook without images.

    Examples
    --------
    >>> data, metadata = png_bundle(b"\\x89PNG", "Emilia-Romagna sopra l'Italia")
    >>> sorted(data), metadata["image/png"]["alt"]
    (['image/png', 'text/plain'], "Emilia-Romagna sopra l'Italia")
    """
    if not alt.strip():
        raise ValueError("a figure needs an alternative text that states its message")
    return (
        {"image/png": base64.b64encode(image).decode("ascii"), "text/plain": alt},
        {"image/png": {"alt": alt}},
    )
