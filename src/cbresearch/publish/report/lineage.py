"""What a report may publish, in one place: real records, or aggregates the seeds publish at that level.

The rule: a table, chart or sentence is published when every number in it is
either computed from **real records** — the seed's own (``Fonte = seed``),
delivered by an organisation (``consegna``), or imported from a survey export
(``rilevazione``) — or **equal to an aggregate the seeds publish at that
level** (the national matrices of seed 004, the survey counts of its 24
authorities).  Anything computed from reconstructed records (``ricostruito``)
below the level where its totals were published is *illustrative*: the
reconstruction reproduces the national totals exactly, but how they split by
region is invented.

Every output of a report section that comes from records carries its
:class:`Lineage`, derived from the records' ``source`` column (never from a
list of sections); a default report shows only what :attr:`Lineage.publishable`
allows, and the illustrative edition (``cbresearch reports --illustrative``)
marks the rest.

Examples
--------
>>> frame = pd.DataFrame({"source": ["ricostruito", "seed"]})
>>> lineage_of(frame, "regione").publishable, lineage_of(real_records(frame), "regione").publishable
(False, True)
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ...analysis.matrices import classification_matrix, need_target_matrix
from ...data.schema.vocab import SURVEY_ITEMS
from ...sources.registry import published_cells

#: sources of real records (the seed's, delivered, imported from a survey tool)
REAL_SOURCES = frozenset({"seed", "consegna", "rilevazione"})
RECONSTRUCTED = "ricostruito"
#: the words that mark an illustrative output (caption, banner)
ILLUSTRATIVE = "illustrativo — dati ricostruiti"


@dataclass(frozen=True)
class Lineage:
    """Where the numbers of one output come from: the records' sources, the level, a published aggregate."""

    sources: frozenset[str]
    level: str  # "regione" or "Italia"
    published_aggregate: bool = False  # equal to a figure the seeds publish at this level

    @property
    def publishable(self) -> bool:
        """True when every number comes from real records or equals a published aggregate.

        Examples
        --------
        >>> Lineage(frozenset({"ricostruito"}), "Italia", published_aggregate=True).publishable
        True
        """
        return self.published_aggregate or RECONSTRUCTED not in self.sources


def lineage_of(records: pd.DataFrame, level: str, published_aggregate: bool = False) -> Lineage:
    """The lineage of an output computed from ``records`` (their ``source`` column).

    Examples
    --------
    >>> lineage_of(pd.DataFrame({"source": ["consegna"]}), "regione")
    Lineage(sources=frozenset({'consegna'}), level='regione', published_aggregate=False)
    """
    return Lineage(frozenset(records["source"].astype(str)), level, published_aggregate)


def real_records(records: pd.DataFrame) -> pd.DataFrame:
    """The records from real sources only (seed, delivered, imported).

    Examples
    --------
    >>> len(real_records(pd.DataFrame({"source": ["ricostruito", "consegna", "seed"]})))
    2
    """
    return records[records["source"].astype(str).isin(REAL_SOURCES)]


def source_label(records: pd.DataFrame) -> pd.Series:
    """How a record's origin is written in a report: "seed 004", "consegna (file)", "rilevazione (file)".

    Examples
    --------
    >>> source_label(pd.DataFrame({"source": ["seed", "consegna"],
    ...                            "source_file": ["initiatives.csv", "initiatives/2026-12-er.xlsx"]})).tolist()
    ['seed 004', 'consegna (initiatives/2026-12-er.xlsx)']
    """
    source = records["source"].astype(str)
    files = records.get("source_file", pd.Series("", index=records.index)).astype(str)
    labels = source + " (" + files + ")"
    return labels.where(source != "seed", "seed 004")


def _expanded(cells: dict[tuple, int], columns: tuple[str, ...]) -> pd.DataFrame:
    """One row per unit counted in the published cells: the cells' own table, rebuilt by the matrix functions."""
    rows = [dict(zip(columns, key, strict=True)) for key, value in cells.items() for _ in range(value)]
    return pd.DataFrame(rows, columns=list(columns))


def published_classification() -> pd.DataFrame:
    """Seed 004's published matrix of the experiences, activity × approach, with its totals.

    Examples
    --------
    >>> int(published_classification().loc["Totale", "Totale"])
    65
    """
    frame = _expanded(published_cells("classification", ("activity", "approach")), ("activity", "approach"))
    frame["in_matrix"] = True
    return classification_matrix(frame)


def published_need_target() -> pd.DataFrame:
    """Seed 004's published matrix of need × target pairs, with its totals.

    Examples
    --------
    >>> int(published_need_target().loc["Totale", "Totale"])
    72
    """
    return need_target_matrix(_expanded(published_cells("need_target", ("need", "target")), ("need", "target")))


def published_survey_answers() -> pd.DataFrame:
    """Answers whose distribution per question is the one seed 004 publishes for its 24 authorities.

    Not records of any authority: each column is the published counts of one question, written out as
    scores, so that the counts, shares and bars drawn from it are the published ones.

    Examples
    --------
    >>> answers = published_survey_answers()
    >>> len(answers), int(answers["suitability_wi"].eq(4).sum())
    (24, 13)
    """
    cells = published_cells("survey_count", ("item", "score"))
    columns = {}
    for item in SURVEY_ITEMS:
        scores = sorted(int(score) for (name, score), n in cells.items() if name == item for _ in range(n))
        columns[item] = scores
    answers = pd.DataFrame(columns)
    answers["source"] = "seed"
    return answers


def data_note(illustrative: bool) -> str:
    """The first bullet of a report's "Dati e avvertenze": which edition this is and what that means.

    Examples
    --------
    >>> "ricostruit" in data_note(False), "ricostruiti" in data_note(True)
    (False, True)
    """
    if illustrative:
        return (
            f"- **Edizione illustrativa**: le tabelle segnate «{ILLUSTRATIVE}» sono calcolate su record costruiti "
            "per riprodurre esattamente gli aggregati nazionali del seed 004; la loro distribuzione tra regioni e "
            "aziende è inventata (deterministica, per la didattica). Non sono dati e non vanno citate."
        )
    return (
        "- **Solo dati reali**: dove il seed 004 pubblica un dato solo per l'Italia (esperienze, bisogni × target, "
        "risposte al questionario), la sezione della regione lo dice e rimanda al rapporto Italia, senza "
        "inventarne la ripartizione. Un'edizione illustrativa per la didattica si ottiene con "
        "`cbresearch reports --illustrative`, in una cartella a parte."
    )
