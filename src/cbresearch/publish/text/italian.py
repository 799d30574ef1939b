"""Words and numbers as an Italian reader expects them in published pages.

Examples
--------
>>> italian_label("higher (better)"), italian_label("stable")
('più alto (meglio)', 'stabile')
"""

from __future__ import annotations

from ...analysis.labels import LABELS


def italian_label(label: object) -> object:
    """The Italian label of a value of the coverage table's vocabularies (:mod:`cbresearch.analysis.labels`).

    Other values pass through: a value is looked up whole, never translated word by word.

    Examples
    --------
    >>> italian_label("lower (worse)"), italian_label(3.5)
    ('più basso (peggio)', 3.5)
    """
    return LABELS.get(label, label) if isinstance(label, str) else label


#: column names of the published tables (the CSV files keep the names of the data) -> headings of their pages
HEADINGS = {
    "text": "Nota di lettura",
    "holds": "Verificata",
    "evidence": "Evidenza",
    "item": "Domanda",
    "score": "Punteggio",
    "count": "Numero",
    "percent": "Percentuale (%)",
    "n": "n",
    "mean": "Media",
    "median": "Mediana",
    "share_4_or_5": "Quota 4-5 (%)",
    "share_lower_95": "IC 95 % inf.",
    "share_upper_95": "IC 95 % sup.",
    "dimension": "Dimensione",
    "n_pairs": "Coppie",
    "n_lower": "Implementazione minore",
    "n_equal": "Uguali",
    "n_higher": "Implementazione maggiore",
    "mean_difference": "Differenza media",
    "t_plus": "T+",
    "t_minus": "T−",
    "wilcoxon_p_less": "p di Wilcoxon (unilaterale)",
    "wilcoxon_p_two_sided": "p di Wilcoxon (bilaterale)",
    "sign_p_less": "p del test del segno",
    "rank_biserial": "Correlazione rank-biserial",
    "pairings": "Accoppiamenti",
    "min_lower_minus_higher": "Minimo (minori − maggiori)",
    "max_lower_minus_higher": "Massimo (minori − maggiori)",
    "best_p_less": "p migliore",
    "worst_p_less": "p peggiore",
    "robust": "Robusta",
    "measure": "Misura",
    "total": "Totale",
    "voce": "Voce",
    "mentions_target": "Menzioni (target)",
    "total_mentions_target": "Menzioni totali (target)",
    "percent_target": "Quota (target, %)",
    "mentions_intervento": "Menzioni (intervento)",
    "total_mentions_intervento": "Menzioni totali (intervento)",
    "percent_intervento": "Quota (intervento, %)",
    "interest": "Interesse",
    "influence": "Influenza",
    "networks": "Reti",
    "strategy": "Strategia",
    "mapper": "Ente mappante",
    "mapper_type": "Tipo di ente",
    "blau_categories": "Indice di Blau (categorie)",
    "blau_capital": "Indice di Blau (capitale sociale)",
    "n_bonding": "Bonding",
    "n_bridging": "Bridging",
    "n_linking": "Linking",
    "target": "Target",
    "users": "Utenti in carico",
    "need": "Bisogno",
    "coverage_recomputed": "Copertura ricalcolata (%)",
    "coverage_published": "Copertura pubblicata (%)",
    "agrees": "Concorda",
    "recomputed_interval": "Copertura ricalcolata: intervallo dalle cifre stampate",
    "need_implied_by_published": "Bisogno implicito nella quota pubblicata",
    "note": "Nota",
    # the need-coverage table (cb.coverage.need_coverage_by_region), as the course shows it
    "indicator": "Indicatore",
    "label": "Descrizione",
    "year": "Anno",
    "value": "Valore",
    "lower_95": "IC 95 % inf.",
    "upper_95": "IC 95 % sup.",
    "italy_value": "Italia",
    "quadrant": "Quadrante",
    "unit": "Unità",
    "region": "Regione",
    "region_code": "Codice regione",
    "comparison_with_italy": "Confronto con l'Italia",
    "overdispersion_phi": "Sovradispersione φ",
    "between_region_tau2": "Varianza tra regioni τ²",
    "z_adjusted": "z corretto",
    "p_adjusted": "p corretto",
    "trend": "Trend",
    "trend_p_value": "Trend, p",
    "trend_dispersion": "Trend, dispersione",
    "funnel_lower_95": "Limite inf. 95 % (tra regioni)",
    "funnel_upper_95": "Limite sup. 95 % (tra regioni)",
}


def heading(column: object) -> str:
    """The Italian heading of a data column (the name itself when it is already Italian).

    Examples
    --------
    >>> heading("share_4_or_5"), heading("Attività")
    ('Quota 4-5 (%)', 'Attività')
    """
    return HEADINGS.get(str(column), str(column))
