"""Rebuild record-level raw data from the aggregates published in the seeds.

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

from . import config, seeds
from .vocab import (
    ACTIVITIES,
    ACTIVITY_TYPE,
    ACTORS,
    APPROACHES,
    CATALOGUE_TARGETS,
    CONTRIBUTIONS,
    LIKERT_LABELS,
    NEED_TARGETS,
    NETWORK_CATEGORIES,
    REGION_NAMES,
    REWARDS,
    SURVEY_ITEMS,
    join_multi,
)

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
    for number, name, kind, code in seeds.MEMBERS:
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
                "Note": seeds.MEMBER_NOTES.get(name, ""),
            }
        )
    return rows


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
    chosen = sorted(rng.choice(len(authorities), seeds.SURVEY_RESPONDENTS, replace=False))
    scores = {}
    for item, distribution in seeds.SURVEY_DISTRIBUTIONS.items():
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
    pairs = []
    for need, counts in seeds.NEED_TARGET_MATRIX.items():
        for target, count in zip(NEED_TARGETS.labels, counts, strict=True):
            pairs.extend([(need, target)] * count)
    return pairs


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
    cards = {card["Titolo"]: card for card in seeds.CASE_CARDS}
    italian_cards = [c for c in seeds.CASE_CARDS if c["Nazione"] == "Italia"]
    foreign_cards = [c for c in seeds.CASE_CARDS if c["Nazione"] != "Italia"]
    authorities = [m for m in _health_authorities(members) if m["Nazione"] == "Italia"]

    # cells of the matrix, one entry per experience, in the seed's order
    cells: list[tuple[str, str]] = []
    for activity, counts in seeds.CLASSIFICATION_MATRIX.items():
        for approach, count in zip(APPROACHES.labels, counts, strict=True):
            cells.extend([(activity, approach)] * count)
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
    extra_owners = rng.permutation(len(reconstructed_rows))
    cursor = 0
    while pairs:
        pair = pairs[0]
        index = int(extra_owners[cursor % len(extra_owners)])
        cursor += 1
        if pair in reconstructed_needs[index] or len(reconstructed_needs[index]) > 1:
            continue
        reconstructed_needs[index].append(pairs.pop(0))
    for row, row_needs in zip(reconstructed_rows, reconstructed_needs, strict=True):
        for need, target in row_needs:
            needs.append({"Codice": row["Codice"], "Bisogno": need, "Target": target, "Fonte": "ricostruito"})
        row["Target"] = join_multi((catalogue_target(n, t) for n, t in row_needs), CATALOGUE_TARGETS)
    needs.sort(key=lambda r: r["Codice"])

    # international experiences, not part of the classification matrix
    number = len(cells)
    for card in foreign_cards:
        number += 1
        initiatives.append(_card_row(card, f"CB{number:03d}", in_matrix=False))
    countries = ["Canada", "Finlandia", "USA"] + [
        str(c) for c in rng.choice(["UK", "Canada", "Finlandia", "USA"], size=seeds.CATALOGUE_SIZE - number - 3)
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
        initiatives.append(row)
    return initiatives, needs


def _card_row(card: dict[str, str], code: str, in_matrix: bool) -> Row:
    row = {column: card.get(column, "") for column in INITIATIVE_COLUMNS}
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


def _counts_from_shares(shares: dict[str, tuple[float, float]], which: int, total: int) -> dict[str, int]:
    from .stats import round_half_up

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
    >>> rows = build_networks(np.random.default_rng(1), build_members())
    >>> sum(r["Formale"] == "Sì" for r in rows)
    56
    """
    mappers: list[Row] = []
    for kind, (how_many, per_mapper) in seeds.NETWORK_MAPPERS.items():
        pool = [m for m in members if m["Tipo"] == kind]
        picked = sorted(rng.choice(len(pool), size=how_many, replace=False))
        for index in picked:
            mappers.extend([pool[int(index)]] * per_mapper)
    n = len(mappers)
    if n != seeds.NETWORK_COUNT:
        raise ValueError(f"mappers give {n} networks, expected {seeds.NETWORK_COUNT}")

    def shuffled(counts: dict) -> list:
        values = [key for key, count in counts.items() for _ in range(count)]
        return [values[i] for i in rng.permutation(len(values))]

    relations = shuffled(seeds.NETWORK_RELATIONS)
    formal = shuffled({"Sì": seeds.NETWORK_FORMAL_YES, "No": n - seeds.NETWORK_FORMAL_YES})
    external = shuffled({"Sì": seeds.NETWORK_EXTERNAL_YES, "No": n - seeds.NETWORK_EXTERNAL_YES})
    power = shuffled(seeds.NETWORK_POWER_INTEREST)
    weights = np.array([10, 8, 3, 7, 6, 14, 5, 9, 6, 2], dtype=float)
    categories = rng.choice(NETWORK_CATEGORIES.labels, size=n, p=weights / weights.sum())
    multi = {}
    for column, shares, vocabulary, totals, which in [
        ("Contributi", seeds.CONTRIBUTION_SHARES, CONTRIBUTIONS, seeds.CONTRIBUTION_MENTIONS, 0),
        ("Contributi all'intervento", seeds.CONTRIBUTION_SHARES, CONTRIBUTIONS, seeds.CONTRIBUTION_MENTIONS, 1),
        ("Ricompense", seeds.REWARD_SHARES, REWARDS, seeds.REWARD_MENTIONS, 0),
        ("Ricompense per l'intervento", seeds.REWARD_SHARES, REWARDS, seeds.REWARD_MENTIONS, 1),
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


def build_tables(seed: int = config.RECONSTRUCTION_SEED) -> dict[str, list[Row]]:
    """Build every raw table from the seeds, deterministically.

    Parameters
    ----------
    seed : int
        Seed of the random generator (default :data:`config.RECONSTRUCTION_SEED`).

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


def write_raw(out_dir: Path, seed: int = config.RECONSTRUCTION_SEED) -> list[Path]:
    """Write the five raw CSV files into ``out_dir`` and return their paths.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     [p.name for p in write_raw(Path(d))]
    ['members.csv', 'survey_responses.csv', 'initiatives.csv', 'initiative_needs.csv', 'networks.csv']
    """
    from .rawio import atomic_write_bytes

    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for stem, rows in build_tables(seed).items():
        path = out_dir / f"{stem}.csv"
        atomic_write_bytes(path, to_csv_text(rows, COLUMNS[stem]).encode("utf-8"))
        written.append(path)
    return written
