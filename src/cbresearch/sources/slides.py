"""Facts transcribed from the slides (the seed documents): published aggregates and the real records.

Everything here is data read off the slides (source named next to each item);
:mod:`cbresearch.data.build.reconstruct` turns the aggregates into record-level rows, and
the real records (members, case cards) are written as they are.

Examples
--------
>>> len([m for m in MEMBERS if m[2] == "Azienda sanitaria"]), len(MEMBERS)
(29, 38)
>>> len(LISTS["catalogue_search_parameters"])  # the slide announces nine and lists eight
8
"""

from __future__ import annotations

#: seed 004, "La mappatura delle reti sociali (II)": "circa 80" networks; health authorities mapped
#: 4 networks each on average, third-sector bodies 5.  The reconstruction chooses 14 authorities and 5
#: bodies (81 networks) and the counts below, which reproduce every published share.
NETWORK_COUNT = 81
NETWORK_MAPPERS = {"Azienda sanitaria": (14, 4), "Ente del terzo settore": (5, 5)}
#: counts reproducing 60,5 % collabora and 18,5 % non in contatto of 81
NETWORK_RELATIONS = {"collabora": 49, "in contatto": 17, "non in contatto": 15}
NETWORK_FORMAL_YES = 56  # 69,1 %
NETWORK_EXTERNAL_YES = 61  # 75,3 %
#: (interest, influence) -> count; 70 networks with high interest and influence
NETWORK_POWER_INTEREST = {("alto", "alto"): 70, ("alto", "basso"): 4, ("basso", "alto"): 3, ("basso", "basso"): 4}

#: The published tables themselves (the classification and need × target matrices, the questionnaire's
#: distributions, the shares of contributions and rewards) are transcribed once, in the registry of printed
#: figures: :func:`cbresearch.sources.registry.published_cells` and ``published_shares`` read them from there.
#: What follows are the choices the reconstruction makes where the seed prints only shares.
#: total mentions (target, intervention) chosen for the reconstruction
CONTRIBUTION_MENTIONS = (216, 239)
REWARD_MENTIONS = (232, 301)

#: seed 004, "Aziende sanitarie" and "Enti del terzo settore", verbatim, with the
#: region each operates in (our addition): (number, name, type, region code or "").
MEMBERS: list[tuple[int, str, str, str]] = [
    (1, "Asl Roma 2", "Azienda sanitaria", "12"),
    (2, "Asp Bologna", "Azienda sanitaria", "08"),
    (3, "ASS 5 Friuli Occidentale", "Azienda sanitaria", "06"),
    (4, "ASST Rhodense", "Azienda sanitaria", "03"),
    (5, "Ausl Modena", "Azienda sanitaria", "08"),
    (6, "Ausl Parma", "Azienda sanitaria", "08"),
    (7, "Asl Torino 3", "Azienda sanitaria", "01"),
    (8, "Ausl Toscana Centro", "Azienda sanitaria", "09"),
    (9, "Aulss 6 Euganea", "Azienda sanitaria", "05"),
    (10, "ATS Val Padana", "Azienda sanitaria", "03"),
    (11, "Fondaz. Pol. Tor Vergata", "Azienda sanitaria", "12"),
    (12, "Ausl Toscana Sud Est", "Azienda sanitaria", "09"),
    (13, "ASST Bergamo Est", "Azienda sanitaria", "03"),
    (14, "ATS Milano", "Azienda sanitaria", "03"),
    (15, "Ausl Ferrara", "Azienda sanitaria", "08"),
    (16, "Asl Roma 1", "Azienda sanitaria", "12"),
    (17, "AOU Parma", "Azienda sanitaria", "08"),
    (18, "ISS San Marino", "Azienda sanitaria", ""),
    (19, "Ausl Reggio Emilia", "Azienda sanitaria", "08"),
    (20, "ASST Mantova", "Azienda sanitaria", "03"),
    (21, "Asl Cuneo 1", "Azienda sanitaria", "01"),
    (22, "Ausl Bologna", "Azienda sanitaria", "08"),
    (23, "Ausl Toscana Nord Ovest", "Azienda sanitaria", "09"),
    (24, "Ausl Piacenza", "Azienda sanitaria", "08"),
    (25, "Asuits Trieste", "Azienda sanitaria", "06"),
    (26, "Asl Vercelli", "Azienda sanitaria", "01"),
    (27, "Asp Agrigento", "Azienda sanitaria", "19"),
    (28, "UsI Umbria 1", "Azienda sanitaria", "10"),
    (29, "AOU Perugia", "Azienda sanitaria", "10"),
    (1, "Fondazione Santa Clelia Barbieri", "Ente del terzo settore", "08"),
    (2, "Casa della Carità", "Ente del terzo settore", "03"),
    (3, "La Bottega del Possibile", "Ente del terzo settore", "01"),
    (4, "Centro Servizi per il volontariato Monza-Lecco-Sondrio", "Ente del terzo settore", "03"),
    (5, "Fondazione Ebbene", "Ente del terzo settore", "19"),
    (6, "Cooperativa Sociale Proges", "Ente del terzo settore", "08"),
    (7, "Televita", "Ente del terzo settore", "06"),
    (8, "Progetto Arca", "Ente del terzo settore", "03"),
    (9, "Unione Colline Matildiche", "Ente del terzo settore", "08"),
]
MEMBER_NOTES = {
    "ISS San Marino": "Istituto per la Sicurezza Sociale della Repubblica di San Marino: "
    "Stato estero, nessun codice regione ISTAT",
    "UsI Umbria 1": "nome come pubblicato nel seed ('UsI' per 'Usl')",
}

#: The four case cards of seed 004 ("4. Quali esperienze?", "I casi italiani",
#: "I casi inglesi"), transcribed.  Raw columns -> values; the "(scheda)"
#: columns keep the card's own wording where our coded columns use the vocabulary.
CASE_CARDS: list[dict[str, str]] = [
    {
        "Titolo": "Alzheimer Cafè",
        "Nome scheda": "Presa in carico dei pazienti con Alzheimer: apertura di un Alzheimer caffè",
        "Nazione": "Italia",
        "Regione": "Lombardia",
        "Azienda": "ASST Rhodense",
        "Promotore": "Azienda sanitaria",
        "Promotore (scheda)": "ASST Rhodense",
        "Approccio": "Istituzionale",
        "Approccio (scheda)": "Istituzionale",
        "Attività": "Iniziative per il sostegno psicologico alla malattia",
        "Attività (scheda)": "Piattaforma per relazioni e contatti sociali, Supporto psicologico, "
        "Educazione all'alfabetizzazione sanitaria",
        "Target": "Persone affette da Salute Mentale; Caregiver",
        "Target (scheda)": "Dipendenze e salute mentale; Caregiver",
        "Attori coinvolti": "Azienda sanitaria; Ente locale; Associazione di volontariato",
        "Attori (scheda)": "ASST Rhodense, Enti territoriali, Aziende dei Piani di Zona, Associazioni di Volontariato",
        "Impatto sui cluster sociali": "Bonding",
        "Descrizione": "L'Alzheimer Cafè è un luogo dove le persone con Alzheimer, le loro famiglie e le "
        "figure professionali si incontrano per un certo numero di volte ogni anno. Al Cafè il paziente "
        "può affrontare, con il supporto di altri, un problema drammatico attraverso lo sviluppo di "
        "relazioni interpersonali e la valorizzazione delle sue risorse residue. Durante i Cafè si "
        "svolgono attività come attività manipolative, motorie, canto, danza, arteterapia, "
        "musicoterapia, ecc. I familiari e chi assiste il malato, hanno la possibilità di interagire "
        "con un medico, uno psicologo, un infermiere o un assistente sociale per saperne di più, "
        "confrontarsi sulle modalità di relazione con i propri familiari, condividere esperienze, "
        "preoccupazioni, soluzioni. L' Alzheimer Caffè si può organizzare in locali messi a "
        "disposizione all'interno di Residenze sanitarie assistenziali, Centri diurni, spazi "
        "parrocchiali o comunali. Sono organizzati da associazioni di volontariato locali, cooperative "
        "sociali, anche sindacati. La partecipazione è gratuita o al massimo si paga una quota di "
        "iscrizione.",
        "Tempistiche": "Attivo dal 2009, cicli semestrali o annuali",
        "Obiettivi": "Dare risposta ai bisogni dei malati e delle loro famiglie, fornendo spazi per la "
        "condivisione delle difficoltà pratiche e per l'espressione delle emozioni spesso inascoltate a "
        "causa dell'isolamento. Il Cafè vuol realizzare tre obiettivi principali: 1. fornire "
        "informazioni sugli aspetti medici e psicosociali della malattia 2. offrire la possibilità ai "
        "malati, ai familiari e a chi assiste i malati, di parlare apertamente dei propri problemi "
        "3. promuovere la socializzazione e prevenire l'isolamento delle persone malate e delle loro "
        "famiglie",
        "Strumenti": "Medico Specialista, psicologo, infermiere o ass. sociale o operatore qualificato, "
        "esperti in musicoterapia, arte terapia e riabilitazione cognitiva, volontari. Incontri con le "
        "associazioni del territorio, incontro con i familiari, corso di formazione dei volontari, "
        "attivazione di uno sportello telefonico",
        "KPI": "Grado di adesione, continuità di frequenza, soddisfazione care giver",
        "Contatti": "Daniele Perotta, 02/994304529 – 3288548327, dperotta@asst-rhodense.it",
        "Bisogni": "Dipendenze e salute mentale|Indistinto; Disabilità|Caregiver",
    },
    {
        "Titolo": "Non REstaTE Soli",
        "Nome scheda": "Non REstaTE Soli: Rete per minimizzare la solitudine sociale e accrescere il "
        "supporto alla salute e al benessere della popolazione anziana di Roma nella stagione estiva",
        "Nazione": "Italia",
        "Regione": "Lazio",
        "Azienda": "Asl Roma 1",
        "Promotore": "Azienda sanitaria",
        "Promotore (scheda)": "Asl Roma 1",
        "Approccio": "Istituzionale",
        "Approccio (scheda)": "PO",
        "Attività": "Service design che raggiunga i target più fragili",
        "Attività (scheda)": "Programmi di welfare di iniziativa, Monitoraggio della fragilità della "
        "comunità, Piattaforma per relazioni e contatti sociali",
        "Target": "Anziani fragili",
        "Target (scheda)": "Anziani fragili",
        "Attori coinvolti": "Azienda sanitaria; Ente locale; Associazione di volontariato",
        "Attori (scheda)": "Asl Roma 1, Enti territoriali, Municipio 1, Associazioni di Volontariato",
        "Impatto sui cluster sociali": "Bonding",
        "Descrizione": "I MMG individuano tra i loro assistiti le persone a rischio per inserirle in un "
        "programma di sorveglianza, che prevede visite domiciliari nelle giornate più calde. I "
        "volontari della Comunità di S. Egidio sono in rete con i servizi con campagne informative, "
        "servizio telefonico, visite domiciliari ed eventi di socializzazione",
        "Tempistiche": "Dal 1 giugno al 15 settembre di ogni anno",
        "Obiettivi": "Riduzione mortalità e ricoveri nella popolazione anziana (75-84 anni) e molto "
        "anziana (> 84 anni) - Identificazione della la popolazione a rischio per le ondate di calore - "
        "Prevenzione dell'impatto delle ondate di calore sulla salute delle persone dai 65 anni, "
        'residenti in area urbana, in particolare degli individui "suscettibili" agli effetti del '
        "caldo per specifiche caratteristiche socio-demografiche, di salute e condizioni di vita - "
        "Contrasto dell' isolamento sociale degli anziani",
        "Strumenti": "Tavolo di lavoro distrettuale istituito ad hoc Strumenti per identificare il "
        "rischio dei pazienti come il livello di suscettibilità Produzione di report di monitoraggio",
        "KPI": "Coinvolgimento della popolazione a rischio: -15% nel primo mese del periodo target, 30 % "
        "al secondo mese, 45 % al terzo mese Indicatori di performance organizzativa: - Numero incontri "
        "integrati tra gli attori in gioco - Numero incontri di informazione al target e alla "
        "popolazione generale; - Numero di Accessi domiciliari; - Piano di comunicazione; - Numero di "
        "incontri di monitoraggio e verifica - Strumento per la soddisfazione dell'intervento",
        "Contatti": "Romagnuolo Marisa (direttore distretto) e Teresa Miceli (direttore UOC Accoglienza e "
        "tutela Salute) 06.68353158, teresa.miceli@aslroma1.it",
        "Bisogni": "Fragilità|Anziano",
    },
    {
        "Titolo": "Social Prescribing: the Shropshire Model",
        "Nome scheda": "Prescrizione sociale: il modello di Shropshire",
        "Nazione": "UK",
        "Regione": "Midlands Occidentali, Inghilterra",
        "Azienda": "",
        "Promotore": "Ente locale",
        "Promotore (scheda)": "Comune di Shropshire",
        "Approccio": "Istituzionale; Professionale",
        "Approccio (scheda)": "Istituzionale/professionale",
        "Attività": "Service design che raggiunga i target più fragili",
        "Attività (scheda)": "Design dei servizi, Programmi di promozione della salute, Monitoraggio "
        "della fragilità della comunità",
        "Target": "Cronici",
        "Target (scheda)": "Pazienti con malattie croniche; Pazienti in long term care",
        "Attori coinvolti": "Azienda sanitaria; Ente locale; Associazione di volontariato; MMG",
        "Attori (scheda)": "Comune di Shropshire, Partner del NHS (National Health Service), Enti "
        "territoriali, Medici di medicina generale (MMG), Associazioni di Volontariato",
        "Impatto sui cluster sociali": "Bridging",
        "Descrizione": "I partner di livello strategico provenienti da tutto il NHS, dal settore "
        "volontario e comunitario e dal governo locale, attraverso il «Consiglio di salute e "
        "benessere» («Health and Wellbeing Board»), hanno sviluppato un modello di prescrizione "
        "sociale per la contea di Shropshire, negli ultimi due anni. Il progetto è stato guidato dal "
        "team di salute pubblica del consiglio, che lavora direttamente con i MMG locali, il gruppo di "
        "commissioning clinico, le organizzazioni di volontariato e altri partner locali, nell'ambito "
        "del più ampio programma di salute della popolazione in buona salute. Il modello si allinea "
        "alle linee guida nazionali stabilite nel Piano a lungo termine del NHS, sostiene in modo "
        "proattivo lo sviluppo della prescrizione sociale e le reti di assistenza.",
        "Tempistiche": "Nato nel 2017, 12 mesi per sviluppare il concetto, dopo 2 anni il progetto era "
        "già funzionante.",
        "Obiettivi": "Tre obiettivi principali: 1. comprendere come è stato utilizzato il modello di "
        "prescrizione sociale concettuale e in che modo i componenti del modello hanno lavorato insieme "
        "(inizialmente erano solo 4 MMG) 2. sviluppare un solido servizio di prescrizione sociale "
        "utilizzando le migliori pratiche di sviluppo 3. raccogliere e analizzare i dati usando un "
        "approccio sistematico.",
        "Strumenti": "Partnership tra il settore volontario e gli enti territoriali, creazione di una "
        "team multidisciplinare, individuare i soggetti fragili attraverso la rete dei MMG",
        "KPI": "Workshops e incontri per avere feedback, strumenti di misurazione della soddisfazione, "
        "riduzione degli appuntamenti con i MMG",
        "Contatti": "Jo Robins, Consultant in Public Health www.shropshiretogether.org.uk/social-prescribing/",
        "Bisogni": "",
    },
    {
        "Titolo": "Get Oldham Growing",
        "Nome scheda": "«Get Oldham Growing» (Fai crescere Oldham)",
        "Nazione": "UK",
        "Regione": "Grande Manchester, Inghilterra",
        "Azienda": "",
        "Promotore": "Ente locale",
        "Promotore (scheda)": "Comune di Oldham",
        "Approccio": "Professionale; Volontariato",
        "Approccio (scheda)": "Professionale/volontariato",
        "Attività": "Sviluppo di Collaborative lifestyles",
        "Attività (scheda)": "Piattaforma per relazioni e contatti sociali, Educazione all'alfabetizzazione sanitaria",
        "Target": "Tutta la popolazione",
        "Target (scheda)": "La comunità",
        "Attori coinvolti": "Ente locale; Associazione di volontariato; Ente non profit",
        "Attori (scheda)": "Comune di Oldham, Enti territoriali, Associazioni di Volontariato, Imprese sociali",
        "Impatto sui cluster sociali": "Linking/mixing",
        "Descrizione": "Get Oldham Growing (GOG) è un programma incentrato sul collegamento tra persone "
        'attraverso cibo e coltivazione. Questo viene fatto attraverso i "Growing Hubs", che '
        "riuniscono le persone e creano connessioni tra residenti, il volontariato locale e il settore "
        "comunitario (VCS), le imprese sociali e le autorità locali. Questi hub sono piattaforme per "
        "l'impegno della comunità, portando a livelli maggiori di connessione sociale in un'area e "
        "riunendo le persone per migliorare la salute e il benessere, promuovere l'impresa e costruire "
        "competenze e fiducia. L'accesso a frutta e verdura fresca e non modificata migliora anche le "
        "diete delle popolazioni locali e incoraggia le persone a provare cose nuove, ampliando la loro "
        "conoscenza di frutta e verdura non familiari.",
        "Tempistiche": 'I lavori preparatori per "Get Oldham Growing" sono iniziati nel 2013 con il '
        "lancio del programma ad aprile 2014. Il lavoro è ancora in corso.",
        "Obiettivi": "Quattro obiettivi principali: Sviluppare opportunità di lavoro attraverso la "
        "produzione alimentare locale e una migliore creazione dell'economia alimentare locale; "
        "Aumentare le competenze, le qualifiche e l'imprenditorialità in iniziative legate "
        "all'alimentazione; Ridurre gli ostacoli alla partecipazione alle attività di coltivazione "
        "alimentare attraverso l'accesso sostenuto alla terra, formazione e consulenza, sviluppo di "
        "materiali e infrastrutture; Aumentare la partecipazione della comunità ai progetti di "
        "coltivazione, cottura e alimentazione degli alimenti per migliorare la salute e il benessere "
        "dei residenti di Oldham.",
        "Strumenti": "Strumenti per facilitare la collaborazione tra i vari enti implicati nel progetto "
        "(open-minded), approccio dal basso (idee che provengono dalla comunità), ecc.",
        "KPI": "Numero di partecipanti ad eventi, numero di visualizzazioni online, indicatori "
        "qualitativi (ad es. soddisfazione dei partecipanti ad eventi)",
        "Contatti": "Anne Fleming, Programme Manager, Food & Health anne.fleming@oldham.gov.uk",
        "Bisogni": "",
    },
]

#: seed 004: the catalogue holds "circa 80" initiatives: the 65 classified
#: experiences of the network plus international experiences.
CATALOGUE_SIZE = 80


#: Lists printed in seed 004, transcribed so that a number the slide announces can be counted against them.
LISTS: dict[str, tuple[str, ...]] = {
    # "2. ONE CHALLENGE AND ONE OPPORTUNITY" (Lent and Studdert, The Community Paradigm)
    "lent_studdert_challenges": ("The challenge of rising demand",),
    "lent_studdert_opportunities": ("The opportunity of the popular desire for more influence",),
    # "Four Public Service Paradigms": the columns of the table
    "public_service_paradigms": ("Civic", "State", "Market", "Community"),
    # "La consultazione del catalogo (1)": the parameters the slide lists after announcing "9 parametri di ricerca"
    "catalogue_search_parameters": (
        "Titolo Intervento",
        "Nazione",
        "Tipo Iniziativa",
        "Approccio",
        "Attività",
        "Target",
        "Promotore",
        "Attori coinvolti",
    ),
    # "7 Punti del Piano": nine entries numbered 1, 1, 2, 3, 3, 4, 5, 6, 7 (two points have two entries)
    "plan_points": (
        "Target / Territori",
        "Motivazioni",
        "Reti strumento / Reti oggetto",
        "Risorse",
        "Governance",
        "Obiettivi",
        "Tempistiche",
    ),
}
