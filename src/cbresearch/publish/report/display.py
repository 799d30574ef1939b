"""Tables and figures in a notebook the Italian way: numbers with a decimal comma, Italian headings, figures with text.

:func:`italian_display` teaches the running IPython session to show

* a DataFrame (or Series) as an accessible table whose numbers are written the
  Italian way and whose columns get their Italian headings
  (:func:`cbresearch.publish.text.italian.heading`); the data themselves are
  untouched;
* a matplotlib figure as a PNG with an alternative text made of its title and
  axis labels (a report's figures say their message instead: see
  :mod:`cbresearch.publish.text.messages`).

The course lessons call it through :func:`cbresearch.publish.course.exercises.start`.

Examples
--------
>>> html = frame_html(pd.DataFrame({"count": [1234], "percent": [12.5]}))
>>> "1.234" in html and "12,5" in html and "Numero" in html
True
"""

from __future__ import annotations

import pandas as pd

from ..figures.style import png, png_bundle
from ..tables.seed_tables import page_table


def frame_html(frame: pd.DataFrame | pd.Series) -> str:
    """A DataFrame as the course pages show it: Italian headings and numbers, the index as the first column.

    Examples
    --------
    >>> "<th scope=\\"col\\">Domanda</th>" in frame_html(pd.DataFrame({"item": ["a"]}))
    True
    """
    if isinstance(frame, pd.Series):
        frame = frame.to_frame()
    if not isinstance(frame.index, pd.RangeIndex):
        frame = frame.reset_index()
    frame = frame.copy()
    frame.columns = [" · ".join(map(str, c)) if isinstance(c, tuple) else str(c) for c in frame.columns]
    return page_table(frame, "").html()


def figure_alt(figure) -> str:
    """An alternative text for a figure drawn in a lesson: its titles and axis labels.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> _, ax = plt.subplots()
    >>> _ = ax.set(title="Quota 65+", xlabel="Anno", ylabel="%")
    >>> figure_alt(ax.figure)
    'Grafico: Quota 65+ (asse orizzontale: Anno; asse verticale: %)'
    """
    parts = []
    for ax in figure.axes:
        title = " ".join(ax.get_title().split())
        axes = "; ".join(
            f"{name}: {label}" for name, label in (("asse orizzontale", ax.get_xlabel()), ("asse verticale",
                                                                                            ax.get_ylabel())) if label
        )  # fmt: skip
        if title or axes:
            parts.append(f"{title} ({axes})" if axes and title else title or axes)
    return "Grafico: " + ("; ".join(parts) if parts else "senza titolo")


def _figure_bundle(figure, include=None, exclude=None):
    return png_bundle(png(figure), figure_alt(figure))


def italian_display(shell=None) -> bool:
    """Show DataFrames and figures the Italian way in this IPython session; False outside IPython.

    Examples
    --------
    >>> italian_display()  # not in a notebook: nothing to do
    False
    """
    if shell is None:
        from IPython import get_ipython

        shell = get_ipython()
    if shell is None:
        return False
    from matplotlib.figure import Figure

    formatters = shell.display_formatter
    formatters.formatters["text/html"].for_type(pd.DataFrame, frame_html)
    formatters.formatters["text/html"].for_type(pd.Series, frame_html)
    formatters.mimebundle_formatter.for_type(Figure, _figure_bundle)
    return True
