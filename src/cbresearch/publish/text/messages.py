"""What a figure says, in one Italian sentence: its alternative text (and the reader's summary).

An alternative text states the figure's message with its numbers, e.g.
``"Emilia-Romagna: 33,0 per 1.000 (posti letto …, 2018), sopra l'Italia
(23,0)"``, never "figura".  Every number goes through
:mod:`cbresearch.formats`; counts hidden by :mod:`cbresearch.check.disclosure.protect`
are never quoted.

Examples
--------
>>> funnel_alt(coverage_table, "elderly_beds_per_1000_65plus", "08")[:60]
'Grafico a imbuto. Emilia-Romagna: 33,0 per 1.000 (Posti lett'
"""

from __future__ import annotations

import pandas as pd

from ...analysis.coverage import regions_with_data
from ...analysis.indicators import INDICATOR_BY_KEY, Indicator
from ...analysis.labels import Comparison, FunnelPosition, Side
from ...analysis.matrices import TOTAL
from ...check.disclosure.protect import Protected
from ...data.schema.regions import ITALY
from ...formats import number, percent, signed

#: the side of Italy (coverage table) as a phrase
PHRASE: dict[Side | None, str] = {
    Side.HIGHER: "sopra l'Italia",
    Side.LOWER: "sotto l'Italia",
    Side.SIMILAR: "simile all'Italia",
}
#: where a region falls in the funnel plot, as a phrase
FUNNEL_PLACE = {
    FunnelPosition.OUTSIDE: "fuori dai limiti di controllo al 99,8 %",
    FunnelPosition.BETWEEN: "tra i limiti di controllo al 95 % e al 99,8 %",
    FunnelPosition.WITHIN_95: "dentro i limiti di controllo al 95 %",
}


def value_text(value: float, meta: Indicator) -> str:
    """A value with its unit: ``24,49 %``, ``33,2 per 1.000``, ``1,095 (rapporto O/A)``.

    Examples
    --------
    >>> value_text(33.21, INDICATOR_BY_KEY["elderly_beds_per_1000_65plus"])
    '33,2 per 1.000'
    """
    if meta.unit == "%":
        return percent(value, meta.decimals)
    if meta.unit.startswith("per "):
        return f"{number(value, meta.decimals)} {meta.unit}"
    return f"{number(value, meta.decimals)} ({meta.unit})"


def comparison_text(comparison: object, italy: str = "") -> str:
    """``"higher (better)"`` → ``"sopra l'Italia, meglio"``; with ``italy``, Italy's value in brackets.

    Examples
    --------
    >>> comparison_text("lower (worse)", "23,0"), comparison_text("similar")
    ("sotto l'Italia (23,0), peggio", "simile all'Italia, entro la variabilità tra le regioni")
    """
    member = Comparison(str(comparison))
    phrase = PHRASE.get(member.side, "")  # Italy itself and a region not compared have no side
    if italy:
        phrase += f" ({italy})"
    if member.side is Side.SIMILAR:
        phrase += ", entro la variabilità tra le regioni"
    elif member.verdict is not None:
        phrase += f", {member.verdict.label}"
    return phrase


def _row(coverage: pd.DataFrame, indicator: str, code: str) -> pd.Series:
    rows = coverage[(coverage["indicator"] == indicator) & (coverage["region_code"] == code)]
    return rows.iloc[0]


def indicator_sentence(coverage: pd.DataFrame, indicator: str, code: str) -> str:
    """One region's value of an indicator against Italy.

    Examples
    --------
    >>> indicator_sentence(coverage_table, "share_65_plus", "08")
    "Emilia-Romagna: 24,49 % (Quota di popolazione 65+, 2023), simile all'Italia (24,04 %), entro la variabilità tra le regioni"
    """
    meta = INDICATOR_BY_KEY[indicator]
    row = _row(coverage, indicator, code)
    return (
        f"{row['region']}: {value_text(row['value'], meta)} ({meta.label}, {int(row['year'])}), "
        f"{comparison_text(row['comparison_with_italy'], value_text(row['italy_value'], meta))}"
    )


def _extremes(coverage: pd.DataFrame, indicator: str) -> str:
    meta = INDICATOR_BY_KEY[indicator]
    rows = regions_with_data(coverage, indicator).sort_values("value")
    low, high = rows.iloc[0], rows.iloc[-1]
    return (
        f"da {value_text(low['value'], meta)} ({low['region']}) a {value_text(high['value'], meta)} ({high['region']})"
    )


def _funnel_place(row: pd.Series) -> str:
    return FUNNEL_PLACE.get(FunnelPosition(str(row["funnel_position"])), FUNNEL_PLACE[FunnelPosition.WITHIN_95])


def funnel_alt(coverage: pd.DataFrame, indicator: str, highlight: str | None) -> str:
    """The funnel plot's message: the region against Italy, or how many regions fall outside the limits.

    Examples
    --------
    >>> "regioni fuori dai limiti" in funnel_alt(coverage_table, "share_65_plus", None)
    True
    """
    meta = INDICATOR_BY_KEY[indicator]
    if highlight:
        row = _row(coverage, indicator, highlight)
        return f"Grafico a imbuto. {indicator_sentence(coverage, indicator, highlight)}; {_funnel_place(row)}."
    rows = regions_with_data(coverage, indicator)
    outside = int((rows["funnel_position"] == FunnelPosition.OUTSIDE).sum())
    italy = _row(coverage, indicator, ITALY)
    return (
        f"Grafico a imbuto. {meta.label}, {int(italy['year'])}: Italia {value_text(italy['value'], meta)}; "
        f"{outside} regioni fuori dai limiti di controllo al 99,8 %; valori {_extremes(coverage, indicator)}."
    )


def map_alt(coverage: pd.DataFrame, indicator: str, highlight: str | None) -> str:
    """The map's message: the range across regions and the highlighted region's value.

    Examples
    --------
    >>> map_alt(coverage_table, "share_65_plus", "08").startswith("Mappa delle regioni")
    True
    """
    meta = INDICATOR_BY_KEY[indicator]
    italy = _row(coverage, indicator, ITALY)
    text = f"Mappa delle regioni: {meta.label}, {int(italy['year'])}, {_extremes(coverage, indicator)}"
    if highlight:
        row = _row(coverage, indicator, highlight)
        text += f"; {row['region']} (bordata in nero) {value_text(row['value'], meta)}"
    return text + "."


def comparison_alt(coverage: pd.DataFrame, code: str) -> str:
    """The region-against-Italy bars: which indicators are above, below or in line with Italy.

    Examples
    --------
    >>> comparison_alt(coverage_table, "08").split(":")[0]
    "Emilia-Romagna rispetto all'Italia"
    """
    rows = coverage[(coverage["region_code"] == code) & (coverage["status"] == "ok")]
    groups: dict[str, list[str]] = {}
    for _, row in rows.iterrows():
        groups.setdefault(comparison_text(row["comparison_with_italy"]).split(",")[0], []).append(row["label"])
    parts = [f"{phrase}: {'; '.join(labels)}" for phrase, labels in groups.items()]
    return f"{rows['region'].iloc[0]} rispetto all'Italia: " + ". ".join(parts) + "."


def quadrant_alt(coverage: pd.DataFrame, indicator: str, highlight: str | None) -> str:
    """The priority grid: the region's quadrant, or how many regions fall in each.

    Examples
    --------
    >>> quadrant_alt(coverage_table, "elderly_beds_per_1000_65plus", "08")
    "Griglia delle priorità, Posti letto residenziali per anziani per 1.000 residenti 65+: Emilia-Romagna in nessun quadrante (trend stabile) (distanza dall'Italia 44,5 %, variazione media annua +2,3 %)."
    """
    meta = INDICATOR_BY_KEY[indicator]
    rows = regions_with_data(coverage, indicator)
    head = f"Griglia delle priorità, {meta.label}: "
    if highlight:
        row = rows[rows["region_code"] == highlight].iloc[0]
        where = (
            f"nel quadrante «{row['quadrant']}»"
            if isinstance(row["quadrant"], str)
            else "in nessun quadrante (trend stabile)"
        )
        return (
            f"{head}{row['region']} {where} (distanza dall'Italia {percent(abs(row['gap_from_italy_pct']), 1)}, "
            f"variazione media annua {signed(row['annual_change_pct'], 1)} %)."
        )
    counts = rows["quadrant"].fillna("trend stabile").value_counts()
    return head + "; ".join(f"{label} {n}" for label, n in counts.items()) + " regioni."


def matrix_alt(matrix: pd.DataFrame, what: str) -> str:
    """A published national matrix: its total and its largest cell.

    Examples
    --------
    >>> m = pd.DataFrame({"Ist.": [3, 1, 4], "Totale": [3, 1, 4]}, index=["a", "b", "Totale"])
    >>> matrix_alt(m, "esperienze per attività × approccio")
    'Mappa di calore: 4 esperienze per attività × approccio; la cella più numerosa è a × Ist. (3).'
    """
    body = matrix.drop(index=TOTAL, columns=TOTAL, errors="ignore")
    stacked = body.stack()
    (row, column), top = stacked.idxmax(), stacked.max()
    return (
        f"Mappa di calore: {number(int(matrix.loc[TOTAL, TOTAL]))} {what}; la cella più numerosa è "
        f"{row} × {column} ({number(int(top))})."
    )


def scale_alt(protected: Protected, name: str) -> str:
    """The questionnaire bars: per item, the share answering 4 or 5 when the table shows both counts.

    Examples
    --------
    >>> from cbresearch.check.disclosure.protect import protect
    >>> counts = pd.DataFrame({1: [0], 2: [0], 3: [5], 4: [5], 5: [10], "Totale": [20]}, index=["Adeguatezza"])
    >>> scale_alt(protect(counts), "Italia")
    'Risposte delle aziende di Italia, quota di 4 o 5 (molto o totalmente): Adeguatezza 75,0 %.'
    """
    parts = []
    for item in protected.counts.index:
        if protected.hidden.loc[item, [4, 5, TOTAL]].any():
            parts.append(f"{item} non mostrata (conteggi piccoli)")
            continue
        share = (
            100 * (protected.counts.loc[item, 4] + protected.counts.loc[item, 5]) / protected.counts.loc[item, TOTAL]
        )
        parts.append(f"{item} {percent(share, 1)}")
    return f"Risposte delle aziende di {name}, quota di 4 o 5 (molto o totalmente): {'; '.join(parts)}."
