"""Plots for notebooks and reports.  Every function returns its Axes and writes no file.

Colours, tick labels and wrapping follow :mod:`cbresearch.publish.figures.style`:
Okabe–Ito colours with distinct markers, Italian numbers, labels wrapped and
never cut, legends and captions outside the data.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> ax = funnel_plot(coverage_table, "elderly_beds_per_1000_65plus")
>>> ax.get_xlabel()
'Popolazione di riferimento (scala logaritmica); limiti corretti per la variabilità tra regioni'
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
import pandas as pd

from ...analysis.coverage import funnel_limits
from ...analysis.dispersion import Dispersion
from ...analysis.indicators import INDICATOR_BY_KEY, IndicatorKind, Polarity
from ...analysis.matrices import TOTAL
from ...analysis.networks import power_interest_grid
from ...analysis.priority import thresholds
from ...analysis.survey import score_counts
from ...data.schema.regions import ITALY
from ...data.schema.vocab import LIKERT_LABELS
from ...formats import number
from .style import OKABE_ITO, SCALE_COLOURS, italian_ticks, new_axes, wrap

# seaborn and matplotlib are imported inside the functions: `import cbresearch` must not pay for them.

#: quadrant -> (colour, marker): colour and shape both tell the quadrants apart
QUADRANT_STYLE = {
    "Attenzione!": (OKABE_ITO["vermilion"], "X"),
    "Peggioramento!": (OKABE_ITO["orange"], "v"),
    "Sulla buona strada!": (OKABE_ITO["blue"], "^"),
    "Miglioramento!": (OKABE_ITO["bluish_green"], "o"),
}
STABLE = "trend stabile (nessun quadrante)"
#: how the report's own region is marked on the funnel plot
MARK = {"color": OKABE_ITO["vermilion"], "marker": "D", "s": 70, "edgecolors": "white", "zorder": 4}
HIDDEN_ANSWERS = "non mostrato (<5 o ris.)"


def _axes(ax, figsize: tuple[float, float]):
    return new_axes(figsize) if ax is None else ax


def _label_points(ax, names: list[str], xs, ys, bold: Collection[str] = (), avoid=None) -> None:
    """Name the given points; adjustText moves the labels off each other and off the points in ``avoid``."""
    from adjustText import adjust_text

    texts = [
        ax.text(x, y, f" {name}", fontsize=8, ha="left", va="bottom", fontweight="bold" if name in bold else "normal")
        for name, x, y in zip(names, xs, ys, strict=True)
    ]
    if texts and avoid is not None:
        adjust_text(  # a number of iterations, not adjustText's default 1-second limit: the same labels every run
            texts, x=list(avoid[0]), y=list(avoid[1]), ax=ax, iter_lim=ADJUST_ITERATIONS,
            arrowprops={"arrowstyle": "-", "color": "0.5", "lw": 0.5},
        )  # fmt: skip


#: how long adjustText may move labels apart, in iterations (deterministic, unlike its default time limit)
ADJUST_ITERATIONS = 300


def _rows(table: pd.DataFrame, indicator: str) -> pd.DataFrame:
    rows = table[(table["indicator"] == indicator) & (table["status"] == "ok")]
    if rows.empty:
        raise ValueError(f"no data for indicator {indicator!r}; expected one of {sorted(table['indicator'].unique())}")
    return rows


def _legend_below(ax, columns: int) -> None:
    ax.legend(fontsize=8, ncol=columns, loc="upper center", bbox_to_anchor=(0.5, -0.16), frameon=False)


def _sizes(rows: pd.DataFrame, indicator: str) -> pd.Series:
    """The funnel's x: the expected count for ratios, the denominator otherwise."""
    return rows["expected"] if INDICATOR_BY_KEY[indicator].kind is IndicatorKind.RATIO else rows["denominator"]


def funnel_base(table: pd.DataFrame, indicator: str, marked: bool = False, ax=None):
    """The funnel plot without its highlighted region: limits, Italy and every region (drawn once per batch).

    With ``marked`` the legend also explains the diamond that :func:`funnel_mark` adds.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> funnel_base(coverage_table, "share_65_plus").get_legend().get_texts()[0].get_text()
    'limiti di controllo al 95 %'
    """
    rows = _rows(table, indicator)
    meta = INDICATOR_BY_KEY[indicator]
    regions = rows[rows["region_code"] != ITALY]
    italy = float(rows.loc[rows["region_code"] == ITALY, "value"].iloc[0])
    size = _sizes(regions, indicator)
    ax = _axes(ax, (7.5, 5.2))
    grid = np.geomspace(max(float(size.min()) * 0.8, 1), float(size.max()) * 1.2, 300)
    first = regions.iloc[0]
    dispersion = Dispersion(
        float(first["overdispersion_phi"]), float(first["between_region_tau2"]) / meta.multiplier**2, len(regions)
    )
    limits = funnel_limits(meta, italy, grid, dispersion)
    for key, style, name in (("95", "--", "95 %"), ("99_8", ":", "99,8 %")):
        lo, hi = limits[key]
        ax.plot(grid, lo, style, color="0.35", label=f"limiti di controllo al {name}")
        ax.plot(grid, hi, style, color="0.35")
    ax.axhline(italy, color="black", linewidth=1, label=f"Italia ({number(italy, meta.decimals)})")
    ax.scatter(size, regions["value"], color=OKABE_ITO["blue"], zorder=3, label="regioni")
    if marked:
        ax.scatter([], [], **MARK, label="regione del rapporto")
    ax.set_xscale("log")
    italian_ticks(ax.xaxis)
    italian_ticks(ax.yaxis)
    ax.set_xlabel("Popolazione di riferimento (scala logaritmica); limiti corretti per la variabilità tra regioni")
    ax.set_ylabel(meta.unit)
    ax.set_title(wrap(f"{meta.label}, {int(rows['year'].iloc[0])}: le regioni rispetto all'Italia", 70), fontsize=10)
    _legend_below(ax, 3)
    return ax


def funnel_mark(ax, table: pd.DataFrame, indicator: str, highlight: str | None = None) -> None:
    """Mark and name the highlighted region on a funnel plot; without one, name the two highest and two lowest."""
    rows = _rows(table, indicator)
    regions = rows[rows["region_code"] != ITALY]
    mine = regions["region_code"] == highlight
    if mine.any():
        ax.scatter(_sizes(regions[mine], indicator), regions.loc[mine, "value"], **MARK)
        named = regions[mine]
    else:
        order = regions.sort_values("value")
        named = pd.concat([order.head(2), order.tail(2)])
    _label_points(ax, list(named["region"]), _sizes(named, indicator), named["value"], set(regions.loc[mine, "region"]),
                  avoid=(_sizes(regions, indicator), regions["value"]))  # fmt: skip


def funnel_plot(table: pd.DataFrame, indicator: str, highlight: str | None = None, ax=None):
    """Funnel plot of regions around Italy with 95 % and 99,8 % control limits.

    Parameters
    ----------
    table : DataFrame
        Output of :func:`cbresearch.analysis.coverage.need_coverage_by_region`.
    indicator : str
        Indicator key.
    highlight : str, optional
        Region code to mark and name; without it the two highest and two lowest regions are named.
    ax : Axes, optional
    """
    ax = funnel_base(table, indicator, highlight is not None, ax)
    funnel_mark(ax, table, indicator, highlight)
    return ax


def region_vs_italy(table: pd.DataFrame, region_code: str, indicators: list[str] | None = None, ax=None):
    """Horizontal bars of a region's value against Italy (100 = Italy), with 95 % intervals.

    A grey band behind each bar spans the values "in line with Italy" once the variation between regions is
    allowed for (the adjusted 95 % limits of :mod:`~cbresearch.analysis.dispersion`): a bar ending inside it
    is "simile", whatever its own interval.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> ax = region_vs_italy(coverage_table, "08")
    >>> ax.get_xlabel()
    'Valore della regione, Italia = 100 (con intervallo di confidenza al 95 %)'
    """
    ok = table[table["status"] == "ok"]
    indicators = indicators or list(dict.fromkeys(ok["indicator"]))
    region = ok[ok["region_code"] == region_code].set_index("indicator").reindex(indicators)
    italy = ok[ok["region_code"] == ITALY].set_index("indicator").reindex(indicators)
    index = 100 * region["value"] / italy["value"]
    low = 100 * region["lower_95"] / italy["value"]
    high = 100 * region["upper_95"] / italy["value"]
    labels = [wrap(label, 44) for label in region["label"].fillna(pd.Series(indicators, index=region.index))]
    lines = sum(label.count("\n") + 1 for label in labels)
    ax = _axes(ax, (8, 1.0 + 0.3 * lines + 0.15 * len(indicators)))
    positions = np.arange(len(indicators))
    colours = [OKABE_ITO["blue"] if v >= 100 else OKABE_ITO["orange"] for v in index.fillna(100)]
    similar_low = 100 * region["funnel_lower_95"] / italy["value"]
    similar_high = 100 * region["funnel_upper_95"] / italy["value"]
    ax.barh(positions, similar_high - similar_low, left=similar_low, height=0.9, color="0.88", zorder=0,
            label="entro la variabilità tra le regioni (95 %)")  # fmt: skip
    ax.barh(positions, index - 100, left=100, color=colours, height=0.5)
    ax.errorbar(index, positions, xerr=[index - low, high - index], fmt="none", ecolor="black", capsize=3)
    ax.axvline(100, color="black", linewidth=1)
    ax.set_yticks(positions, labels, fontsize=8)
    ax.invert_yaxis()
    italian_ticks(ax.xaxis)
    ax.set_xlabel("Valore della regione, Italia = 100 (con intervallo di confidenza al 95 %)")
    ax.legend(fontsize=8, loc="lower right", frameon=False)
    name = region["region"].dropna().iloc[0] if region["region"].notna().any() else region_code
    ax.set_title(f"{name} rispetto all'Italia: barre a destra di 100 = valore più alto", fontsize=10)
    return ax


def _quadrant_captions(ax, gap: float, xmax: float, low: float, high: float) -> None:
    """Write the four quadrant names in bands above and below the points: they never cover data."""
    band = 0.16 * (high - low)
    ax.set_ylim(low - band, high + band)
    places = {
        "Miglioramento!": (gap / 2, high + band / 2),
        "Sulla buona strada!": ((gap + xmax) / 2, high + band / 2),
        "Peggioramento!": (gap / 2, low - band / 2),
        "Attenzione!": ((gap + xmax) / 2, low - band / 2),
    }
    for label, (x, y) in places.items():
        ax.text(x, y, label, ha="center", va="center", fontsize=9, fontweight="bold", color=QUADRANT_STYLE[label][0])


def _quadrant_points(table: pd.DataFrame, indicator: str) -> tuple[pd.DataFrame, pd.Series, pd.Series]:
    """The regions of the grid, their gap from Italy (x) and their change in the better direction (y)."""
    meta = INDICATOR_BY_KEY[indicator]
    rows = _rows(table, indicator)
    rows = rows[rows["region_code"] != ITALY]
    ys = rows["annual_change_pct"] * (-1 if meta.polarity is Polarity.LOWER_IS_BETTER else 1)
    return rows, rows["gap_from_italy_pct"].abs(), ys


def quadrant_base(table: pd.DataFrame, indicator: str, ax=None):
    """The priority grid without names: every region in its quadrant's colour and shape (drawn once per batch).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> quadrant_base(coverage_table, "elderly_beds_per_1000_65plus").texts[0].get_text()
    'Miglioramento!'
    """
    meta = INDICATOR_BY_KEY[indicator]
    rows, xs, ys = _quadrant_points(table, indicator)
    gap = thresholds()["variability"]["high_if_gap_from_italy_pct_at_least"]
    ax = _axes(ax, (7.5, 6))
    for label, (colour, marker) in {**QUADRANT_STYLE, STABLE: ("0.55", "s")}.items():
        chosen = (rows["quadrant"] == label) if label != STABLE else rows["quadrant"].isna()
        if chosen.any():
            ax.scatter(xs[chosen], ys[chosen], color=colour, marker=marker, s=45, zorder=3, label=label)
    ax.axvline(gap, color="0.3", linestyle="--", linewidth=0.8)
    ax.axhline(0, color="0.3", linestyle="--", linewidth=0.8)
    xmax = max(float(xs.max()) * 1.1, gap * 2)
    ax.set_xlim(0, xmax)
    _quadrant_captions(ax, gap, xmax, min(float(ys.min()), 0.0), max(float(ys.max()), 0.0))
    italian_ticks(ax.xaxis)
    italian_ticks(ax.yaxis)
    ax.set_xlabel("Variabilità: distanza dall'Italia (%, in valore assoluto)")
    ax.set_ylabel("Variazione media annua (%, nel verso del miglioramento)")
    ax.set_title(wrap(f"Priorità di intervento: {meta.label}", 70), fontsize=10)
    _legend_below(ax, 3)
    return ax


def quadrant_mark(ax, table: pd.DataFrame, indicator: str, highlight: str | None = None) -> None:
    """Ring and name the highlighted region on the grid; without one, name the regions in "Attenzione!"."""
    rows, xs, ys = _quadrant_points(table, indicator)
    named = rows["region_code"] == highlight if highlight else rows["quadrant"] == "Attenzione!"
    if highlight:
        ax.scatter(xs[named], ys[named], s=160, facecolors="none", edgecolors="black", linewidths=1.4, zorder=4)
    _label_points(ax, list(rows.loc[named, "region"]), xs[named], ys[named], set(rows.loc[named, "region"]), (xs, ys))


def quadrant_scatter(table: pd.DataFrame, indicator: str, highlight: str | None = None, ax=None):
    """The seed's priority grid: gap from Italy (variability) × annual change (trend).

    Regions whose trend is stable belong to no quadrant and are drawn grey.  The
    highlighted region is ringed and named; without one, the regions in "Attenzione!" are named.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> ax = quadrant_scatter(coverage_table, "elderly_beds_per_1000_65plus")
    >>> ax.get_ylabel()
    'Variazione media annua (%, nel verso del miglioramento)'
    """
    ax = quadrant_base(table, indicator, ax)
    quadrant_mark(ax, table, indicator, highlight)
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
    rows = [wrap(label, 42) for label in body.index]
    lines = sum(label.count("\n") + 1 for label in rows)
    ax = _axes(ax, (3.8 + 1.15 * body.shape[1], 1.2 + 0.26 * lines + 0.12 * len(rows)))
    sns.heatmap(body, annot=body.map(lambda v: number(v)), fmt="", cmap="Blues", cbar=False, linewidths=0.5,
                linecolor="white", ax=ax, annot_kws={"fontsize": 8})  # fmt: skip
    ax.set_yticks(np.arange(len(body)) + 0.5, rows, rotation=0, fontsize=8)
    ax.set_xticks(np.arange(body.shape[1]) + 0.5, [wrap(c, 14) for c in body.columns], rotation=0, fontsize=8)
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_title(wrap(f"{title} (dati ricostruiti)" if reconstructed else title, 70), fontsize=10)
    return ax


def likert_bars(survey: pd.DataFrame, ax=None, hidden: pd.DataFrame | None = None):
    """Stacked bars of the four questionnaire items: the share of each answer, 1 to 5, left to right.

    Parameters
    ----------
    survey : DataFrame
        The answers (one row per health authority).
    hidden : DataFrame of bool, optional
        Items × scores that a table hides (:mod:`cbresearch.check.disclosure.protect`): they are merged into one
        hatched segment, so the bars reveal nothing the table hides.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import cbresearch as cb
    >>> ax = likert_bars(cb.load("survey"))
    >>> len(ax.get_yticklabels())
    4
    """
    counts = score_counts(survey)
    scores = list(range(1, 6))
    hidden = hidden.reindex(index=counts.index, columns=scores) if hidden is not None else None
    ax = _axes(ax, (8, 3.6))
    for row, item in enumerate(counts.index):
        total = counts.loc[item, "Totale"]
        left = 0.0
        covered = 0.0
        for score in scores:
            if hidden is not None and hidden.loc[item, score]:
                covered += counts.loc[item, score]
                continue
            share = 100 * counts.loc[item, score] / total
            ax.barh(row, share, left=left, color=SCALE_COLOURS[score], edgecolor="white",
                    label=f"{score} – {LIKERT_LABELS[score].lower()}" if row == 0 else None)  # fmt: skip
            if share >= 8:
                dark = score in (1, 5)
                ax.text(left + share / 2, row, f"{number(share, 0)} %", ha="center", va="center", fontsize=8,
                        color="white" if dark else "black")  # fmt: skip
            left += share
        if covered:
            ax.barh(row, 100 * covered / total, left=left, color="white", edgecolor="0.4", hatch="///",
                    label=HIDDEN_ANSWERS if HIDDEN_ANSWERS not in ax.get_legend_handles_labels()[1] else None)  # fmt: skip
    ax.set_yticks(range(len(counts)), [wrap(item, 30) for item in counts.index], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    italian_ticks(ax.xaxis, 0, " %")
    ax.set_xlabel("Quota delle aziende rispondenti")
    _legend_below(ax, 3)
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
        ax.add_patch(Rectangle((x, y), 1, 1, color=(0.0, 0.45, 0.7, 0.12 + 0.6 * share)))
        ax.text(x + 0.5, y + 0.6, f"{number(row['networks'])} reti", ha="center", fontsize=12, fontweight="bold")
        ax.text(x + 0.5, y + 0.35, wrap(row["strategy"], 24), ha="center", va="center", fontsize=8)
    ax.set_xlim(0, 2)
    ax.set_ylim(0, 2)
    ax.set_xticks([0.5, 1.5], ["basso", "alto"])
    ax.set_yticks([0.5, 1.5], ["bassa", "alta"])
    ax.set_xlabel("Interesse")
    ax.set_ylabel("Influenza")
    ax.set_title("Griglia interesse-influenza delle reti (dati ricostruiti)", fontsize=10)
    return ax
