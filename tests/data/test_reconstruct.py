"""Golden tests: the raw data reproduce every aggregate published in seed 004.

Every expected number comes from tests/golden.py, transcribed from ../shared/seeds/004_*.txt (the
slide named in each test), not computed by the package.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import golden
import pytest

from cbresearch import config
from cbresearch.data.build.reconstruct import write_raw

RAW = config.RAW_DIR


def rows(stem: str) -> list[dict[str, str]]:
    with (RAW / f"{stem}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_build_raw_is_byte_identical_to_committed_files(tmp_path: Path) -> None:
    first = write_raw(tmp_path / "a")
    second = write_raw(tmp_path / "b")
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), f"{a.name} differs between two runs"
        assert a.read_bytes() == (RAW / a.name).read_bytes(), f"{a.name} differs from the committed data/raw"


def test_a_different_seed_changes_the_unpublished_details(tmp_path: Path) -> None:
    default = write_raw(tmp_path / "a")
    other = write_raw(tmp_path / "b", seed=1)
    assert any(a.read_bytes() != b.read_bytes() for a, b in zip(default, other, strict=True))


def test_classification_matrix_cell_by_cell() -> None:
    classified = [r for r in rows("initiatives") if r["Nella matrice"] == "Sì"]
    assert len(classified) == golden.CLASSIFICATION_TOTAL[-1]
    cells = Counter((r["Attività"], r["Approccio"]) for r in classified)
    for activity, counts in golden.CLASSIFICATION.items():
        assert [cells[(activity, a)] for a in golden.APPROACHES] == counts[:-1], activity
    totals = Counter(r["Approccio"] for r in classified)
    assert [totals[a] for a in golden.APPROACHES] == golden.CLASSIFICATION_TOTAL[:-1]


def test_catalogue_holds_about_80_initiatives_with_the_four_case_cards() -> None:
    initiatives = rows("initiatives")
    assert len(initiatives) == golden.CATALOGUE_SIZE
    seed_titles = {r["Titolo"] for r in initiatives if r["Fonte"] == "seed"}
    assert seed_titles == golden.CASE_CARDS
    assert {r["Nazione"] for r in initiatives} == golden.CATALOGUE_COUNTRIES
    assert all(r["Fonte"] == "ricostruito" for r in initiatives if r["Titolo"] not in seed_titles)


def test_case_cards_are_transcribed_as_published() -> None:
    by_title = {r["Titolo"]: r for r in rows("initiatives")}
    alzheimer = by_title["Alzheimer Cafè"]
    assert alzheimer["Azienda"] == "ASST Rhodense"
    assert alzheimer["Regione"] == "Lombardia"
    assert alzheimer["Tempistiche"] == "Attivo dal 2009, cicli semestrali o annuali"
    assert alzheimer["KPI"] == "Grado di adesione, continuità di frequenza, soddisfazione care giver"
    assert by_title["Non REstaTE Soli"]["Tempistiche"] == "Dal 1 giugno al 15 settembre di ogni anno"
    assert by_title["Non REstaTE Soli"]["Approccio (scheda)"] == "PO"
    assert by_title["Get Oldham Growing"]["Impatto sui cluster sociali"] == "Linking/mixing"


def test_need_target_matrix_cell_by_cell() -> None:
    needs = rows("initiative_needs")
    assert len(needs) == golden.NEED_TARGET_TOTAL[-1]
    cells = Counter((r["Bisogno"], r["Target"]) for r in needs)
    for coded_need, counts in golden.NEED_TARGET.items():
        need = coded_need.split(" ", 1)[1]  # "A Cronicità" -> "Cronicità"
        assert [cells[(need, t)] for t in golden.TARGETS] == counts[:-1], need
    totals = Counter(r["Target"] for r in needs)
    assert [totals[t] for t in golden.TARGETS] == golden.NEED_TARGET_TOTAL[:-1]
    classified = {r["Codice"] for r in rows("initiatives") if r["Nella matrice"] == "Sì"}
    assert {r["Codice"] for r in needs} <= classified


@pytest.mark.parametrize("item", list(golden.SURVEY))
def test_survey_distributions(item: str) -> None:
    answers = rows("survey_responses")
    assert len(answers) == golden.SURVEY_RESPONDENTS
    counts = Counter(int(r[item].split(" - ")[0]) for r in answers)
    assert dict(counts) == {score: count for score, count, _ in golden.SURVEY[item]}


def test_survey_respondents_are_24_distinct_network_authorities() -> None:
    authorities = {r["Nome"] for r in rows("members") if r["Tipo"] == "Azienda sanitaria"}
    respondents = [r["Azienda"] for r in rows("survey_responses")]
    assert len(set(respondents)) == golden.SURVEY_RESPONDENTS
    assert set(respondents) <= authorities


def share(count: int, total: int) -> float:
    return float(f"{100 * count / total + 1e-9:.1f}")


def test_network_shares() -> None:
    networks = rows("networks")
    n = len(networks)
    assert n == golden.NETWORKS
    relation = Counter(r["Relazione"] for r in networks)
    shares = golden.NETWORK_SHARES
    assert share(relation["collabora"], n) == shares["Reti con cui l'ente collabora"]
    assert share(relation["non in contatto"], n) == shares["Reti con cui l'ente non è in contatto"]
    assert share(sum(r["Formale"] == "Sì" for r in networks), n) == shares["Reti formali"]
    assert (
        share(sum(r["Beneficiari esterni"] == "Sì" for r in networks), n)
        == shares["Sostegno rivolto a soggetti esterni"]
    )
    high = sum(r["Interesse"] == "alto" and r["Influenza"] == "alto" for r in networks)
    assert high == golden.HIGH_INTEREST_HIGH_INFLUENCE


def test_networks_per_mapping_body_average_4_and_5() -> None:
    networks = rows("networks")
    per_body = Counter((r["Tipo ente mappante"], r["Ente mappante"]) for r in networks)
    by_type: dict[str, list[int]] = {}
    for (kind, _), count in per_body.items():
        by_type.setdefault(kind, []).append(count)
    assert {kind: sum(counts) / len(counts) for kind, counts in by_type.items()} == golden.NETWORKS_PER_MAPPER


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        (("Contributi", "Contributi all'intervento"), golden.CONTRIBUTIONS),
        (("Ricompense", "Ricompense per l'intervento"), golden.REWARDS),
    ],
)
def test_contribution_and_reward_shares_are_the_top_three(columns, expected) -> None:
    networks = rows("networks")
    for position, column in enumerate(columns):
        mentions = Counter(label for r in networks for label in r[column].split("; ") if label)
        total = sum(mentions.values())
        top3 = [label for label, _ in mentions.most_common(3)]
        assert set(top3) == set(expected)
        for label, shares in expected.items():
            assert share(mentions[label], total) == shares[position], (column, label)


def test_members_are_the_29_authorities_and_9_third_sector_bodies() -> None:
    members = rows("members")
    kinds = Counter(r["Tipo"] for r in members)
    assert kinds == {
        "Azienda sanitaria": golden.HEALTH_AUTHORITIES,
        "Ente del terzo settore": golden.THIRD_SECTOR_BODIES,
    }
    names = [r["Nome"] for r in members]
    assert (names[0], names[golden.HEALTH_AUTHORITIES - 1], names[-1]) == (
        golden.FIRST_AUTHORITY,
        golden.LAST_AUTHORITY,
        golden.LAST_BODY,
    )
    san_marino = next(r for r in members if r["Nome"] == "ISS San Marino")
    assert san_marino["Codice regione"] == "" and san_marino["Nazione"] == "San Marino"
    assert all(r["Fonte"] == "seed" for r in members)
