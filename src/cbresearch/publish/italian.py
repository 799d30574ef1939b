"""Words and numbers as an Italian reader expects them in published pages.

Examples
--------
>>> italian_label("higher (better)"), italian_label("stable")
('più alto (meglio)', 'stabile')
"""

from __future__ import annotations

#: the comparison and trend labels of the coverage table, in Italian
LABELS = {
    "higher": "più alto",
    "lower": "più basso",
    "similar": "simile",
    "better": "meglio",
    "worse": "peggio",
    "benchmark": "riferimento",
    "not compared": "non confrontato",
    "improving": "in miglioramento",
    "worsening": "in peggioramento",
    "stable": "stabile",
    "increasing": "in aumento",
    "decreasing": "in diminuzione",
    "not enough years": "anni insufficienti",
}


def italian_label(label: object) -> object:
    """Translate the comparison and trend labels of the coverage table; other values pass through.

    Examples
    --------
    >>> italian_label("lower (worse)"), italian_label(3.5)
    ('più basso (peggio)', 3.5)
    """
    if not isinstance(label, str):
        return label
    for english, italian in sorted(LABELS.items(), key=lambda kv: -len(kv[0])):
        label = label.replace(english, italian)
    return label
