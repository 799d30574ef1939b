"""The functions that recompute registered figures from the project's data (named ``compute`` in the registry).

Each function takes a :class:`Context` (which loads and caches the cleaned
tables) and the arguments given in ``registry.yaml``; it returns the value,
or ``(value, note)`` when the value needs a word of explanation (e.g. a
period the source series does not cover).

Examples
--------
>>> ctx = Context()
>>> FUNCTIONS["classification"](ctx, activity="Service design che raggiunga i target più fragili",
...                              approach="Istituzionale")
14
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property

import pandas as pd

from ..analysis import matrices, networks, survey
from ..analysis.matrices import TOTAL
from ..data.load import load
from ..data.vocab import NEED_CODES, SURVEY_ITEMS
from ..sources import programmes

SEARCH_FIELDS = (
    "Titolo Intervento",
    "Nazione",
    "Tipo Iniziativa",
    "Approccio",
    "Attività",
    "Target",
    "Promotore",
    "Attori Coinvolti",
    "Testo libero",
)


class Context:
    """Loads each cleaned table once for a run of the check."""

    def __init__(self, loader: Callable[[str], pd.DataFrame] | None = None):
        self._load = loader or load

    @cached_property
    def classification(self) -> pd.DataFrame:
        return matrices.classification_matrix(self._load("initiatives"))

    @cached_property
    def need_target(self) -> pd.DataFrame:
        return matrices.need_target_matrix(self._load("needs"))

    @cached_property
    def survey(self) -> pd.DataFrame:
        return self._load("survey")

    @cached_property
    def networks(self) -> pd.DataFrame:
        return self._load("networks")

    @cached_property
    def members(self) -> pd.DataFrame:
        return self._load("members")

    @cached_property
    def initiatives(self) -> pd.DataFrame:
        return self._load("initiatives")

    @cached_property
    def population(self) -> pd.DataFrame:
        return self._load("population")


def classification(ctx: Context, activity: str = TOTAL, approach: str = TOTAL) -> int:
    """A cell or margin of the activity × approach matrix.

    Examples
    --------
    >>> classification(Context(), approach="Tra pari")
    1
    """
    return int(ctx.classification.loc[activity, approach])


def need_target(ctx: Context, need: str = TOTAL, target: str = TOTAL) -> int:
    """A cell or margin of the need × target matrix (need given by its label, without code).

    Examples
    --------
    >>> need_target(Context(), need="Disabilità", target="Minore")
    2
    """
    codes = {label: f"{code} {label}" for code, label in NEED_CODES.items()}
    return int(ctx.need_target.loc[codes.get(need, need), target])


def survey_count(ctx: Context, item: str, score: int) -> int:
    """Respondents giving ``score`` to ``item`` (item key, e.g. ``suitability_wi``).

    Examples
    --------
    >>> survey_count(Context(), "suitability_rc", 5)
    7
    """
    return int((ctx.survey[item] == score).sum())


def survey_percent(ctx: Context, item: str, score: int) -> float:
    """Percentage of respondents giving ``score`` (of those who answered).

    Examples
    --------
    >>> survey_percent(Context(), "suitability_rc", 3)
    8.33
    """
    rows = survey.distribution(ctx.survey)
    match = rows[(rows["item"] == SURVEY_ITEMS[item]) & (rows["score"] == score)]
    return float(match["percent"].iloc[0]) if len(match) else 0.0


def survey_respondents(ctx: Context) -> int:
    """Number of questionnaires.

    Examples
    --------
    >>> survey_respondents(Context())
    24
    """
    return len(ctx.survey)


def network_measure(ctx: Context, measure: str, what: str = "percent") -> float:
    """A row of :func:`cbresearch.networks.network_shares` (``percent`` or ``count``).

    Examples
    --------
    >>> network_measure(Context(), "Reti formali")
    69.1
    """
    shares = networks.network_shares(ctx.networks).set_index("measure")
    return float(shares.loc[measure, what])


def network_count(ctx: Context) -> int:
    """Number of mapped networks.

    Examples
    --------
    >>> network_count(Context())
    81
    """
    return len(ctx.networks)


def mention_share(ctx: Context, column: str, label: str) -> float:
    """Share of mentions of a contribution or reward.

    Examples
    --------
    >>> mention_share(Context(), "rewards", "Visibilità")
    19.0
    """
    return float(networks.mention_shares(ctx.networks, column).set_index("label").loc[label, "percent"])


def networks_per_mapper(ctx: Context, mapper_type: str) -> float:
    """Average networks mapped per body of the given type.

    Examples
    --------
    >>> networks_per_mapper(Context(), "Azienda sanitaria")
    4.0
    """
    table = networks.networks_per_mapper(ctx.networks).set_index("mapper_type")
    return float(table.loc[mapper_type, "mean_networks"])


def members(ctx: Context, member_type: str | None = None) -> int:
    """Network members (of one type, or all).

    Examples
    --------
    >>> members(Context()), members(Context(), "Ente del terzo settore")
    (38, 9)
    """
    frame = ctx.members
    return int(len(frame) if member_type is None else (frame["member_type"] == member_type).sum())


def catalogue_size(ctx: Context) -> int:
    """Initiatives in the catalogue.

    Examples
    --------
    >>> catalogue_size(Context())
    80
    """
    return len(ctx.initiatives)


def case_cards(ctx: Context) -> int:
    """Initiatives transcribed from the seed's case cards (``Fonte = seed``).

    Examples
    --------
    >>> case_cards(Context())
    4
    """
    return int((ctx.initiatives["source"] == "seed").sum())


def search_fields(ctx: Context) -> int:
    """Search parameters of the online catalogue.

    Examples
    --------
    >>> search_fields(Context())
    9
    """
    return len(SEARCH_FIELDS)


def population_change(ctx: Context, start: int, end: int, band: str = "age_65_plus"):
    """Change of a population band in Italy between two 1 January figures.

    When ``start`` is not in the series, the change from the first later year
    is returned with a note saying so.

    Examples
    --------
    >>> population_change(Context(), 2017, 2019)
    231270
    >>> population_change(Context(), 2010, 2017)[0]
    1207429
    """
    italy = ctx.population.groupby("year")[band].sum()
    if end not in italy.index:
        raise KeyError(f"the ISTAT series has no {end}")
    if start in italy.index:
        return int(italy[end] - italy[start])
    first = min(y for y in italy.index if y > start)
    value = int(italy[end] - italy[first])
    return value, (
        f"the ISTAT series in data/raw/istat has no {start} (it starts in {italy.index.min()}); "
        f"{first}-{end} gives {value:+,} persons 65+ ({italy[first]:,} -> {italy[end]:,})"
    )


def population_share(ctx: Context, year: int, band: str = "age_65_plus") -> float:
    """Share (%) of Italy's population in a band, on 1 January of ``year``.

    Examples
    --------
    >>> round(population_share(Context(), 2017), 1)
    22.4
    """
    italy = ctx.population[ctx.population["year"] == year][[band, "population"]].sum()
    return 100 * float(italy[band]) / float(italy["population"])


def share_of_italy(ctx: Context, persons: float, year: int) -> float:
    """``persons`` as a percentage of Italy's population on 1 January of ``year``.

    Examples
    --------
    >>> round(share_of_italy(Context(), 18_000_000, 2020), 1)
    30.2
    """
    italy = ctx.population.loc[ctx.population["year"] == year, "population"].sum()
    return 100 * persons / float(italy)


def programme_list(ctx: Context, programme: str, key: str) -> int:
    """Length of a list in :mod:`cbresearch.programmes`.

    Examples
    --------
    >>> programme_list(Context(), "er_plan", "schede")
    39
    """
    source = {"er_plan": programmes.ER_PLAN_2017_2019, "casa_community_lab": programmes.CASA_COMMUNITY_LAB}
    if programme == "life_contexts_2030":
        return len(programmes.LIFE_CONTEXTS_2030)
    return len(source[programme][key])


FUNCTIONS: dict[str, Callable] = {
    f.__name__: f
    for f in (
        classification,
        need_target,
        survey_count,
        survey_percent,
        survey_respondents,
        network_measure,
        network_count,
        mention_share,
        networks_per_mapper,
        members,
        catalogue_size,
        case_cards,
        search_fields,
        population_change,
        population_share,
        share_of_italy,
        programme_list,
    )
}
