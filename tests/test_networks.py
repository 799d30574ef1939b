"""Network mapping: published shares, Mendelow grid, social capital and diversity."""

from __future__ import annotations

import pandas as pd
import pytest

import cbresearch as cb
from cbresearch.networks import (
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
    # seed 004: 60,5 % collabora, 18,5 % non in contatto, 69,1 % formali, 75,3 % soggetti esterni
    assert shares["Reti con cui l'ente collabora"] == 60.5
    assert shares["Reti con cui l'ente non è in contatto"] == 18.5
    assert shares["Reti formali"] == 69.1
    assert shares["Sostegno rivolto a soggetti esterni"] == 75.3


def test_mendelow_grid_has_70_key_players(mapped) -> None:
    grid = power_interest_grid(mapped)
    assert grid["networks"].sum() == 81
    key = grid[(grid["interest"] == "alto") & (grid["influence"] == "alto")].iloc[0]
    assert key["networks"] == 70 and "key players" in key["strategy"]


def test_top_rewards_for_the_intervention(mapped) -> None:
    top = mention_shares(mapped, "rewards_intervention").head(3)
    # seed 004: Networking 21,9 %, Integrazione 19,6 %, Visibilità 18,6 % (for the intervention)
    assert top["label"].tolist() == ["Networking (altri contatti)", "Integrazione con i servizi pubblici", "Visibilità"]
    assert top["percent"].tolist() == [21.9, 19.6, 18.6]


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
    assert diversity["networks"].sum() == 81
    assert diversity["blau_categories"].between(0, 1).all()
    averages = networks_per_mapper(mapped).set_index("mapper_type")["mean_networks"]
    assert averages.to_dict() == {"Azienda sanitaria": 4.0, "Ente del terzo settore": 5.0}
