"""Regional programmes described in seeds 002 and 003 (Emilia-Romagna), as data.

Facts and figures transcribed from the slides, with the slide they come
from; no prose is copied.  The registry of published figures
(``registry.yaml``) refers to these lists and numbers, and the Emilia-Romagna
report shows them as its "Programmazione regionale" section.

Examples
--------
>>> len(ER_PLAN_2017_2019["strategic_objectives"]), len(ER_PLAN_2017_2019["areas"]), len(ER_PLAN_2017_2019["schede"])
(3, 5, 39)
"""

from __future__ import annotations

from ..rounding import integer_split

#: seed 003, "La cornice: il Piano sociale e sanitario regionale 2017-2019" and following slides
ER_PLAN_2017_2019: dict = {
    "period": (2017, 2019),
    "strategic_objectives": (
        "Lotta all'esclusione, alla fragilità e alla povertà",
        "Distretto come snodo strategico dell'integrazione sanitaria, sociale e socio-sanitaria",
        "Strumenti innovativi di prossimità, territorialità e integrazione dei servizi",
    ),
    "areas": (
        "A. Domiciliarità e prossimità",
        "B. Prevenzione disuguaglianze e promozione salute",
        "C. Promozione autonomia",
        "D. Partecipazione e responsabilizzazione",
        "E. Qualificazione servizi",
    ),
    "schede": (
        "Case della salute e Medicina d'iniziativa",
        "Riorganizzazione rete ospedaliera e territoriale integrata",
        "Cure intermedie e sviluppo Ospedali di comunità",
        "Budget di salute",
        "Riconoscimento ruolo caregiver",
        "Progetto di vita, Vita indipendente, Dopo di noi",
        "Rete cure palliative",
        "Salute in carcere, umanizzazione e reinserimento",
        "Medicina di genere",
        "Contrasto dell'esclusione sociale",
        "Equità: metodologie e strumenti",
        "Inclusione persone straniere neo-arrivate",
        "Fondi integrativi extra LEA",
        "Pari opportunità e differenze",
        "Potenziamento interventi nei primi 1000 giorni di vita",
        "Sostegno alla genitorialità",
        "Progetto Adolescenza",
        "Salute sessuale e riproduttiva, prevenzione sterilità",
        "Prevenzione e contrasto al gioco d'azzardo patologico",
        "Invecchiamento attivo in salute e tutela fragilità",
        "Innovazione rete per anziani nell'ambito del FRNA",
        "Misure a contrasto della povertà (SIA/REI, RES)",
        "Avvicinamento al lavoro per le persone fragili e vulnerabili",
        "La casa come fattore di inclusione e benessere sociale",
        "Contrasto alla violenza di genere",
        "Empowerment e partecipazione di comunità",
        "Health literacy",
        "Conoscenze esperienziali e aiuto tra pari",
        "Partecipazione civica e collaborazione tra pubblico ed Enti del terzo settore",
        "Aggiornamento di strumenti e procedure sociosanitarie",
        "Riorganizzazione/miglioramento assistenza alla nascita",
        "Equità d'accesso a prestazioni sanitarie",
        "Miglioramento accesso in emergenza-urgenza",
        "Metodologie per innovare organizzazioni e pratiche professionali",
        "ICT strumento per nuovo modello e-welfare",
        "Consolidamento e sviluppo Servizi sociali territoriali",
        "Qualificazione accoglienza/tutela 0-18 anni e neomaggiorenni",
        "Nuovo calendario vaccinale e miglioramento coperture",
        "Livelli essenziali delle prestazioni sociali",
    ),
    "district_plans": 38,  # "38 piani di zona presentati"
    "district_plans_with_community_lab": 25,
    "implementation_sheets": 1770,  # "1770 schede attuative per i pdz"
    "support_meetings": 80,  # "80 incontri di accompagnamento"
    "rei_res_applications_over": 30_000,
    "lr14_profiled_over": 20_000,
    "poverty_resources_2018_eur_over": 75_000_000,
}

#: seed 002, "I numeri del movimento generato" (Emilia-Romagna) and "CasaCommunityLab in AUSL della Romagna"
CASA_COMMUNITY_LAB: dict = {
    "regione": {
        "distretti": 38,  # "38/38 Distretti"
        "distretti_totali": 38,
        "case_della_comunita": 42,
        "facilitatori": 380,
        "facilitatori_quote_pct": {"sanità": 65, "sociale": 26, "altro": 9},
        "operatori_oltre": 600,
        "enti_terzo_settore_oltre": 300,
        "cittadini_circa": 5000,
    },
    "romagna": {
        "ambiti_distrettuali": 3,
        "distretti": 8,
        "case_della_comunita_operative": 10,
        "case_della_comunita_in_avvio": 5,
        "facilitatori": 90,
        "operatori_circa": 150,
        "enti_terzo_settore_oltre": 100,
        "cittadini_oltre": 2000,
    },
    "passi": (
        "Definizione dei dispositivi organizzativi",
        "Attivazione",
        "Progettazione",
        "Cura e azione",
        "Valutazione",
    ),
}

#: seed 001, "Nel 2030 … contesti di vita" of the programming group on domiciliarity
LIFE_CONTEXTS_2030 = ("Casa / famiglia", "Lavoro / scuola", "Socialità")


def facilitators_by_profession(total: int | None = None) -> dict[str, int]:
    """Integer split of the facilitators whose rounded shares match the published 65/26/9 %.

    Among all integer splits of ``total`` with those rounded shares, the one
    closest to the exact products (see :func:`cbresearch.rounding.integer_split`).

    Examples
    --------
    >>> facilitators_by_profession()
    {'sanità': 247, 'sociale': 99, 'altro': 34}
    """
    region = CASA_COMMUNITY_LAB["regione"]
    shares = region["facilitatori_quote_pct"]
    split = integer_split(total or region["facilitatori"], list(shares.values()), 0)
    if split is None:
        raise ValueError(f"no split of {total} facilitators rounds to {shares} %")
    return dict(zip(shares, split, strict=True))
