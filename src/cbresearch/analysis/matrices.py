"""The two classification matrices of seed 004, from the cleaned data.

* activity × approach of the 65 classified experiences
  ("La matrice di classificazione delle esperienze");
* need × target of the 72 (need, target) pairs
  ("Priority setting: la lettura del contesto (I)").

Pure functions: they take the cleaned frames (``cb.load("initiatives")``,
``cb.load("needs")``) and return DataFrames with the seed's Italian labels,
rows and columns in the seed's order, and a ``Totale`` margin.

Examples
--------
>>> import cbresearch as cb
>>> m = classification_matrix(cb.load("initiatives"))
>>> int(m.loc["Totale", "Totale"]), int(m.loc["Service design che raggiunga i target più fragili", "Istituzionale"])
(65, 14)
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..data.schema.themes import THEMES
from ..data.schema.vocab import ACTIVITIES, ACTIVITY_TYPE, APPROACHES, NEED_CODES, NEED_TARGETS
from ..formats import percent

TOTAL = "Totale"


def _with_margins(counts: pd.DataFrame) -> pd.DataFrame:
    out = counts.copy()
    out[TOTAL] = out.sum(axis=1)
    out.loc[TOTAL] = out.sum(axis=0)
    return out.astype("int64")


def classification_matrix(initiatives: pd.DataFrame) -> pd.DataFrame:
    """Counts of classified experiences by activity (rows) and approach (columns), with margins.

    Only initiatives with ``in_matrix`` true are counted; empty cells are 0.

    Examples
    --------
    >>> import cbresearch as cb
    >>> classification_matrix(cb.load("initiatives")).loc["Totale"].tolist()
    [48, 14, 2, 1, 65]
    """
    classified = initiatives[initiatives["in_matrix"].fillna(False).astype(bool)]
    counts = pd.crosstab(
        pd.Categorical(classified["activity"], categories=ACTIVITIES.labels),
        pd.Categorical(classified["approach"], categories=APPROACHES.labels),
        dropna=False,
    )
    counts.index, counts.columns = list(ACTIVITIES.labels), list(APPROACHES.labels)
    return _with_margins(counts)


def _percentages(matrix: pd.DataFrame, axis: str, decimals: int) -> pd.DataFrame:
    if axis == "row":
        totals = matrix[TOTAL].astype(float).replace(0.0, float("nan"))
        shares = matrix.div(totals, axis=0)
    else:
        totals = matrix.loc[TOTAL].astype(float).replace(0.0, float("nan"))
        shares = matrix.div(totals, axis=1)
    return (100 * shares).fillna(0.0).round(decimals)  # an empty row or column stays 0, not NaN


def row_percentages(matrix: pd.DataFrame, decimals: int = 1) -> pd.DataFrame:
    """Each cell as a percentage of its row total (rows with no experiences stay 0).

    Examples
    --------
    >>> import cbresearch as cb
    >>> row_percentages(classification_matrix(cb.load("initiatives"))).loc["Totale", "Istituzionale"]
    np.float64(73.8)
    """
    return _percentages(matrix, "row", decimals)


def column_percentages(matrix: pd.DataFrame, decimals: int = 1) -> pd.DataFrame:
    """Each cell as a percentage of its column total.

    Examples
    --------
    >>> import cbresearch as cb
    >>> column_percentages(classification_matrix(cb.load("initiatives"))).loc["Totale", "Totale"]
    np.float64(100.0)
    """
    return _percentages(matrix, "column", decimals)


def by_initiative_type(matrix: pd.DataFrame) -> pd.Series:
    """Total experiences per initiative type (Welfare di iniziativa / Reti di comunità).

    Examples
    --------
    >>> import cbresearch as cb
    >>> by_initiative_type(classification_matrix(cb.load("initiatives"))).to_dict()
    {'Welfare di iniziativa': 30, 'Reti di comunità': 35}
    """
    rows = matrix.drop(index=TOTAL)[TOTAL]
    return rows.groupby(rows.index.map(ACTIVITY_TYPE), sort=False).sum()


@dataclass(frozen=True)
class ReadingNote:
    """One of the seed's reading notes under the matrix, checked against the data."""

    text: str
    holds: bool
    evidence: str


def reading_notes(matrix: pd.DataFrame) -> list[ReadingNote]:
    """Check the three notes printed under the seed's classification matrix.

    1. "Equamente distribuiti tra welfare di iniziativa e reti di comunità":
       neither type exceeds 60 % of the experiences.
    2. "Service design più frequente": the most frequent activity is service design.
    3. "Prevale nettamente un approccio istituzionale": the institutional
       approach covers more than two thirds of the experiences.

    Examples
    --------
    >>> import cbresearch as cb
    >>> [note.holds for note in reading_notes(classification_matrix(cb.load("initiatives")))]
    [True, True, True]
    """
    types = by_initiative_type(matrix)
    total = int(matrix.loc[TOTAL, TOTAL])
    largest_type_share = 100 * types.max() / total
    activities = matrix.drop(index=TOTAL)[TOTAL]
    top = activities.idxmax()
    institutional = 100 * matrix.loc[TOTAL, "Istituzionale"] / total
    return [
        ReadingNote(
            "Equamente distribuiti tra welfare di iniziativa e reti di comunità",
            bool(largest_type_share <= 60),
            ", ".join(f"{k}: {v} ({percent(100 * v / total, 1)})" for k, v in types.items()),
        ),
        ReadingNote(
            "Service design più frequente",
            top == ACTIVITIES.labels[0],
            f"attività più frequente: {top} ({int(activities.max())} di {total})",
        ),
        ReadingNote(
            "Prevale nettamente un approccio istituzionale",
            bool(institutional > 200 / 3),
            f"istituzionale: {int(matrix.loc[TOTAL, 'Istituzionale'])} di {total} ({percent(institutional, 1)})",
        ),
    ]


def need_target_matrix(needs: pd.DataFrame) -> pd.DataFrame:
    """Counts of (need, target) pairs: needs in the seed's order (rows) × targets (columns), with margins.

    Row labels carry the seed's codes ("A Cronicità", "AP Polipatologia" …).

    Examples
    --------
    >>> import cbresearch as cb
    >>> m = need_target_matrix(cb.load("needs"))
    >>> m.loc["Totale"].tolist()
    [8, 35, 23, 3, 3, 72]
    """
    codes = {label: code for code, label in NEED_CODES.items()}
    counts = pd.crosstab(
        pd.Categorical(needs["need"], categories=list(NEED_CODES.values())),
        pd.Categorical(needs["target"], categories=NEED_TARGETS.labels),
        dropna=False,
    )
    counts.index = [f"{codes[label]} {label}" for label in NEED_CODES.values()]
    counts.columns = list(NEED_TARGETS.labels)
    return _with_margins(counts)


def tidy(matrix: pd.DataFrame, row_name: str, column_name: str) -> pd.DataFrame:
    """Long form of a matrix (without margins): one row per cell.

    Examples
    --------
    >>> import cbresearch as cb
    >>> t = tidy(classification_matrix(cb.load("initiatives")), "activity", "approach")
    >>> len(t), int(t["count"].sum())
    (36, 65)
    """
    body = matrix.drop(index=TOTAL, columns=TOTAL)
    long = body.rename_axis(index=row_name, columns=column_name).stack().rename("count").reset_index()
    return long


def theme_counts(initiatives: pd.DataFrame) -> pd.DataFrame:
    """Initiatives per theme (an initiative may have several).

    Examples
    --------
    >>> import cbresearch as cb
    >>> counts = theme_counts(cb.load("initiatives"))
    >>> counts.columns.tolist()
    ['Tema', 'Iniziative']
    """
    exploded = initiatives["themes"].explode().dropna()
    counts = exploded.value_counts().reindex(THEMES.labels, fill_value=0)
    return pd.DataFrame({"Tema": counts.index, "Iniziative": counts.to_numpy()})
