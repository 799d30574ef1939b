"""Plots for notebooks and reports.  Every function returns its Axes and writes no file.

Seaborn and matplotlib are imported inside the functions, so importing the
package stays fast.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> from cbresearch.coverage import need_coverage_by_region
>>> ax = funnel_plot(need_coverage_by_region(), "elderly_beds_per_1000_65plus")
>>> ax.get_xlabel()
'Denominatore (popolazione di riferimento)'
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .vocab import ITALY

QUADRANT_COLOURS = {
    "Attenzione!": "#c0392b",
    "Peggioramento!": "#e67e22",
    "Sulla buona strada!": "#2e86c1",
    "Miglioramento!": "#27ae60",
}


def _axes(ax, figsize=(7, 4.5)):
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def _rows(table: pd.DataFrame, indicator: str) -> pd.DataFrame:
    rows = table[(table["indicator"] == indicator) & (table["status"] == "ok")]
    if rows.empty:
        raise ValueError(f"no data for indicator {indicator!r}; expected one of {sorted(table['indicator'].unique())}")
    return rows


def funnel_plot(table: pd.DataFrame, indicator: str, highlight: str | None = None, ax=None):
    """Funnel plot of regions around Italy with 95 % and 99.8 % limits.

    Parameters
    ----------
    table : DataFrame
        Output of :func:`cbresearch.coverage.need_coverage_by_region`.
    indicator : str
        Indicator key.
    highlight : str, optional
        Region code to label and mark.
    ax : Axes, optional
    """
    from .coverage import INDICATOR_BY_KEY, funnel_limits_proportion, funnel_limits_rate
    from .stats import Z95, Z998

    rows = _rows(table, indicator)
    meta = INDICATOR_BY_KEY[indicator]
    regions = rows[rows["region_code"] != ITALY]
    italy = float(rows.loc[rows["region_code"] == ITALY, "value"].iloc[0])
    size = regions["expected"] if meta.kind == "ratio" else regions["denominator"]
    ax = _axes(ax)
    grid = np.linspace(max(float(size.min()) * 0.8, 1), float(size.max()) * 1.1, 300)
    limit = funnel_limits_proportion if meta.kind == "proportion" else funnel_limits_rate
    for z, style, name in ((Z95, "--", "95%"), (Z998, ":", "99,8%")):
        lo, hi = limit(italy / meta.multiplier, grid, z)
        ax.plot(grid, lo * meta.multiplier, style, color="0.4", label=f"limiti {name}")
        ax.plot(grid, hi * meta.multiplier, style, color="0.4")
    ax.axhline(italy, color="black", linewidth=1, label="Italia")
    ax.scatter(size, regions["value"], color="#2e86c1", zorder=3)
    for _, row in regions.iterrows():
        bold = row["region_code"] == highlight
        ax.annotate(
            row["region"],
            (row["expected"] if meta.kind == "ratio" else row["denominator"], row["value"]),
            fontsize=8 if bold else 6,
            fontweight="bold" if bold else "normal",
            xytext=(3, 2),
            textcoords="offset points",
        )
    ax.set_xscale("log")
    ax.set_xlabel("Denominatore (popolazione di riferimento)")
    ax.set_ylabel(f"{meta.label} ({meta.unit})")
    ax.set_title(f"{meta.label}, {int(rows['year'].iloc[0])}", fontsize=10)
    ax.legend(fontsize=7, loc="best")
    return ax


def region_vs_italy(table: pd.DataFrame, region_code: str, indicators: list[str] | None = None, ax=None):
    """Horizontal bars of a region's value against Italy (100 = Italy), with intervals.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from cbresearch.coverage import need_coverage_by_region
    >>> ax = region_vs_italy(need_coverage_by_region(), "08")
    >>> ax.get_xlabel()
    'Italia = 100'
    """
    ok = table[table["status"] == "ok"]
    indicators = indicators or list(dict.fromkeys(ok["indicator"]))
    region = ok[ok["region_code"] == region_code].set_index("indicator").reindex(indicators)
    italy = ok[ok["region_code"] == ITALY].set_index("indicator").reindex(indicators)
    index = 100 * region["value"] / italy["value"]
    low = 100 * region["lower_95"] / italy["value"]
    high = 100 * region["upper_95"] / italy["value"]
    ax = _axes(ax, (7, 0.5 + 0.45 * len(indicators)))
    positions = np.arange(len(indicators))
    ax.barh(positions, index - 100, left=100, color=["#2e86c1" if v >= 100 else "#e67e22" for v in index.fillna(100)])
    ax.errorbar(index, positions, xerr=[index - low, high - index], fmt="none", ecolor="black", capsize=3)
    ax.axvline(100, color="black", linewidth=1)
    ax.set_yticks(positions, [str(label)[:60] for label in region["label"].fillna(pd.Series(indicators))])
    ax.invert_yaxis()
    ax.set_xlabel("Italia = 100")
    name = region["region"].dropna().iloc[0] if region["region"].notna().any() else region_code
    ax.set_title(f"{name} rispetto all'Italia", fontsize=10)
    return ax


def quadrant_scatter(table: pd.DataFrame, indicator: str, highlight: str | None = None, ax=None):
    """The seed's priority grid: gap from Italy (variability) × annual change (trend).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from cbresearch.coverage import need_coverage_by_region
    >>> ax = quadrant_scatter(need_coverage_by_region(), "elderly_beds_per_1000_65plus")
    >>> ax.get_ylabel()
    'Variazione media annua (%, nel verso del miglioramento)'
    """
    from .coverage import INDICATOR_BY_KEY
    from .priority import thresholds

    meta = INDICATOR_BY_KEY[indicator]
    rows = _rows(table, indicator)
    rows = rows[rows["region_code"] != ITALY]
    settings = thresholds()
    gap = settings["variability"]["high_if_gap_from_italy_pct_at_least"]
    cut = settings["trend"]["worse_if_annual_change_pct_below"]
    signed = rows["annual_change_pct"] * (-1 if meta.polarity == "lower_is_better" else 1)
    ax = _axes(ax, (7, 5))
    ax.scatter(
        rows["gap_from_italy_pct"].abs(), signed, c=[QUADRANT_COLOURS.get(q, "0.5") for q in rows["quadrant"]], zorder=3
    )
    for (_, row), y in zip(rows.iterrows(), signed, strict=True):
        bold = row["region_code"] == highlight
        ax.annotate(
            row["region"],
            (abs(row["gap_from_italy_pct"]), y),
            fontsize=8 if bold else 6,
            fontweight="bold" if bold else "normal",
            xytext=(3, 2),
            textcoords="offset points",
        )
    ax.axvline(gap, color="0.3", linestyle="--")
    ax.axhline(cut, color="0.3", linestyle="--")
    xmax = max(float(rows["gap_from_italy_pct"].abs().max()) * 1.1, gap * 2)
    ymin, ymax = ax.get_ylim()
    for label, (x, y) in {
        "Attenzione!": (gap + (xmax - gap) / 2, ymin + (cut - ymin) / 2),
        "Sulla buona strada!": (gap + (xmax - gap) / 2, cut + (ymax - cut) / 2),
        "Peggioramento!": (gap / 2, ymin + (cut - ymin) / 2),
        "Miglioramento!": (gap / 2, cut + (ymax - cut) / 2),
    }.items():
        ax.text(x, y, label, ha="center", va="center", fontsize=9, color=QUADRANT_COLOURS[label], alpha=0.6)
    ax.set_xlim(0, xmax)
    ax.set_xlabel("Variabilità: distanza dall'Italia (%, in valore assoluto)")
    ax.set_ylabel("Variazione media annua (%, nel verso del miglioramento)")
    ax.set_title(f"Priority setting: {meta.label}", fontsize=10)
    return ax
