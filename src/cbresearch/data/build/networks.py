"""Rebuild the mapping of 81 social networks from the shares seed 004 publishes (see :mod:`.reconstruct`).

Examples
--------
>>> from cbresearch.data.build.reconstruct import build_members
>>> rows = build_networks(np.random.default_rng(1), build_members())
>>> len(rows), sum(r["Formale"] == "Sì" for r in rows)
(81, 56)
"""

from __future__ import annotations

import numpy as np

from ...rounding import round_half_up
from ...sources import slides
from ...sources.registry import published_shares
from ..schema.vocab import CONTRIBUTIONS, NETWORK_CATEGORIES, REWARDS, join_multi

Row = dict[str, str]

NETWORK_COLUMNS = [
    "Codice rete",
    "Nome rete",
    "Ente mappante",
    "Tipo ente mappante",
    "Categoria rete",
    "Relazione",
    "Formale",
    "Beneficiari esterni",
    "Interesse",
    "Influenza",
    "Contributi",
    "Contributi all'intervento",
    "Ricompense",
    "Ricompense per l'intervento",
    "Fonte",
]


def _spread(total: int, counts: dict[str, int], labels: tuple[str, ...], rng: np.random.Generator) -> dict[str, int]:
    """Complete published counts with the rest of ``total`` spread over the other labels."""
    others = [label for label in labels if label not in counts]
    remainder = total - sum(counts.values())
    base, extra = divmod(remainder, len(others))
    lucky = set(rng.choice(len(others), size=extra, replace=False).tolist())
    spread = {label: base + (i in lucky) for i, label in enumerate(others)}
    if max(spread.values()) >= min(counts.values()):
        raise ValueError("the spread would change which categories are the most frequent")
    return {label: counts.get(label, spread.get(label, 0)) for label in labels}


def _assign_multi(counts: dict[str, int], n: int, rng: np.random.Generator) -> list[list[str]]:
    """Give each label to ``counts[label]`` distinct records, balancing mentions per record."""
    cells: list[list[str]] = [[] for _ in range(n)]
    for label, count in sorted(counts.items(), key=lambda kv: -kv[1]):
        tiebreak = rng.random(n)
        order = sorted(range(n), key=lambda i: (len(cells[i]), tiebreak[i]))
        for i in order[:count]:
            cells[i].append(label)
    return cells


def published_pairs(column: str) -> dict[str, tuple[float, float]]:
    """The published shares of mentions "al target - all'intervento" of a column, from the registry.

    Examples
    --------
    >>> published_pairs("rewards")["Visibilità"]
    (19.0, 18.6)
    """
    target = published_shares("mention_share", "label", column)
    intervention = published_shares("mention_share", "label", f"{column}_intervention")
    return {label: (share, intervention[label]) for label, share in target.items()}


def _counts_from_shares(shares: dict[str, tuple[float, float]], which: int, total: int) -> dict[str, int]:
    counts = {}
    for label, pair in shares.items():
        matches = [k for k in range(total + 1) if round_half_up(100 * k / total, 1) == pair[which]]
        if not matches:
            raise ValueError(f"no count of {total} mentions gives {pair[which]} % for {label!r}")
        counts[label] = matches[0]
    return counts


def build_networks(rng: np.random.Generator, members: list[Row]) -> list[Row]:
    """Return the 81 mapped networks reproducing the published shares of seed 004.

    Examples
    --------
    >>> from cbresearch.data.build.reconstruct import build_members
    >>> rows = build_networks(np.random.default_rng(1), build_members())
    >>> sum(r["Formale"] == "Sì" for r in rows)
    56
    """
    mappers: list[Row] = []
    for kind, (how_many, per_mapper) in slides.NETWORK_MAPPERS.items():
        pool = [m for m in members if m["Tipo"] == kind]
        picked = sorted(rng.choice(len(pool), size=how_many, replace=False))
        for index in picked:
            mappers.extend([pool[int(index)]] * per_mapper)
    n = len(mappers)
    if n != slides.NETWORK_COUNT:
        raise ValueError(f"mappers give {n} networks, expected {slides.NETWORK_COUNT}")

    def shuffled(counts: dict) -> list:
        values = [key for key, count in counts.items() for _ in range(count)]
        return [values[i] for i in rng.permutation(len(values))]

    relations = shuffled(slides.NETWORK_RELATIONS)
    formal = shuffled({"Sì": slides.NETWORK_FORMAL_YES, "No": n - slides.NETWORK_FORMAL_YES})
    external = shuffled({"Sì": slides.NETWORK_EXTERNAL_YES, "No": n - slides.NETWORK_EXTERNAL_YES})
    power = shuffled(slides.NETWORK_POWER_INTEREST)
    weights = np.array([10, 8, 3, 7, 6, 14, 5, 9, 6, 2], dtype=float)
    categories = rng.choice(NETWORK_CATEGORIES.labels, size=n, p=weights / weights.sum())
    contributions, rewards = published_pairs("contributions"), published_pairs("rewards")
    multi = {}
    for column, shares, vocabulary, totals, which in [
        ("Contributi", contributions, CONTRIBUTIONS, slides.CONTRIBUTION_MENTIONS, 0),
        ("Contributi all'intervento", contributions, CONTRIBUTIONS, slides.CONTRIBUTION_MENTIONS, 1),
        ("Ricompense", rewards, REWARDS, slides.REWARD_MENTIONS, 0),
        ("Ricompense per l'intervento", rewards, REWARDS, slides.REWARD_MENTIONS, 1),
    ]:
        counts = _spread(totals[which], _counts_from_shares(shares, which, totals[which]), vocabulary.labels, rng)
        multi[column] = [join_multi(cell, vocabulary) for cell in _assign_multi(counts, n, rng)]
    rows = []
    for i, mapper in enumerate(mappers):
        rows.append(
            {
                "Codice rete": f"RS{i + 1:03d}",
                "Nome rete": f"Rete ricostruita RS{i + 1:03d}",
                "Ente mappante": mapper["Nome"],
                "Tipo ente mappante": mapper["Tipo"],
                "Categoria rete": str(categories[i]),
                "Relazione": relations[i],
                "Formale": formal[i],
                "Beneficiari esterni": external[i],
                "Interesse": power[i][0],
                "Influenza": power[i][1],
                **{column: values[i] for column, values in multi.items()},
                "Fonte": "ricostruito",
            }
        )
    return rows
