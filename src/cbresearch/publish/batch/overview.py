"""The overview on the index page: a map of the headline indicator and every region against Italy.

Like the area profiles of public-health observatories, each cell of the
table shows a region's value and is coloured by its comparison with Italy
(better / similar / worse when the indicator has a polarity, higher / similar /
lower when it has none, beyond the variation between regions: the comparison
of :mod:`cbresearch.analysis.coverage`); an arrow and a hidden sentence
say the same for those who cannot tell the colours apart or do not see them.

The overview is computed once per data and code version and kept next to the
index (``.overview.json``), so a run with nothing to rebuild stays fast.

Examples
--------
>>> cell_class("higher (better)", "higher_is_better"), cell_class("lower", "none"), cell_class("similar", "none")
('better', 'lower', 'similar')
"""

from __future__ import annotations

import json
from pathlib import Path

from ...analysis.labels import Comparison, Side, Verdict
from ...data.store.cache import read_cached, write_cached
from ...files import atomic_write_bytes, json_bytes
from ...formats import number

HEADLINE = "elderly_beds_per_1000_65plus"
CACHE = ".overview.json"
#: class -> (arrow, words for screen readers, legend)
CLASSES = {
    "better": ("▲ ▼", "meglio dell'Italia", "meglio dell'Italia, oltre la variabilità tra le regioni"),
    "worse": ("▲ ▼", "peggio dell'Italia", "peggio dell'Italia, oltre la variabilità tra le regioni"),
    "higher": (
        "▲",
        "più alto dell'Italia",
        "più alto, oltre la variabilità tra le regioni (indicatore senza verso migliore)",
    ),
    "lower": (
        "▼",
        "più basso dell'Italia",
        "più basso, oltre la variabilità tra le regioni (indicatore senza verso migliore)",
    ),
    "similar": ("●", "simile all'Italia", "simile all'Italia: entro la variabilità tra le regioni (95 %)"),
    "benchmark": ("", "valore di riferimento", "Italia, valore di riferimento"),
    "missing": ("", "nessun dato", "nessun dato"),
}


def cell_class(comparison: object, polarity: str) -> str:
    """The colour class of a cell from the coverage table's comparison with Italy.

    Examples
    --------
    >>> cell_class("benchmark", "none"), cell_class(None, "none")
    ('benchmark', 'missing')
    """
    if not isinstance(comparison, str) or comparison not in set(Comparison):
        return "missing"
    member = Comparison(comparison)
    if member.verdict is not None:
        return member.verdict.value
    if member is Comparison.BENCHMARK:
        return "benchmark"
    return member.side.value if member.side is not None else "missing"


def _arrow(kind: str, comparison: str) -> str:
    if kind in (Verdict.BETTER, Verdict.WORSE):
        return "▲" if Comparison(comparison).side is Side.HIGHER else "▼"
    return CLASSES[kind][0]


def overview(year: int | None = None) -> dict:
    """The overview's content: columns, one row per report code, the map as PNG (base64) with its text.

    Examples
    --------
    >>> data = overview()  # doctest: +SLOW
    >>> len(data["rows"]), data["rows"]["08"][4]["class"]  # doctest: +SLOW
    (22, 'similar')
    """
    import base64

    import matplotlib.pyplot as plt

    from ...analysis.coverage import regions_with_data
    from ...analysis.indicators import INDICATORS
    from ...data.build.istat_update import sources_in_use
    from ...data.schema.regions import all_report_codes
    from ..figures.maps import choropleth
    from ..figures.style import png
    from ..report.coverage import need_coverage
    from ..text.messages import map_alt

    coverage = need_coverage(year)
    by_key = coverage.set_index(["region_code", "indicator"])
    rows = {}
    for code in all_report_codes():
        cells = []
        for meta in INDICATORS:
            if (code, meta.key) not in by_key.index or by_key.loc[(code, meta.key), "status"] != "ok":
                cells.append({"text": "–", "class": "missing", "arrow": "", "words": CLASSES["missing"][1]})
                continue
            row = by_key.loc[(code, meta.key)]
            kind = cell_class(row["comparison_with_italy"], meta.polarity.value)
            cells.append({"text": number(row["value"], meta.decimals),
                          "class": kind, "arrow": _arrow(kind, str(row["comparison_with_italy"])),
                          "words": CLASSES[kind][1]})  # fmt: skip
        rows[code] = cells
    ok = regions_with_data(coverage, HEADLINE)
    values = ok.set_index("region_code")["value"]
    meta = next(i for i in INDICATORS if i.key == HEADLINE)
    year_shown = int(ok["year"].iloc[0])
    ax = choropleth(values, title=f"{meta.label}, {year_shown}", label=meta.unit)
    image = png(ax.figure)
    plt.close(ax.figure)
    return {
        "columns": [{"short": i.short, "label": i.label, "year": _year(coverage, i.key)} for i in INDICATORS],
        "rows": rows,
        "map": {"png": base64.b64encode(image).decode("ascii"), "alt": map_alt(coverage, HEADLINE, None)},
        "legend": [{"class": kind, "arrow": arrow, "text": text} for kind, (arrow, _, text) in CLASSES.items()],
        "sources": sources_in_use(),
    }


def _year(coverage, key: str) -> int | None:
    years = coverage.loc[(coverage["indicator"] == key) & (coverage["status"] == "ok"), "year"]
    return int(years.max()) if len(years) else None


def cached_overview(out_dir: Path, key: str, year: int | None = None) -> dict:
    """The overview for ``key`` (data and code version, year): read from the folder, or computed and kept there.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:  # doctest: +SLOW
    ...     first = cached_overview(Path(folder), "k")
    ...     (Path(folder) / CACHE).exists(), cached_overview(Path(folder), "k") == first
    (True, True)
    """
    path = Path(out_dir) / CACHE
    cached = read_cached(path, key)
    if cached is not None:
        return json.loads(cached)
    content = overview(year)
    write_cached(path, key, json_bytes(content))
    return content


YEARS = ".indicator_years.json"


def years_moved(out_dir: Path, overview: dict) -> list[str]:
    """The indicators whose latest year changed since the previous run in ``out_dir`` (and remember these years).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     first = years_moved(Path(folder), {"columns": [{"short": "Quota 65+ (%)", "year": 2023}]})
    ...     years_moved(Path(folder), {"columns": [{"short": "Quota 65+ (%)", "year": 2025}]}), first
    (['Quota 65+ (%) 2023 → 2025'], [])
    """
    path = Path(out_dir) / YEARS
    now = {column["short"]: column["year"] for column in overview["columns"]}
    try:
        before = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        before = {}
    if now != before:
        atomic_write_bytes(path, json_bytes(now))
    return [f"{name} {before[name]} → {year}" for name, year in now.items() if name in before and before[name] != year]
