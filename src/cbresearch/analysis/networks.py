"""The mapping of social networks (seed 004): shares, power-interest grid, social capital.

Examples
--------
>>> import cbresearch as cb
>>> shares = network_shares(cb.load("networks")).set_index("measure")
>>> shares.loc["Reti con cui l'ente collabora", "percent"]
np.float64(60.5)
"""

from __future__ import annotations

import pandas as pd

from ..data.schema.vocab import CONTRIBUTIONS, REWARDS
from ..rounding import round_half_up

#: Mendelow's power-interest grid, labels in Italian
MENDELOW = {
    ("alto", "alto"): "Coinvolgere attivamente (key players)",
    ("basso", "alto"): "Mantenere soddisfatti",
    ("alto", "basso"): "Tenere informati",
    ("basso", "basso"): "Monitorare",
}

#: categories whose members share an identity or a condition: ties within one social cluster
BONDING_CATEGORIES = frozenset({"Comunità religiosa", "Identità nazionale", "Comune malattia"})


def _percent(part: int, whole: int) -> float:
    return round_half_up(100 * part / whole, 1) if whole else float("nan")


def network_shares(networks: pd.DataFrame) -> pd.DataFrame:
    """The shares seed 004 publishes about the mapped networks.

    Returns
    -------
    DataFrame
        ``measure``, ``count``, ``total``, ``percent`` (one decimal, as published).

    Examples
    --------
    >>> import cbresearch as cb
    >>> network_shares(cb.load("networks"))["total"].iloc[0]
    np.int64(81)
    """
    n = len(networks)
    rows = [
        ("Reti con cui l'ente collabora", int((networks["relation"] == "collabora").sum())),
        ("Reti con cui l'ente è in contatto", int((networks["relation"] == "in contatto").sum())),
        ("Reti con cui l'ente non è in contatto", int((networks["relation"] == "non in contatto").sum())),
        ("Reti formali", int(networks["formal"].fillna(False).sum())),
        ("Sostegno rivolto a soggetti esterni", int(networks["external_beneficiaries"].fillna(False).sum())),
        ("Reti con interesse e influenza elevati",
         int(((networks["interest"] == "alto") & (networks["influence"] == "alto")).sum())),
    ]  # fmt: skip
    return pd.DataFrame([{"measure": m, "count": c, "total": n, "percent": _percent(c, n)} for m, c in rows])


def mention_shares(networks: pd.DataFrame, column: str) -> pd.DataFrame:
    """Share of mentions of each label in a multi-choice column (contributions or rewards).

    Examples
    --------
    >>> import cbresearch as cb
    >>> m = mention_shares(cb.load("networks"), "rewards").set_index("label")
    >>> m.loc["Integrazione con i servizi pubblici", "percent"]
    np.float64(24.1)
    """
    vocabulary = REWARDS if column.startswith("rewards") else CONTRIBUTIONS
    mentions = networks[column].explode().dropna()
    counts = mentions.value_counts().reindex(vocabulary.labels, fill_value=0)
    total = int(counts.sum())
    return (
        pd.DataFrame(
            {
                "label": counts.index,
                "mentions": counts.to_numpy(),
                "total_mentions": total,
                "percent": [_percent(int(c), total) for c in counts],
            }
        )
        .sort_values("mentions", ascending=False, kind="stable")
        .reset_index(drop=True)
    )


def power_interest_grid(networks: pd.DataFrame) -> pd.DataFrame:
    """Mendelow's grid: networks by interest and influence, with the suggested strategy.

    Examples
    --------
    >>> import cbresearch as cb
    >>> g = power_interest_grid(cb.load("networks"))
    >>> int(g.loc[(g["interest"] == "alto") & (g["influence"] == "alto"), "networks"].iloc[0])
    70
    """
    counts = networks.groupby(["interest", "influence"], observed=False).size()
    rows = []
    for (interest, influence), strategy in MENDELOW.items():
        rows.append({"interest": interest, "influence": influence, "networks": int(counts.get((interest, influence), 0)),
                     "strategy": strategy})  # fmt: skip
    return pd.DataFrame(rows)


def social_capital_type(networks: pd.DataFrame) -> pd.Series:
    """Classify each network as bonding, bridging or linking.

    Rule (seed 004's description of bonding/bridging/linking, after Szreter &
    Woolcock 2004): a network that *collaborates* with the health authority
    or third-sector body and is *formal* ties its members to an institution
    across a power gradient: **linking**.  Otherwise, a network built on a
    shared identity or condition (religious community, national identity,
    common illness) connects people of the same cluster: **bonding**.  Every
    other network (neighbourhood, a service or place frequented together,
    associations, sport and culture, work, parties and unions) brings
    different clusters together: **bridging**.

    Examples
    --------
    >>> import cbresearch as cb
    >>> social_capital_type(cb.load("networks")).value_counts().to_dict()
    {'bridging': 39, 'linking': 33, 'bonding': 9}
    """
    linking = (networks["relation"] == "collabora") & networks["formal"].fillna(False).astype(bool)
    bonding = networks["category"].astype(str).isin(BONDING_CATEGORIES)
    labels = pd.Series("bridging", index=networks.index)
    labels[bonding] = "bonding"
    labels[linking] = "linking"
    return labels


def blau_index(labels: pd.Series) -> float:
    """Blau's diversity index ``1 - Σ p²`` of a set of category labels.

    Examples
    --------
    >>> blau_index(pd.Series(["a", "a", "b", "b"]))
    0.5
    >>> blau_index(pd.Series(["a", "a"]))
    0.0
    """
    shares = labels.value_counts(normalize=True)
    return float(1 - (shares**2).sum())


def diversity_by_mapper(networks: pd.DataFrame) -> pd.DataFrame:
    """Per mapping body: number of networks, Blau index over network categories and over social-capital types.

    Examples
    --------
    >>> import cbresearch as cb
    >>> d = diversity_by_mapper(cb.load("networks"))
    >>> int(d["networks"].sum())
    81
    """
    frame = networks.assign(capital=social_capital_type(networks))
    rows = []
    for (mapper, kind), group in frame.groupby(["mapper", "mapper_type"], observed=True, sort=True):
        rows.append({
            "mapper": mapper, "mapper_type": kind, "networks": len(group),
            "blau_categories": blau_index(group["category"].astype(str)), "blau_capital": blau_index(group["capital"]),
            **{f"n_{t}": int((group["capital"] == t).sum()) for t in ("bonding", "bridging", "linking")},
        })  # fmt: skip
    return pd.DataFrame(rows)


def networks_per_mapper(networks: pd.DataFrame) -> pd.DataFrame:
    """Average number of networks mapped per body, by type of body ("mediamente 4 reti … 5 reti").

    Examples
    --------
    >>> import cbresearch as cb
    >>> networks_per_mapper(cb.load("networks"))["mean_networks"].tolist()
    [4.0, 5.0]
    """
    per = networks.groupby(["mapper_type", "mapper"], observed=True).size().rename("networks").reset_index()
    out = per.groupby("mapper_type", observed=True)["networks"].agg(bodies="count", mean_networks="mean")
    return out.reset_index()
