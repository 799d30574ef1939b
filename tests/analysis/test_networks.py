"""Network mapping: published shares, Mendelow grid, social capital and diversity."""

from __future__ import annotations

import golden
import pandas as pd
import pytest

import cbresearch as cb
from cbresearch.analysis.networks import (
    blau_index,
    diversity_by_mapper,
    mention_shares,
    network_shares,
    networks_per_mapper,
    power_interest_grid,
    social_capital_type,
)


@pytest.fixture(scope="module")
def mapped():
    return cb.load("networks")


def test_published_shares(mapped) -> None:
    shares = network_shares(mapped).set_index("measure")["percent"]
    assert {measure: shares[measure] for measure in golden.NETWORK_SHARES} == golden.NETWORK_SHARES


def test_mendelow_grid_has_70_key_players(mapped) -> None:
    grid = power_interest_grid(mapped)
    assert grid["networks"].sum() == golden.NETWORKS
    key = grid[(grid["interest"] == "alto") & (grid["influence"] == "alto")].iloc[0]
    assert key["networks"] == golden.HIGH_INTEREST_HIGH_INFLUENCE and "key players" in key["strategy"]


def test_top_rewards_for_the_intervention(mapped) -> None:
    top = mention_shares(mapped, "rewards_intervention").head(3)
    expected = sorted(golden.REWARDS.items(), key=lambda item: -item[1][1])  # by the share for the intervention
    assert top["label"].tolist() == [label for label, _ in expected]
    assert top["percent"].tolist() == [shares[1] for _, shares in expected]


def test_social_capital_rule() -> None:
    frame = pd.DataFrame(
        {
            "relation": ["collabora", "collabora", "in contatto", "non in contatto"],
            "formal": [True, False, True, False],
            "category": ["Vicinato", "Comune malattia", "Comunità religiosa", "Vicinato"],
        }
    )
    assert social_capital_type(frame).tolist() == ["linking", "bonding", "bonding", "bridging"]


def test_blau_index() -> None:
    assert blau_index(pd.Series(list("aabb"))) == 0.5
    assert blau_index(pd.Series(list("abcd"))) == pytest.approx(0.75)


def test_diversity_and_averages(mapped) -> None:
    diversity = diversity_by_mapper(mapped)
    assert diversity["networks"].sum() == golden.NETWORKS
    assert diversity["blau_categories"].between(0, 1).all()
    averages = networks_per_mapper(mapped).set_index("mapper_type")["mean_networks"]
    assert averages.to_dict() == golden.NETWORKS_PER_MAPPER
