"""The figures every report shares, drawn once per batch: national heatmaps and the bases of maps and plots.

Each base is a :class:`~cbresearch.publish.figures.layers.Layer`.  The batch draws
them all before the regions run (:func:`write_shared_figures`, a command:
it writes ``data/processed/figures``); a report reads a base from there when
its key matches (data version, code version, year), or draws it itself, so a
report looks the same whether a batch prepared it or not.  Reading never
writes.

Examples
--------
>>> sorted(BASES)[:3]
['funnel', 'funnel-marked', 'heatmap-initiatives']
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from ... import config
from ...analysis.coverage import regions_with_data
from ...analysis.matrices import TOTAL
from ...data.store.cache import cache_key, read_cached, write_cached
from ...files import json_bytes
from ..figures.layers import Layer, capture
from ..figures.maps import choropleth
from ..figures.plots import funnel_base, matrix_heatmap, quadrant_base
from .coverage import need_coverage
from .lineage import published_classification, published_need_target

#: the indicator of the funnel plot and the priority grid
FUNNEL = "elderly_beds_per_1000_65plus"
#: the two indicators drawn on the maps
MAPPED = ("share_65_plus", "elderly_beds_per_1000_65plus")


def _heatmap_initiatives(year: int | None):
    national = published_classification()
    title = f"Italia: attività × approccio delle {int(national.loc[TOTAL, TOTAL])} esperienze (seed 004)"
    return matrix_heatmap(national, title, None, False)


def _heatmap_needs(year: int | None):
    national = published_need_target()
    return matrix_heatmap(national, f"Italia: bisogno × target ({int(national.loc[TOTAL, TOTAL])} coppie, seed 004)",
                          None, False)  # fmt: skip


def _map(indicator: str) -> Callable:
    def draw(year: int | None):
        rows = regions_with_data(need_coverage(year), indicator)
        title = f"{rows['label'].iloc[0]}, {int(rows['year'].iloc[0])}"
        return choropleth(rows.set_index("region_code")["value"], title=title, label=rows["unit"].iloc[0])

    return draw


#: name -> how to draw the base for a year
BASES: dict[str, Callable] = {
    "heatmap-initiatives": _heatmap_initiatives,
    "heatmap-needs": _heatmap_needs,
    **{f"map-{indicator}": _map(indicator) for indicator in MAPPED},
    "funnel": lambda year: funnel_base(need_coverage(year), FUNNEL),
    "funnel-marked": lambda year: funnel_base(need_coverage(year), FUNNEL, marked=True),
    "quadrant": lambda year: quadrant_base(need_coverage(year), FUNNEL),
}
_DRAWN: dict[tuple[str, str], Layer] = {}  # bases drawn in this process, by (name, key)


def figures_dir(processed_dir: Path | None = None) -> Path:
    """Where the batch keeps the bases.

    Examples
    --------
    >>> figures_dir(Path("x")).as_posix()
    'x/figures'
    """
    return Path(processed_dir or config.PROCESSED_DIR) / "figures"


def figures_key(year: int | None) -> str:
    """What the bases were drawn from: the data version, the code version and the year.

    Examples
    --------
    >>> figures_key(None) == figures_key(None), figures_key(None) == figures_key(2019)
    (True, False)
    """
    return cache_key("figures", year)


def shared_layer(name: str, year: int | None = None, key: str | None = None) -> Layer:
    """The base ``name``: the batch's copy when it is current, else drawn here (and kept for this process).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> shared_layer("map-share_65_plus").width
    550
    """
    key = key or figures_key(year)
    path = figures_dir() / f"{name}.json"
    if (name, key) not in _DRAWN:
        stored = read_cached(path, key)
        # no batch has drawn it for these data and this code: drawn here
        _DRAWN[(name, key)] = capture(BASES[name](year)) if stored is None else Layer.from_json(json.loads(stored))
    return _DRAWN[(name, key)]


def write_shared_figures(year: int | None = None, processed_dir: Path | None = None) -> list[Path]:
    """Draw every base for ``year`` and write it with its key, unless it is current (a command: the batch calls it).

    Examples
    --------
    >>> import matplotlib, tempfile
    >>> matplotlib.use("Agg")
    >>> with tempfile.TemporaryDirectory() as folder:  # doctest: +SLOW
    ...     [p.name for p in write_shared_figures(None, Path(folder))][:2]
    ['heatmap-initiatives.json', 'heatmap-needs.json']
    """
    folder, key = figures_dir(processed_dir), figures_key(year)
    written = []
    for name, draw in BASES.items():
        path = folder / f"{name}.json"
        if read_cached(path, key) is None:
            write_cached(path, key, json_bytes(capture(draw(year)).to_json()))
        written.append(path)
    return written
