"""The functions that recompute registered figures (named ``compute`` in the registry), and their data lineage.

Each function takes a :class:`Context` and the arguments given in
``registry.yaml`` and returns the value — a number, or a :class:`Recomputed`
when the recomputation is itself an interval or needs a word of explanation.
Every table a function reads goes through the context, which records the
*origin* of the rows the function received:

* ``istat`` — the ISTAT tables (independent of the seeds);
* ``seed`` — records transcribed as they are (the members' list, the case cards);
* ``consegna`` — records delivered by health authorities;
* ``ricostruito`` — records reconstructed from the seeds' own aggregates;
* ``testo`` — a list printed in the slides (counted against a number the slide announces).

:mod:`cbresearch.check.reproduction` turns the lineage into what a check
proves: recomputing a figure from reconstructed records proves the
transcription and the reconstruction, nothing more.

Examples
--------
>>> ctx = Context()
>>> FUNCTIONS["classification"](ctx, activity="Service design che raggiunga i target più fragili",
...                              approach="Istituzionale"), sorted(ctx.lineage)
(14, ['ricostruito', 'seed'])
>>> ctx.start(); FUNCTIONS["members"](ctx, member_type="Azienda sanitaria"), sorted(ctx.lineage)
(29, ['seed'])
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from ..analysis import matrices, networks
from ..analysis.waves import SEED_WAVE, in_wave
from ..data.store.load import load
from ..formats import number
from ..printed import Interval
from ..sources import programmes, slides
from ..sources.registry import registered

ISTAT = "istat"
TEXT = "testo"
ISTAT_TABLES = frozenset({"population", "severe_limitations", "residential_beds"})

#: the lists printed in the slides that a registered number is counted against
LISTS: dict[str, tuple[str, ...]] = {
    **slides.LISTS,
    "er_plan_strategic_objectives": programmes.ER_PLAN_2017_2019["strategic_objectives"],
    "er_plan_areas": programmes.ER_PLAN_2017_2019["areas"],
    "er_plan_schede": programmes.ER_PLAN_2017_2019["schede"],
    "casa_community_lab_steps": programmes.CASA_COMMUNITY_LAB["passi"],
    "life_contexts_2030": programmes.LIFE_CONTEXTS_2030,
}


@dataclass(frozen=True)
class Recomputed:
    """A recomputed figure that is an interval, or that comes with an explanation (Italian)."""

    value: float | Interval
    note: str = ""


class Context:
    """Loads each cleaned table once and records the origin of every row a computation reads.

    Parameters
    ----------
    loader : callable, optional
        ``name -> DataFrame`` (default :func:`cbresearch.load`).
    """

    def __init__(self, loader: Callable[[str], pd.DataFrame] | None = None):
        self._load = loader or load
        self._frames: dict[str, pd.DataFrame] = {}
        self._derived: dict[str, tuple[object, frozenset[str]]] = {}
        self.lineage: set[str] = set()

    def start(self) -> None:
        """Forget the lineage: a new figure is about to be recomputed."""
        self.lineage = set()

    def frame(self, name: str, source: str | None = None) -> pd.DataFrame:
        """A cleaned table (only the rows of one ``source`` if given), recording where its rows come from."""
        if name not in self._frames:
            self._frames[name] = self._load(name)
            if name == "survey":  # the seed describes the 2019 wave; later waves (import-survey) are not its figures
                self._frames[name] = in_wave(self._frames[name], SEED_WAVE)
        frame = self._frames[name]
        if source is not None:
            frame = frame[frame["source"].astype(str) == source]
        self.lineage |= {ISTAT} if name in ISTAT_TABLES else set(frame["source"].astype(str))
        return frame

    def derived(self, key: str, build: Callable[[], object]) -> object:
        """A value built from tables once per run; each use records the lineage of the tables it read."""
        if key not in self._derived:
            before = self.lineage
            self.lineage = set()
            value = build()
            self._derived[key] = (value, frozenset(self.lineage))
            self.lineage = before
        value, lineage = self._derived[key]
        self.lineage |= lineage
        return value

    def listed(self, name: str) -> tuple[str, ...]:
        """A list printed in the slides."""
        self.lineage.add(TEXT)
        return LISTS[name]


def classification(ctx: Context, activity: str, approach: str) -> int:
    """A cell of the activity × approach matrix.

    Examples
    --------
    >>> classification(Context(), "Iniziative per il sostegno psicologico alla malattia", "Tra pari")
    1
    """
    matrix = ctx.derived("classification", lambda: matrices.classification_matrix(ctx.frame("initiatives")))
    return int(matrix.loc[activity, approach])  # type: ignore[attr-defined]


def need_target(ctx: Context, need: str, target: str) -> int:
    """A cell of the need × target matrix (need given by its label, without code).

    Examples
    --------
    >>> need_target(Context(), need="Disabilità", target="Minore")
    2
    """
    matrix = ctx.derived("need_target", lambda: matrices.need_target_matrix(ctx.frame("initiative_needs")))
    row = next(label for label in matrix.index if label.split(" ", 1)[-1] == need)  # type: ignore[attr-defined]
    return int(matrix.loc[row, target])  # type: ignore[attr-defined]


def survey_count(ctx: Context, item: str, score: int) -> int:
    """Respondents giving ``score`` to ``item`` (item key, e.g. ``suitability_wi``).

    Examples
    --------
    >>> survey_count(Context(), "suitability_rc", 5)
    7
    """
    return int((ctx.frame("survey")[item] == score).sum())


def network_measure(ctx: Context, measure: str, what: str = "percent") -> float:
    """A row of :func:`cbresearch.analysis.networks.network_shares` (``percent`` or ``count``).

    Examples
    --------
    >>> network_measure(Context(), "Reti formali")
    69.1
    """
    shares = networks.network_shares(ctx.frame("networks")).set_index("measure")
    return float(shares.loc[measure, what])


def network_count(ctx: Context) -> int:
    """Number of mapped networks.

    Examples
    --------
    >>> network_count(Context())
    81
    """
    return len(ctx.frame("networks"))


def mention_share(ctx: Context, column: str, label: str) -> float:
    """Share of mentions of a contribution or reward.

    Examples
    --------
    >>> mention_share(Context(), "rewards", "Visibilità")
    19.0
    """
    return float(networks.mention_shares(ctx.frame("networks"), column).set_index("label").loc[label, "percent"])


def networks_per_mapper(ctx: Context, mapper_type: str) -> float:
    """Average networks mapped per body of the given type.

    Examples
    --------
    >>> networks_per_mapper(Context(), "Azienda sanitaria")
    4.0
    """
    table = networks.networks_per_mapper(ctx.frame("networks")).set_index("mapper_type")
    return float(table.loc[mapper_type, "mean_networks"])


def members(ctx: Context, member_type: str | None = None) -> int:
    """Network members (of one type, or all).

    Examples
    --------
    >>> members(Context()), members(Context(), "Ente del terzo settore")
    (38, 9)
    """
    frame = ctx.frame("members")
    return int(len(frame) if member_type is None else (frame["member_type"] == member_type).sum())


def catalogue_size(ctx: Context) -> int:
    """Initiatives in the catalogue.

    Examples
    --------
    >>> catalogue_size(Context())
    80
    """
    return len(ctx.frame("initiatives"))


def _card(ctx: Context, title: str) -> pd.Series:
    cards = ctx.frame("initiatives", source="seed")
    return cards[cards["title"] == title].iloc[0]


def card_objectives(ctx: Context, title: str) -> int:
    """How many objectives a case card lists after announcing them ("… obiettivi principali: 1. … 2. …").

    Numbered items are counted by their numbers; unnumbered ones by the ``;`` between them.

    Examples
    --------
    >>> card_objectives(Context(), "Alzheimer Cafè"), card_objectives(Context(), "Get Oldham Growing")
    (3, 4)
    """
    text = str(_card(ctx, title)["objectives"])
    listed = text.split("principali:", 1)[-1]
    numbers = [int(n) for n in re.findall(r"(?:^|\s)(\d+)\.\s", listed)]
    return max(numbers) if numbers else len([part for part in listed.split(";") if part.strip()])


def card_year(ctx: Context, title: str, field: str) -> int:
    """The first year written in a field of a case card ("Attivo dal 2009" -> 2009).

    Examples
    --------
    >>> card_year(Context(), "Alzheimer Cafè", "timing")
    2009
    """
    return int(re.search(r"\b(19|20)\d{2}\b", str(_card(ctx, title)[field])).group(0))  # type: ignore[union-attr]


def listed(ctx: Context, name: str) -> int:
    """How many items a list printed in the slides has.

    Examples
    --------
    >>> listed(Context(), "er_plan_schede"), listed(Context(), "catalogue_search_parameters")
    (39, 8)
    """
    return len(ctx.listed(name))


def population_change(ctx: Context, start: int, end: int, band: str = "age_65_plus") -> int | Recomputed:
    """Change of a population band in Italy between two 1 January figures.

    When ``start`` is before the ISTAT series begins, the change is an
    interval: the change from the first year of the series, plus one missing
    year per year before it, as small or as large as the series' own yearly
    changes up to ``end``.

    Examples
    --------
    >>> population_change(Context(), 2017, 2019)
    231270
    >>> result = population_change(Context(), 2010, 2017)
    >>> int(result.value.low), int(result.value.high)
    (1346850, 1472118)
    """
    italy = ctx.frame("population").groupby("year")[band].sum()
    if end not in italy.index:
        raise KeyError(f"the ISTAT series has no {end}")
    if start in italy.index:
        return int(italy[end] - italy[start])
    first = int(min(y for y in italy.index if y > start))
    known = int(italy[end] - italy[first])
    steps = italy.loc[first:end].diff().dropna()
    missing = first - start
    interval = Interval(known + missing * float(steps.min()), known + missing * float(steps.max()))
    note = (
        f"la serie ISTAT usata (ricostruzione intercensuaria successiva al censimento 2011, poi POSAS) comincia dal "
        f"{first}: dal {first} al {end} la variazione è di {number(known)}. Le variazioni annue della serie vanno da "
        f"{number(steps.min())} a {number(steps.max())}: aggiungendo {'un anno' if missing == 1 else f'{missing} anni'} "
        f"di variazione di quell'ordine si ottiene {interval.text()}. La sola mancanza del {start} non spiega la "
        "differenza: il seed ha probabilmente usato "
        "cifre pubblicate prima della revisione post-censuaria (non verificabile con i dati di riferimento)"
    )
    return Recomputed(interval, note)


def population_share(ctx: Context, year: int, band: str = "age_65_plus") -> float:
    """Share (%) of Italy's population in a band, on 1 January of ``year``.

    Examples
    --------
    >>> round(population_share(Context(), 2017), 1)
    22.4
    """
    italy = ctx.frame("population")
    italy = italy[italy["year"] == year][[band, "population"]].sum()
    return 100 * float(italy[band]) / float(italy["population"])


def share_of_italy(ctx: Context, figure: str, year: int) -> float:
    """A registered number of persons as a percentage of Italy's population on 1 January of ``year``.

    Examples
    --------
    >>> round(share_of_italy(Context(), "s004-progetto-popolazione", 2020), 1)
    30.2
    """
    population = ctx.frame("population")
    italy = population.loc[population["year"] == year, "population"].sum()
    return 100 * registered(figure) / float(italy)


FUNCTIONS: dict[str, Callable] = {
    f.__name__: f
    for f in (
        classification,
        need_target,
        survey_count,
        network_measure,
        network_count,
        mention_share,
        networks_per_mapper,
        members,
        catalogue_size,
        card_objectives,
        card_year,
        listed,
        population_change,
        population_share,
        share_of_italy,
    )
}
