"""The figures every report shares, drawn once per batch: national heatmaps and the bases of maps and plots.

Each base is a :class:`~cbresearch.publish.layers.Layer`.  The batch draws
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

from .. import config
from ..analysis.coverage import regions_with_data
from ..analysis.matrices import TOTAL
from ..data.fingerprint import data_version
from ..files import StagedOutputs, json_bytes
from .batch.plan import code_version
from .coverage_cache import need_coverage
from .layers import Layer, capture
from .lineage import published_classification, published_need_target
from .maps import choropleth
from .plots import funnel_base, matrix_heatmap, quadrant_base

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
    return f"{data_version()}|{code_version()}|{year}"


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
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
            if stored["key"] != key:
                raise KeyError(name)
            _DRAWN[(name, key)] = Layer.from_json(stored["layer"])
        except (FileNotFoundError, KeyError, json.JSONDecodeError):  # no batch has drawn it for these data
            _DRAWN[(name, key)] = capture(BASES[name](year))
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
    folder = figures_dir(processed_dir)
    folder.mkdir(parents=True, exist_ok=True)
    key = figures_key(year)
    written = []
    with StagedOutputs() as staged:
        for name, draw in BASES.items():
            path = folder / f"{name}.json"
            written.append(path)
            if _stored_key(path) == key:
                continue
            layer = capture(draw(year))
            staged.write_bytes(path, json_bytes({"key": key, "layer": layer.to_json()}))
    return written


def _stored_key(path: Path) -> str | None:
    """The key a base was written with (None when there is no readable base)."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))["key"]
    except (FileNotFoundError, KeyError, json.JSONDecodeError):
        return None
