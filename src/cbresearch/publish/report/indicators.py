"""The report's indicator sections: demography and need coverage, maps, priority setting (ISTAT data).

Each function shows its section in a :class:`cbresearch.publish.report.regional.RegionalReport` (whose methods of the
same name call them); San Marino has no ISTAT data and gets a sentence instead.

Examples
--------
>>> from cbresearch.publish.report.regional import RegionalReport
>>> shown = []
>>> demography_section(RegionalReport("SM", display=shown.append))
>>> shown[0].data.startswith("San Marino non è coperto")
True
"""

from __future__ import annotations

import pandas as pd

from ...analysis import regional
from ...analysis.indicators import INDICATOR_BY_KEY, INDICATORS, Polarity
from ...analysis.priority import explain
from ...data.schema.regions import ITALY, SAN_MARINO
from ..figures.maps import outline_region
from ..figures.plots import QUADRANT_STYLE, STABLE, funnel_mark, quadrant_mark, region_vs_italy
from ..tables.report_table import frame_table
from ..text.italian import italian_label
from ..text.messages import comparison_alt, funnel_alt, map_alt, quadrant_alt
from .canvas import Canvas
from .shared_figures import FUNNEL, MAPPED

#: the indicators with a polarity: the only ones placed in the priority quadrant
POLARISED = tuple(i.key for i in INDICATORS if i.polarity is not Polarity.NONE)


def demography_section(report: Canvas) -> None:
    """Demography and need coverage against Italy, with 95 % intervals and trend.

    Examples
    --------
    >>> from cbresearch.publish.report.regional import RegionalReport
    >>> shown = []
    >>> demography_section(RegionalReport("IT", display=shown.append))
    >>> shown[0].caption
    'Italia: indicatori di demografia e copertura del bisogno (ISTAT)'
    """
    if report.code == SAN_MARINO:
        report.show_markdown(
            "San Marino non è coperto dalle statistiche ISTAT: **nessun dato** demografico o di "
            "copertura del bisogno disponibile."
        )
        return
    rows = regional.indicators_for_region(report.code, report.coverage)
    places = [INDICATOR_BY_KEY[key].decimals for key in rows["indicator"]]
    table = pd.DataFrame(
        {
            "Indicatore": rows["label"].to_numpy(),
            "Unità": rows["unit"].to_numpy(),
            "Anno": rows["year"].astype("Int64").to_numpy(),
            "Valore": rows["value"].to_numpy(),
            "IC 95 % inf.": rows["lower_95"].to_numpy(),
            "IC 95 % sup.": rows["upper_95"].to_numpy(),
            "Italia": rows["italy_value"].to_numpy(),
            "Confronto con l'Italia": rows["comparison_with_italy"].map(italian_label).to_numpy(),
            "Trend (ultimi 5 anni)": rows["trend"].map(italian_label).to_numpy(),
        }
    )
    numbers = ("Valore", "IC 95 % inf.", "IC 95 % sup.", "Italia")
    report.show_table(
        frame_table(
            table,
            f"{report.name}: indicatori di demografia e copertura del bisogno (ISTAT)",
            dict.fromkeys(numbers, places),
            note="IC 95 %: intervallo al 95 % (Wilson per le quote, Byar per i posti letto; per le persone con "
            "limitazioni gravi, stima campionaria ISTAT, l'intervallo dovuto all'arrotondamento della cifra "
            "pubblicata). Confronto «simile»: la regione cade entro la variabilità tra le regioni attorno all'Italia "
            "(limiti al 95 % corretti per la sovradispersione); «più alto» o «più basso» oltre quei limiti.",
        )
    )
    if report.code != ITALY:
        report.show_figure(region_vs_italy(report.coverage, report.code), comparison_alt(report.coverage, report.code))


def maps_section(report: Canvas) -> None:
    """Choropleths of the region among the others, and the funnel plot.

    Examples
    --------
    >>> from cbresearch.publish.report.regional import RegionalReport
    >>> shown = []
    >>> maps_section(RegionalReport("SM", display=shown.append))
    >>> shown[0].data
    'Nessuna mappa: San Marino non ha dati ISTAT.'
    """
    if report.code == SAN_MARINO:
        report.show_markdown("Nessuna mappa: San Marino non ha dati ISTAT.")
        return
    highlight = None if report.code == ITALY else report.code
    outline = (lambda ax: outline_region(ax, report.code)) if highlight else None
    for indicator in MAPPED:
        report.show_shared(f"map-{indicator}", map_alt(report.coverage, indicator, highlight), outline)
    report.show_shared(
        "funnel-marked" if highlight else "funnel",
        funnel_alt(report.coverage, FUNNEL, highlight),
        lambda ax: funnel_mark(ax, report.coverage, FUNNEL, highlight),
    )


def _regions_by_quadrant(report: Canvas, rows: pd.DataFrame) -> None:
    """Italy's report: for each indicator, the regions in each quadrant (names, not counts)."""
    rows = rows[rows["region_code"] != ITALY]
    columns = [*QUADRANT_STYLE, STABLE]
    table = pd.DataFrame(
        [
            {
                "Indicatore": label,
                **{
                    quadrant: ", ".join(group.loc[group["quadrant"].fillna(STABLE) == quadrant, "region"]) or "–"
                    for quadrant in columns[:-1]
                },
                # most trends are not significant: the count, the names are in the grid of each indicator
                STABLE: f"{int(group['quadrant'].isna().sum())} regioni",
            }
            for label, group in rows.groupby("label", sort=False)
        ]
    )
    report.show_table(
        frame_table(table.rename(columns={STABLE: STABLE.capitalize()}), "Regioni per quadrante di priorità")
    )


def priority_section(report: Canvas) -> None:
    """The seed's priority quadrant for the indicators with a polarity.

    Examples
    --------
    >>> from cbresearch.publish.report.regional import RegionalReport
    >>> shown = []
    >>> priority_section(RegionalReport("SM", display=shown.append))
    >>> shown[0].data
    'Nessun quadrante di priorità: mancano i dati ISTAT.'
    """
    if report.code == SAN_MARINO:
        report.show_markdown("Nessun quadrante di priorità: mancano i dati ISTAT.")
        return
    rows = report.coverage[(report.coverage["indicator"].isin(POLARISED)) & (report.coverage["status"] == "ok")]
    if report.code == ITALY:
        _regions_by_quadrant(report, rows)
    else:
        mine = rows[rows["region_code"] == report.code]
        table = pd.DataFrame(
            {
                "Indicatore": mine["label"].to_numpy(),
                "Distanza dall'Italia (%)": mine["gap_from_italy_pct"].to_numpy(),
                "Variazione media annua (%)": mine["annual_change_pct"].to_numpy(),
                "Quadrante": mine["quadrant"].fillna(STABLE).to_numpy(),
            }
        )
        decimals = {"Distanza dall'Italia (%)": 1, "Variazione media annua (%)": 1}
        report.show_table(frame_table(table, f"{report.name}: quadrante di priorità", decimals))
    report.show_markdown(explain())
    highlight = None if report.code == ITALY else report.code
    report.show_shared(
        "quadrant",
        quadrant_alt(report.coverage, FUNNEL, highlight),
        lambda ax: quadrant_mark(ax, report.coverage, FUNNEL, highlight),
    )
