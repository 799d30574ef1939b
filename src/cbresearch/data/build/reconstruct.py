"""Rebuild record-level raw data from the aggregates published in the slides.

The seeds publish tables of counts, not records.  This module writes records
that reproduce *every* published aggregate exactly, choosing everything the
seeds do not say (which authority answered what, which network got which
contribution) with a seeded random generator, so that re-running it gives
byte-identical files.  Every reconstructed record says ``Fonte = ricostruito``;
real records (members, the four case cards) say ``Fonte = seed``.

The builders are pure (they return rows); :func:`write_raw` is the only
function that writes.

Examples
--------
>>> tables = build_tables()
>>> sorted(tables)
['initiative_needs', 'initiatives', 'members', 'networks', 'survey_responses']
>>> len(tables["survey_responses"]), len(tables["networks"]), len(tables["initiatives"])
(24, 81, 80)
"""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from ... import config
from ...files import atomic_write_bytes
from ...sources import slides
from ...sources.registry import published_cells
from ..schema.regions import REGION_NAMES
from ..schema.vocab import (
    ACTIVITIES,
    ACTIVITY_TYPE,
    ACTORS,
    APPROACHES,
    CATALOGUE_TARGETS,
    LIKERT_LABELS,
    NEED_TARGETS,
    NEEDS,
    SURVEY_ITEMS,
    join_multi,
)
from .networks import NETWORK_COLUMNS, build_networks

Row = dict[str, str]

MEMBER_COLUMNS = ["Codice", "Numero", "Nome", "Tipo", "Regione", "Codice regione", "Nazione", "Fonte", "Note"]
SURVEY_COLUMNS = ["ID risposta", "Azienda", "Regione", "Data compilazione", *SURVEY_ITEMS.values(), "Fonte"]
INITIATIVE_COLUMNS = [
    "Codice",
    "Titolo",
    "Nome scheda",
    "Nazione",
    "Regione",
    "Azienda",
    "Promotore",
    "Promotore (scheda)",
    "Tipo iniziativa",
    "Approccio",
    "Approccio (scheda)",
    "Attività",
    "Attività (scheda)",
    "Target",
    "Target (scheda)",
    "Attori coinvolti",
    "Attori (scheda)",
    "Nella matrice",
    "Impatto sui cluster sociali",
    "Descrizione",
    "Tempistiche",
    "Obiettivi",
    "Strumenti",
    "KPI",
    "Contatti",
    "Fonte",
]
NEED_COLUMNS = ["Codice", "Bisogno", "Target", "Fonte"]

RECONSTRUCTED_NOTE = (
    "Scheda ricostruita: record sintetico generato da cbresearch (build-raw) per riprodurre gli "
    "aggregati pubblicati nel seed 004. Non descrive un'esperienza reale."
)

#: how the catalogue's ten targets follow from a (need, target) pair
_TARGET_OF_INDISTINCT_NEED = {
    "Cronicità": "Cronici",
    "Polipatologia": "Cronici",
    "Fragilità": "Fragili",
    "Disabilità": "Disabili",
    "Neurodegenerative": "Disabili",
    "Dipendenze e salute mentale": "Persone affette da Salute Mentale",
    "Fase avanzata/terminale": "Persone in fine vita",
    "Determinanti sociali": "Persone in condizioni sociali disagiate",
    "Migranti": "Persone in condizioni sociali disagiate",
    "Povertà/emarginazione": "Persone in condizioni sociali disagiate",
}
_TARGET_OF_GROUP = {
    "Minore": "Minori",
    "Anziano": "Anziani fragili",
    "Caregiver": "Caregiver",
    "Comunità": "Tutta la popolazione",
}


def catalogue_target(need: str, target: str) -> str:
    """Return the catalogue target (one of ten) implied by a (need, target) pair.

    Examples
    --------
    >>> catalogue_target("Cronicità", "Indistinto")
    'Cronici'
    >>> catalogue_target("Cronicità", "Anziano")
    'Anziani fragili'
    """
    return _TARGET_OF_GROUP.get(target) or _TARGET_OF_INDISTINCT_NEED[need]


def likert_text(score: int) -> str:
    """Format a score as the questionnaire tool exports it.

    Examples
    --------
    >>> likert_text(4)
    '4 - Molto'
    """
    return f"{score} - {LIKERT_LABELS[score]}"


def build_members() -> list[Row]:
    """Return the 29 health authorities and 9 third-sector bodies of seed 004.

    Examples
    --------
    >>> rows = build_members()
    >>> rows[17]["Nome"], rows[17]["Nazione"], rows[17]["Codice regione"]
    ('ISS San Marino', 'San Marino', '')
    """
    rows = []
    for number, name, kind, code in slides.MEMBERS:
        prefix = "AS" if kind == "Azienda sanitaria" else "TS"
        rows.append(
            {
                "Codice": f"{prefix}{number:02d}",
                "Numero": str(number),
                "Nome": name,
                "Tipo": kind,
                "Regione": REGION_NAMES[code] if code else "San Marino",
                "Codice regione": code,
                "Nazione": "Italia" if code else "San Marino",
                "Fonte": "seed",
                "Note": slides.MEMBER_NOTES.get(name, ""),
            }
        )
    return rows


def published_survey() -> dict[str, dict[int, int]]:
    """The questionnaire's published distributions, from the registry: item -> {score: count}.

    Examples
    --------
    >>> published_survey()["suitability_wi"]
    {3: 5, 4: 13, 5: 6}
    """
    cells = published_cells("survey_count", ("item", "score"))
    return {item: {s: cells[(item, s)] for s in LIKERT_LABELS if (item, s) in cells} for item in SURVEY_ITEMS}


def survey_respondents(distributions: dict[str, dict[int, int]]) -> int:
    """The number of respondents: every item's counts must add up to the same number.

    Examples
    --------
    >>> survey_respondents(published_survey())
    24
    """
    totals = {sum(counts.values()) for counts in distributions.values()}
    if len(totals) != 1:
        raise ValueError(f"the published distributions do not have one number of respondents: {sorted(totals)}")
    return totals.pop()


def _health_authorities(members: list[Row]) -> list[Row]:
    return [m for m in members if m["Tipo"] == "Azienda sanitaria"]


def build_survey(rng: np.random.Generator, members: list[Row]) -> list[Row]:
    """Return 24 questionnaire answers reproducing the four published distributions.

    Which 24 of the 29 authorities answered, and how each respondent's four
    answers pair up, is not published: both are drawn with ``rng``.

    Examples
    --------
    >>> rows = build_survey(np.random.default_rng(1), build_members())
    >>> sorted(r["Adeguatezza - Reti di comunità"] for r in rows).count("4 - Molto")
    15
    """
    authorities = _health_authorities(members)
    distributions = published_survey()
    chosen = sorted(rng.choice(len(authorities), survey_respondents(distributions), replace=False))
    scores = {}
    for item, distribution in distributions.items():
        values = [score for score, count in distribution.items() for _ in range(count)]
        scores[item] = rng.permutation(values)
    start = date(2019, 11, 18)
    offsets = sorted(int(x) for x in rng.integers(0, 33, size=len(chosen)))
    rows = []
    for i, (index, offset) in enumerate(zip(chosen, offsets, strict=True)):
        member = authorities[int(index)]
        row = {
            "ID risposta": f"R{i + 1:02d}",
            "Azienda": member["Nome"],
            "Regione": member["Regione"],
            "Data compilazione": (start + timedelta(days=offset)).strftime("%d/%m/%Y"),
        }
        for item, header in SURVEY_ITEMS.items():
            row[header] = likert_text(int(scores[item][i]))
        row["Fonte"] = "ricostruito"
        rows.append(row)
    return rows


def _need_pairs() -> list[tuple[str, str]]:
    cells = published_cells("need_target", ("need", "target"))  # blank cells of the printed table are 0
    return [
        (need, target)
        for need in NEEDS.labels
        for target in NEED_TARGETS.labels
        for _ in range(cells.get((need, target), 0))
    ]


def _parse_card_needs(text: str) -> list[tuple[str, str]]:
    return [tuple(part.split("|")) for part in text.split("; ") if part]  # type: ignore[misc]


def build_initiatives(rng: np.random.Generator, members: list[Row]) -> tuple[list[Row], list[Row]]:
    """Return the catalogue (80 initiatives) and its long table of (need, target) pairs.

    The 65 experiences classified in seed 004 fill the activity × approach matrix
    cell by cell (two of them are the real Italian case cards); 15 international
    experiences (two of them the real English case cards) complete the catalogue.
    The 72 (need, target) pairs of the need × target matrix are spread over the
    classified experiences.

    Examples
    --------
    >>> initiatives, needs = build_initiatives(np.random.default_rng(1), build_members())
    >>> sum(r["Nella matrice"] == "Sì" for r in initiatives), len(needs)
    (65, 72)
    """
    cards = {card["Titolo"]: card for card in slides.CASE_CARDS}
    italian_cards = [c for c in slides.CASE_CARDS if c["Nazione"] == "Italia"]
    foreign_cards = [c for c in slides.CASE_CARDS if c["Nazione"] != "Italia"]
    authorities = [m for m in _health_authorities(members) if m["Nazione"] == "Italia"]

    # cells of the matrix, one entry per experience, in the seed's order
    printed = published_cells("classification", ("activity", "approach"))  # blank cells of the printed table are 0
    cells = [(a, b) for a in ACTIVITIES.labels for b in APPROACHES.labels for _ in range(printed.get((a, b), 0))]
    card_cells = {(c["Attività"], c["Approccio"]): c["Titolo"] for c in italian_cards}

    pairs = _need_pairs()
    for card in italian_cards:
        for pair in _parse_card_needs(card["Bisogni"]):
            pairs.remove(pair)
    pairs = [pairs[i] for i in rng.permutation(len(pairs))]

    owner_order = [authorities[i] for i in rng.permutation(len(authorities))]
    initiatives: list[Row] = []
    needs: list[Row] = []
    reconstructed_needs: list[list[tuple[str, str]]] = []
    for number, (activity, approach) in enumerate(cells, start=1):
        code = f"CB{number:03d}"
        title = card_cells.pop((activity, approach), None)
        if title is not None:
            row = _card_row(cards[title], code, in_matrix=True)
            for need, target in _parse_card_needs(cards[title]["Bisogni"]):
                needs.append({"Codice": code, "Bisogno": need, "Target": target, "Fonte": "seed"})
            initiatives.append(row)
            continue
        owner = owner_order[len(reconstructed_needs) % len(owner_order)]
        reconstructed_needs.append([pairs.pop(0)])
        promoter = str(rng.choice(["Azienda sanitaria", "Ente locale", "Ente non profit"], p=[0.7, 0.15, 0.15]))
        actors = {promoter, "Azienda sanitaria"}
        actors.update(str(a) for a in rng.choice(ACTORS.labels, size=int(rng.integers(1, 4)), replace=False))
        initiatives.append(
            _reconstructed_row(
                code, activity, approach, owner["Nome"], owner["Regione"], promoter, actors, in_matrix=True
            )
        )
    # the remaining pairs go to distinct experiences as a second need
    reconstructed_rows = [r for r in initiatives if r["Fonte"] == "ricostruito"]
    _give_second_needs(pairs, reconstructed_needs, rng.permutation(len(reconstructed_rows)))
    for row, row_needs in zip(reconstructed_rows, reconstructed_needs, strict=True):
        for need, target in row_needs:
            needs.append({"Codice": row["Codice"], "Bisogno": need, "Target": target, "Fonte": "ricostruito"})
        row["Target"] = join_multi((catalogue_target(n, t) for n, t in row_needs), CATALOGUE_TARGETS)
    needs.sort(key=lambda r: r["Codice"])

    initiatives += _international_experiences(rng, foreign_cards, first_number=len(cells) + 1)
    return initiatives, needs


def _international_experiences(rng: np.random.Generator, cards: list[dict[str, str]], first_number: int) -> list[Row]:
    """The experiences abroad (not in the classification matrix): the real cards, then reconstructed ones."""
    rows = [_card_row(card, f"CB{number:03d}", in_matrix=False) for number, card in enumerate(cards, first_number)]
    number = first_number + len(cards) - 1
    countries = ["Canada", "Finlandia", "USA"] + [
        str(c) for c in rng.choice(["UK", "Canada", "Finlandia", "USA"], size=slides.CATALOGUE_SIZE - number - 3)
    ]
    for country in countries:
        number += 1
        activity = str(rng.choice(ACTIVITIES.labels))
        approach = str(rng.choice(APPROACHES.labels, p=[0.4, 0.3, 0.2, 0.1]))
        promoter = str(rng.choice(["Ente locale", "Ente non profit", "Azienda sanitaria"]))
        actors = {promoter, *(str(a) for a in rng.choice(ACTORS.labels, size=2, replace=False))}
        row = _reconstructed_row(f"CB{number:03d}", activity, approach, "", "", promoter, actors, in_matrix=False)
        row["Nazione"] = country
        targets = rng.choice(CATALOGUE_TARGETS.labels, size=int(rng.integers(1, 3)), replace=False)
        row["Target"] = join_multi((str(t) for t in targets), CATALOGUE_TARGETS)
        row["Titolo"] = f"Esperienza internazionale ricostruita {row['Codice']} ({country})"
        rows.append(row)
    return rows


def _give_second_needs(pairs: list, needs: list[list], order) -> None:
    """Give each remaining pair to a distinct experience (in ``order``) as its second need.

    Each pass over the experiences places at least one pair or proves that
    none can be placed, so the loop ends; the seed's 72 pairs over 63
    reconstructed experiences always fit.

    Examples
    --------
    >>> needs = [[("A", "x")], [("B", "y")]]
    >>> _give_second_needs([("C", "z")], needs, [1, 0])
    >>> needs
    [[('A', 'x')], [('B', 'y'), ('C', 'z')]]
    >>> _give_second_needs([("D", "w"), ("E", "v"), ("F", "u")], [[("A", "x")]], [0])
    Traceback (most recent call last):
    ...
    ValueError: 2 (need, target) pairs cannot be placed: every experience already has two needs or that pair
    """
    cursor = 0
    while pairs:
        placed = False
        for _ in range(len(order)):
            index = int(order[cursor % len(order)])
            cursor += 1
            if pairs[0] not in needs[index] and len(needs[index]) <= 1:
                needs[index].append(pairs.pop(0))
                placed = True
                break
        if not placed:
            raise ValueError(
                f"{len(pairs)} (need, target) pairs cannot be placed: every experience already has two needs or "
                "that pair"
            )


def _card_row(card: dict[str, str], code: str, in_matrix: bool) -> Row:
    row = {column: card.get(column, "") for column in INITIATIVE_COLUMNS}
    row["Contatti"] = ""  # names, phones, e-mails of real people: never in data/ (cb.load(..., include_contacts=True))
    row["Codice"] = code
    row["Tipo iniziativa"] = ACTIVITY_TYPE[card["Attività"]]
    row["Nella matrice"] = "Sì" if in_matrix else "No"
    row["Fonte"] = "seed"
    return row


def _reconstructed_row(
    code: str,
    activity: str,
    approach: str,
    organisation: str,
    region: str,
    promoter: str,
    actors: set[str],
    in_matrix: bool,
) -> Row:
    row = dict.fromkeys(INITIATIVE_COLUMNS, "")
    short = activity.split(" (")[0]
    where = f" – {organisation}" if organisation else ""
    row.update(
        {
            "Codice": code,
            "Titolo": f"Esperienza ricostruita {code}: {short}{where}",
            "Nazione": "Italia" if region else "",
            "Regione": region,
            "Azienda": organisation,
            "Promotore": promoter,
            "Tipo iniziativa": ACTIVITY_TYPE[activity],
            "Approccio": approach,
            "Attività": activity,
            "Attori coinvolti": join_multi(actors, ACTORS),
            "Nella matrice": "Sì" if in_matrix else "No",
            "Descrizione": RECONSTRUCTED_NOTE,
            "Fonte": "ricostruito",
        }
    )
    return row


def build_tables(seed: int = config.RECONSTRUCTION_RANDOM_SEED) -> dict[str, list[Row]]:
    """Build every raw table from the seeds, deterministically.

    Parameters
    ----------
    seed : int
        Seed of the random generator (default :data:`config.RECONSTRUCTION_RANDOM_SEED`).

    Returns
    -------
    dict of str to list of dict
        Table stem -> rows (raw Italian headers, values as text).

    Examples
    --------
    >>> build_tables() == build_tables()
    True
    """
    rng = np.random.default_rng(seed)
    members = build_members()
    survey = build_survey(rng, members)
    initiatives, needs = build_initiatives(rng, members)
    networks = build_networks(rng, members)
    return {
        "members": members,
        "survey_responses": survey,
        "initiatives": initiatives,
        "initiative_needs": needs,
        "networks": networks,
    }


COLUMNS = {
    "members": MEMBER_COLUMNS,
    "survey_responses": SURVEY_COLUMNS,
    "initiatives": INITIATIVE_COLUMNS,
    "initiative_needs": NEED_COLUMNS,
    "networks": NETWORK_COLUMNS,
}


def to_csv_text(rows: list[Row], columns: list[str]) -> str:
    """Render rows as the CSV text written to ``data/raw`` (UTF-8, ``,``, ``\\n``).

    Examples
    --------
    >>> to_csv_text([{"A": "x, y", "B": "1"}], ["A", "B"])
    'A,B\\n"x, y",1\\n'
    """
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n", extrasaction="raise")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def write_raw(out_dir: Path, seed: int = config.RECONSTRUCTION_RANDOM_SEED) -> list[Path]:
    """Write the five raw CSV files into ``out_dir`` and return their paths.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     [p.name for p in write_raw(Path(d))]
    ['members.csv', 'survey_responses.csv', 'initiatives.csv', 'initiative_needs.csv', 'networks.csv']
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for stem, rows in build_tables(seed).items():
        path = out_dir / f"{stem}.csv"
        atomic_write_bytes(path, to_csv_text(rows, COLUMNS[stem]).encode("utf-8"))
        written.append(path)
    return written
