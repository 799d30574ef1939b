"""Controlled vocabularies, transcribed from the search fields and tables of seed 004.

A :class:`Vocabulary` maps the many ways a label is typed in real exports
(case, accents, spacing, hyphens, known synonyms) to one canonical label, and
suggests the closest label for an unknown one.

Examples
--------
>>> APPROACHES.lookup("  tra-pari ")
'Tra pari'
>>> APPROACHES.lookup("ISTITUZIONALE")
'Istituzionale'
>>> APPROACHES.lookup("Partecipativo volontario")
'Volontariato'
>>> APPROACHES.lookup("Istituzionle") is None
True
>>> APPROACHES.suggest("Istituzionle")
'Istituzionale'
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import SourceDataError
from ...i18n import _

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def normalise_key(text: object) -> str:
    """Return the comparison key of a label: no accents, lower case, words only.

    Parameters
    ----------
    text : object
        Any value; it is converted with ``str``.

    Returns
    -------
    str
        Lower-case ASCII words separated by single spaces.

    Examples
    --------
    >>> normalise_key("  Comunità-Tra_Pari ")
    'comunita tra pari'
    >>> normalise_key("Sì")
    'si'
    """
    decomposed = unicodedata.normalize("NFKD", str(text))
    ascii_text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_ALNUM.sub(" ", ascii_text.casefold()).strip()


@dataclass(frozen=True)
class Vocabulary:
    """An ordered list of canonical labels with known synonyms.

    Parameters
    ----------
    name : str
        What the labels are (used in messages).
    labels : tuple of str
        Canonical labels, in the seed's order.
    synonyms : mapping of str to str
        Known variants (any spelling) mapped to a canonical label.
    """

    name: str
    labels: tuple[str, ...]
    synonyms: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        index: dict[str, str] = {}
        for label in self.labels:
            index[normalise_key(label)] = label
        for variant, label in self.synonyms.items():
            if label not in self.labels:
                raise ValueError(f"synonym {variant!r} of {self.name} maps to unknown {label!r}")
            index[normalise_key(variant)] = label
        object.__setattr__(self, "_index", index)

    def lookup(self, value: object) -> str | None:
        """Return the canonical label for ``value``, or ``None`` if unknown.

        Examples
        --------
        >>> YES_NO.lookup("si")
        'Sì'
        """
        return self._index.get(normalise_key(value))  # type: ignore[attr-defined]

    def suggest(self, value: object) -> str | None:
        """Return the closest canonical label to an unknown ``value``, if any is close.

        Examples
        --------
        >>> RELATIONS.suggest("colabora")
        'collabora'
        >>> RELATIONS.suggest("xyz") is None
        True
        """
        keys = list(self._index)  # type: ignore[attr-defined]
        close = difflib.get_close_matches(normalise_key(value), keys, n=1, cutoff=0.75)
        return self._index[close[0]] if close else None  # type: ignore[attr-defined]

    def describe(self, limit: int = 12) -> str:
        """Return 'one of: a, b, c' for error messages.

        Examples
        --------
        >>> YES_NO.describe()
        'uno tra: Sì, No'
        """
        shown = ", ".join(self.labels[:limit])
        more = _(", … ({count} labels)").format(count=len(self.labels)) if len(self.labels) > limit else ""
        return _("one of: {labels}").format(labels=shown) + more

    def __contains__(self, label: object) -> bool:
        return label in self.labels

    def __iter__(self):
        return iter(self.labels)

    def __len__(self) -> int:
        return len(self.labels)


# --- classification of experiences (seed 004, "la matrice di classificazione") ---

INITIATIVE_TYPES = Vocabulary(
    "tipo iniziativa",
    ("Welfare di iniziativa", "Reti di comunità"),
    {
        "Welfare/medicina di iniziativa": "Welfare di iniziativa",
        "Medicina di iniziativa": "Welfare di iniziativa",
        "Welfare di iniziativa A": "Welfare di iniziativa",
        "Valorizzazione delle Reti di Comunità": "Reti di comunità",
        "Reti di comunità A": "Reti di comunità",
    },
)

#: The nine activities in the seed's order, with the initiative type they belong to.
ACTIVITY_TYPE: dict[str, str] = {
    "Service design che raggiunga i target più fragili": "Welfare di iniziativa",
    "Iniziative per coloro che non arrivano ai servizi": "Welfare di iniziativa",
    "Iniziative per raggiungere standard clinici uniformi": "Welfare di iniziativa",
    "Valutazione dei servizi (advocacy)": "Reti di comunità",
    "Processi decisionali (co-progettazione)": "Reti di comunità",
    "Iniziative a sostegno della coproduzione": "Reti di comunità",
    "Iniziative per diffondere la prevenzione": "Reti di comunità",
    "Iniziative per il sostegno psicologico alla malattia": "Reti di comunità",
    "Sviluppo di Collaborative lifestyles": "Reti di comunità",
}
ACTIVITIES = Vocabulary(
    "attività",
    tuple(ACTIVITY_TYPE),
    {
        "Service design": "Service design che raggiunga i target più fragili",
        "Advocacy": "Valutazione dei servizi (advocacy)",
        "Valutazione dei servizi": "Valutazione dei servizi (advocacy)",
        "Co-progettazione": "Processi decisionali (co-progettazione)",
        "Processi decisionali": "Processi decisionali (co-progettazione)",
        "Coproduzione": "Iniziative a sostegno della coproduzione",
        "Prevenzione": "Iniziative per diffondere la prevenzione",
        "Sostegno psicologico": "Iniziative per il sostegno psicologico alla malattia",
        "Collaborative lifestyles": "Sviluppo di Collaborative lifestyles",
    },
)

APPROACHES = Vocabulary(
    "approccio",
    ("Istituzionale", "Professionale", "Volontariato", "Tra pari"),
    {
        "Partecipativo professionale": "Professionale",
        "Partecipativo volontario": "Volontariato",
        "Partecipativo volontariato": "Volontariato",
        "Volontario": "Volontariato",
        "Partecipativo tra pari": "Tra pari",
        "Peer": "Tra pari",
        "Pari": "Tra pari",
    },
)

COUNTRIES = Vocabulary(
    "nazione",
    ("Italia", "UK", "Canada", "Finlandia", "USA"),
    {
        "Italy": "Italia",
        "Regno Unito": "UK",
        "Inghilterra": "UK",
        "United Kingdom": "UK",
        "Stati Uniti": "USA",
        "Stati Uniti d'America": "USA",
        "US": "USA",
        "Finland": "Finlandia",
    },
)

CATALOGUE_TARGETS = Vocabulary(
    "target",
    (
        "Anziani fragili",
        "Caregiver",
        "Minori",
        "Disabili",
        "Cronici",
        "Persone affette da Salute Mentale",
        "Fragili",
        "Persone in condizioni sociali disagiate",
        "Persone in fine vita",
        "Tutta la popolazione",
    ),
    {
        "Anziani": "Anziani fragili",
        "Persone con disabilità": "Disabili",
        "Pazienti cronici": "Cronici",
        "Salute mentale": "Persone affette da Salute Mentale",
        "Comunità": "Tutta la popolazione",
        "La comunità": "Tutta la popolazione",
        "Fine vita": "Persone in fine vita",
    },
)

PROMOTERS = Vocabulary(
    "promotore",
    ("Azienda sanitaria", "Ente locale", "Ente non profit"),
    {"ASL": "Azienda sanitaria", "Comune": "Ente locale", "Terzo settore": "Ente non profit"},
)

#: The seed lists these actors; read as labels it is eleven (the issue text counts
#: twelve by splitting "Associazione culturale, sportiva o religiosa" at its comma).
ACTORS = Vocabulary(
    "attori coinvolti",
    (
        "Associazione culturale, sportiva o religiosa",
        "Associazione di volontariato",
        "Associazione pazienti",
        "Azienda sanitaria",
        "Azienda profit",
        "Ente locale",
        "Ente non profit",
        "Farmacie",
        "MMG",
        "Università",
        "Altro",
    ),
    {
        "Associazioni di volontariato": "Associazione di volontariato",
        "Medici di medicina generale": "MMG",
        "Farmacia": "Farmacie",
        "Enti territoriali": "Ente locale",
        "Comune": "Ente locale",
        "Impresa sociale": "Ente non profit",
        "Imprese sociali": "Ente non profit",
    },
)

# --- need x target matrix (seed 004, "priority setting: la lettura del contesto") ---

#: Needs in the seed's order: code -> label.  Sub-needs (AP, CN, GM, GP) are rows
#: of their own in the published table and are counted separately in its total.
NEED_CODES: dict[str, str] = {
    "A": "Cronicità",
    "AP": "Polipatologia",
    "B": "Fragilità",
    "C": "Disabilità",
    "CN": "Neurodegenerative",
    "D": "Dipendenze e salute mentale",
    "F": "Fase avanzata/terminale",
    "G": "Determinanti sociali",
    "GM": "Migranti",
    "GP": "Povertà/emarginazione",
}
NEEDS = Vocabulary(
    "bisogno",
    tuple(NEED_CODES.values()),
    {
        **dict(NEED_CODES.items()),
        **{f"{code} {label}": label for code, label in NEED_CODES.items()},
        "Povertà": "Povertà/emarginazione",
        "Fase terminale": "Fase avanzata/terminale",
    },
)

NEED_TARGETS = Vocabulary(
    "target (bisogni)",
    ("Minore", "Indistinto", "Anziano", "Caregiver", "Comunità"),
    {
        "Minore/Adolescente": "Minore",
        "Adolescente": "Minore",
        "Minori": "Minore",
        "Anziani": "Anziano",
        "Paziente indistinto": "Indistinto",
    },
)

# --- survey (seed 004, "questionario di assessment strategico") ---

LIKERT_LABELS: dict[int, str] = {
    1: "Per niente",
    2: "Poco",
    3: "Abbastanza",
    4: "Molto",
    5: "Totalmente",
}

#: the questionnaire's two dimensions (the sub-questions of both questions), by the key the item names end with
SURVEY_DIMENSIONS: dict[str, str] = {"wi": "Welfare/medicina di iniziativa", "rc": "Reti di comunità"}

SURVEY_ITEMS: dict[str, str] = {
    "suitability_wi": "Adeguatezza - Welfare/medicina di iniziativa",
    "suitability_rc": "Adeguatezza - Reti di comunità",
    "implementation_wi": "Implementazione - Welfare/medicina di iniziativa",
    "implementation_rc": "Implementazione - Reti di comunità",
}

# --- network mapping (seed 004, "la mappatura delle reti sociali") ---

NETWORK_CATEGORIES = Vocabulary(
    "categoria rete",
    (
        "Vicinato",
        "Comunità religiosa",
        "Identità nazionale",
        "Frequentatori di uno stesso servizio",
        "Comune malattia",
        "Associazioni, volontariato, circoli",
        "Frequentatori di uno stesso luogo",
        "Attività sportive, culturali, ludiche",
        "Reti professionali",
        "Partiti, sindacati, advocacy",
    ),
    {
        "Stessa identità o appartenenza a una comunità religiosa": "Comunità religiosa",
        "Parrocchia": "Comunità religiosa",
        "Stessa identità nazionale": "Identità nazionale",
        "Partecipazione ad associazione o volontariato o circoli": "Associazioni, volontariato, circoli",
        "Frequentatori abituali di uno stesso luogo": "Frequentatori di uno stesso luogo",
        "Attività sportive, culturali, ludiche condivise": "Attività sportive, culturali, ludiche",
        "Lavoratori di una comune azienda o reti professionali": "Reti professionali",
        "Iscritti a partiti, sindacati, gruppi di advocacy": "Partiti, sindacati, advocacy",
    },
)

RELATIONS = Vocabulary(
    "relazione",
    ("collabora", "in contatto", "non in contatto"),
    {"collaborazione": "collabora", "contatto": "in contatto", "nessun contatto": "non in contatto"},
)

LEVELS = Vocabulary("livello", ("alto", "basso"), {"alta": "alto", "bassa": "basso", "high": "alto", "low": "basso"})

CONTRIBUTIONS = Vocabulary(
    "contributo",
    (
        "Promozione delle connessioni sociali",
        "Educazione sanitaria",
        "Presentazione e diffusione conoscenza dei servizi",
        "Reclutare utenti",
        "Sostegno alla compliance",
        "Sostegno all'autocura",
        "Monitoraggio patient experience",
        "Raccolta voice",
        "Co-progettazione servizi",
        "Offerta di servizi complementari a quelli pubblici",
        "Supporto in contributo economico",
        "Canale di comunicazione/contatto con gli utenti o comunità",
    ),
    {
        "Promozione connessioni": "Promozione delle connessioni sociali",
        "Supporto in servizi": "Offerta di servizi complementari a quelli pubblici",
    },
)

REWARDS = Vocabulary(
    "ricompensa",
    (
        "Accreditamento istituzionale/branding istituzionale",
        "Visibilità",
        "Spazi",
        "Contributi economici",
        "Integrazione con i servizi pubblici",
        "Invio di utenti o volontari",
        "Voice politica",
        "Networking (altri contatti)",
    ),
    {
        "Networking": "Networking (altri contatti)",
        "Accreditamento istituzionale": "Accreditamento istituzionale/branding istituzionale",
    },
)

# --- generic ---

YES_NO = Vocabulary("sì/no", ("Sì", "No"), {"si": "Sì", "s": "Sì", "yes": "Sì", "vero": "Sì", "n": "No", "falso": "No"})

SOURCES = Vocabulary(
    "fonte",
    ("seed", "ricostruito", "consegna", "rilevazione"),
    {
        "ricostruita": "ricostruito",
        "reconstructed": "ricostruito",
        "sintetico": "ricostruito",
        "consegnato": "consegna",
        "azienda": "consegna",
        "delivery": "consegna",
        "survey tool": "rilevazione",  # answers imported from a survey tool's export (cbresearch import-survey)
    },
)

MEMBER_TYPES = Vocabulary(
    "tipo membro",
    ("Azienda sanitaria", "Ente del terzo settore"),
    {"ETS": "Ente del terzo settore", "Terzo settore": "Ente del terzo settore"},
)


def join_multi(labels: Iterable[str], vocabulary: Vocabulary | None = None) -> str:
    """Join multi-choice labels the way the export tools do (``"; "``), in vocabulary order.

    Examples
    --------
    >>> join_multi(["Visibilità", "Spazi"], REWARDS)
    'Visibilità; Spazi'
    """
    labels = list(dict.fromkeys(labels))
    if vocabulary is not None:
        labels.sort(key=vocabulary.labels.index)
    return "; ".join(labels)


SEARCH_WORDS_FILE = Path(__file__).with_name("search_words.yaml")


def search_words(path: Path | None = None) -> dict[str, list]:
    """The synonym groups and stop words of the catalogue's search box (``data/schema/search_words.yaml``).

    Each synonym group has at least two members and a word or phrase belongs to one group only
    (compared as :func:`normalise_key` does).

    Parameters
    ----------
    path : Path, optional
        Another words file with the same keys (for tests and forks).

    Returns
    -------
    dict
        ``{"synonyms": [[str, ...], ...], "stop_words": [str, ...]}``

    Raises
    ------
    SourceDataError
        When the file is malformed; the message names the file, the entry and what was expected.

    Examples
    --------
    >>> words = search_words()
    >>> words["synonyms"][0][:2], "della" in words["stop_words"]
    (['anziani', 'over 65'], True)
    """
    import yaml  # only read when a catalogue page is built

    path = Path(path or SEARCH_WORDS_FILE)
    content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    synonyms, stop_words = content.get("synonyms"), content.get("stop_words")
    if not isinstance(synonyms, list) or not isinstance(stop_words, list):
        raise SourceDataError(
            _("{path}: expected the keys 'synonyms' (a list of lists) and 'stop_words' (a list)").format(path=path)
        )
    seen: dict[str, int] = {}
    for number, group in enumerate(synonyms, start=1):
        if not isinstance(group, list) or len(group) < 2 or not all(isinstance(w, str | int) for w in group):
            raise SourceDataError(
                _("{path}: synonym group {number} is {group!r}, expected a list of two or more words").format(
                    path=path, number=number, group=group
                )
            )
        for word in group:
            key = normalise_key(word)
            if key in seen and seen[key] != number:
                raise SourceDataError(
                    _("{path}: {word!r} is in synonym groups {first} and {number}, expected in one group only").format(
                        path=path, word=word, first=seen[key], number=number
                    )
                )
            seen[key] = number
    return {"synonyms": [[str(w) for w in g] for g in synonyms], "stop_words": [str(w) for w in stop_words]}
