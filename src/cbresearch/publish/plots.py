"""Plots for notebooks and reports.  Every function returns its Axes and writes no file.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> from cbresearch.analysis.coverage import need_coverage_by_region
>>> ax = funnel_plot(need_coverage_by_region(), "elderly_beds_per_1000_65plus")
>>> ax.get_xlabel()
'Denominatore (popolazione di riferimento)'
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..analysis.indicators import INDICATOR_BY_KEY, IndicatorKind, Polarity
from ..analysis.matrices import TOTAL
from ..analysis.networks import power_interest_grid
from ..analysis.priority import thresholds
from ..analysis.stats import Z95, Z998, funnel_limits_proportion, funnel_limits_rate
from ..data.regions import ITALY
from ..data.vocab import LIKERT_LABELS, SURVEY_ITEMS

# seaborn and matplotlib are imported inside the functions: `import cbresearch` must not pay for them.

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


def _label_points(ax, rows: pd.DataFrame, xs, ys, highlight: str | None) -> None:
    """Name each region next to its point; the highlighted one in bold."""
    for code, name, x, y in zip(rows["region_code"], rows["region"], xs, ys, strict=True):
        bold = code == highlight
        ax.annotate(
            name,
            (x, y),
            fontsize=8 if bold else 6,
            fontweight="bold" if bold else "normal",
            xytext=(3, 2),
            textcoords="offset points",
        )


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
    rows = _rows(table, indicator)
    meta = INDICATOR_BY_KEY[indicator]
    regions = rows[rows["region_code"] != ITALY]
    italy = float(rows.loc[rows["region_code"] == ITALY, "value"].iloc[0])
    size = regions["expected"] if meta.kind is IndicatorKind.RATIO else regions["denominator"]
    ax = _axes(ax)
    grid = np.linspace(max(float(size.min()) * 0.8, 1), float(size.max()) * 1.1, 300)
    limit = funnel_limits_proportion if meta.kind is IndicatorKind.PROPORTION else funnel_limits_rate
    for z, style, name in ((Z95, "--", "95%"), (Z998, ":", "99,8%")):
        lo, hi = limit(italy / meta.multiplier, grid, z)
        ax.plot(grid, lo * meta.multiplier, style, color="0.4", label=f"limiti {name}")
        ax.plot(grid, hi * meta.multiplier, style, color="0.4")
    ax.axhline(italy, color="black", linewidth=1, label="Italia")
    ax.scatter(size, regions["value"], color="#2e86c1", zorder=3)
    _label_points(ax, regions, size, regions["value"], highlight)
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
    >>> from cbresearch.analysis.coverage import need_coverage_by_region
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
    >>> from cbresearch.analysis.coverage import need_coverage_by_region
    >>> ax = quadrant_scatter(need_coverage_by_region(), "elderly_beds_per_1000_65plus")
    >>> ax.get_ylabel()
    'Variazione media annua (%, nel verso del miglioramento)'
    """
    meta = INDICATOR_BY_KEY[indicator]
    rows = _rows(table, indicator)
    rows = rows[rows["region_code"] != ITALY]
    settings = thresholds()
    gap = settings["variability"]["high_if_gap_from_italy_pct_at_least"]
    cut = 0.0  # a fall in the better direction is a worsening (when the trend test says it is significant)
    signed = rows["annual_change_pct"] * (-1 if meta.polarity is Polarity.LOWER_IS_BETTER else 1)
    ax = _axes(ax, (7, 5))
    ax.scatter(
        rows["gap_from_italy_pct"].abs(), signed, c=[QUADRANT_COLOURS.get(q, "0.5") for q in rows["quadrant"]], zorder=3
    )
    _label_points(ax, rows, rows["gap_from_italy_pct"].abs(), signed, highlight)
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


def matrix_heatmap(matrix: pd.DataFrame, title: str = "", ax=None, reconstructed: bool = True):
    """Heatmap of a count matrix (margins dropped), annotated with the counts.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import cbresearch as cb
    >>> from cbresearch.analysis.matrices import classification_matrix
    >>> ax = matrix_heatmap(classification_matrix(cb.load("initiatives")), "Attività × approccio")
    >>> ax.get_title()
    'Attività × approccio (dati ricostruiti)'
    """
    import seaborn as sns

    body = matrix.drop(index=TOTAL, columns=TOTAL, errors="ignore")
    ax = _axes(ax, (1.6 + 1.1 * body.shape[1], 0.6 + 0.45 * body.shape[0]))
    sns.heatmap(body, annot=True, fmt="d", cmap="Blues", cbar=False, linewidths=0.5, linecolor="white", ax=ax)
    ax.set_yticks(np.arange(len(body)) + 0.5, [str(label)[:55] for label in body.index], rotation=0, fontsize=8)
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_title(f"{title} (dati ricostruiti)" if reconstructed else title, fontsize=10)
    return ax


def likert_bars(survey: pd.DataFrame, ax=None):
    """Diverging stacked bars of the four questionnaire items (1-2 left of 0, 3 centred, 4-5 right).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import cbresearch as cb
    >>> ax = likert_bars(cb.load("survey"))
    >>> len(ax.get_yticklabels())
    4
    """
    colours = {1: "#b2182b", 2: "#ef8a62", 3: "#d9d9d9", 4: "#67a9cf", 5: "#2166ac"}
    ax = _axes(ax, (8, 3.2))
    labels = list(SURVEY_ITEMS.values())
    for row, column in enumerate(SURVEY_ITEMS):
        answers = survey[column].dropna().astype(int)
        shares = {s: 100 * (answers == s).mean() for s in range(1, 6)}
        left = -(shares[1] + shares[2] + shares[3] / 2)
        for score in range(1, 6):
            ax.barh(
                row,
                shares[score],
                left=left,
                color=colours[score],
                edgecolor="white",
                label=f"{score} - {LIKERT_LABELS[score]}" if row == 0 else None,
            )
            if shares[score] >= 6:
                ax.text(left + shares[score] / 2, row, f"{shares[score]:.0f}%", ha="center", va="center", fontsize=7)
            left += shares[score]
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_yticks(range(len(labels)), labels, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("% delle aziende (a sinistra 1-2, a destra 4-5; il 3 è centrato sullo zero)")
    ax.legend(fontsize=7, ncol=5, loc="upper center", bbox_to_anchor=(0.5, -0.25), frameon=False)
    ax.set_title("Adeguatezza e implementazione delle logiche di community building (dati ricostruiti)", fontsize=10)
    return ax


def power_interest_plot(networks_frame: pd.DataFrame, ax=None):
    """Mendelow's power-interest grid with the number of networks in each quadrant.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import cbresearch as cb
    >>> ax = power_interest_plot(cb.load("networks"))
    >>> ax.get_xlabel()
    'Interesse'
    """
    from matplotlib.patches import Rectangle

    grid = power_interest_grid(networks_frame)
    total = int(grid["networks"].sum())
    ax = _axes(ax, (5.5, 5))
    positions = {"basso": 0, "alto": 1}
    for _, row in grid.iterrows():
        x, y = positions[row["interest"]], positions[row["influence"]]
        share = row["networks"] / total if total else 0
        ax.add_patch(Rectangle((x, y), 1, 1, color=(0.12, 0.31, 0.47, 0.15 + 0.75 * share)))
        ax.text(x + 0.5, y + 0.58, f"{row['networks']} reti", ha="center", fontsize=12, fontweight="bold")
        ax.text(x + 0.5, y + 0.38, row["strategy"], ha="center", fontsize=8, wrap=True)
    ax.set_xlim(0, 2)
    ax.set_ylim(0, 2)
    ax.set_xticks([0.5, 1.5], ["basso", "alto"])
    ax.set_yticks([0.5, 1.5], ["bassa", "alta"])
    ax.set_xlabel("Interesse")
    ax.set_ylabel("Influenza")
    ax.set_title("Griglia interesse-influenza delle reti (dati ricostruiti)", fontsize=10)
    return ax
