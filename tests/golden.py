"""Golden figures, transcribed once by hand from the seeds and from SOURCES.md, for every test to read.

Nothing here is computed by the package: each number was read off
``../shared/seeds/004_*.txt`` (the slide named next to it) or
``../shared/reference/SOURCES.md``.  Tests compare the package's outputs with
these values; the package keeps its own transcription (``sources/``), so a
typo on either side makes a test fail.
"""

from __future__ import annotations

# --- seed 004, "La matrice di classificazione delle esperienze" (blank cells as 0) ------------------------
APPROACHES = ["Istituzionale", "Professionale", "Volontariato", "Tra pari"]
#: activity -> counts per approach, then the row total
CLASSIFICATION = {
    "Service design che raggiunga i target più fragili": [14, 5, 0, 0, 19],
    "Iniziative per coloro che non arrivano ai servizi": [6, 1, 1, 0, 8],
    "Iniziative per raggiungere standard clinici uniformi": [3, 0, 0, 0, 3],
    "Valutazione dei servizi (advocacy)": [0, 0, 0, 0, 0],
    "Processi decisionali (co-progettazione)": [4, 1, 0, 0, 5],
    "Iniziative a sostegno della coproduzione": [6, 4, 0, 0, 10],
    "Iniziative per diffondere la prevenzione": [8, 2, 0, 0, 10],
    "Iniziative per il sostegno psicologico alla malattia": [3, 1, 0, 1, 5],
    "Sviluppo di Collaborative lifestyles": [4, 0, 1, 0, 5],
}
CLASSIFICATION_TOTAL = [48, 14, 2, 1, 65]
#: the two kinds of initiative (seed 004: "30 … welfare di iniziativa, 35 … reti di comunità")
BY_INITIATIVE_TYPE = {"Welfare di iniziativa": 30, "Reti di comunità": 35}

# --- seed 004, "Priority setting: la lettura del contesto (I)" --------------------------------------------
TARGETS = ["Minore", "Indistinto", "Anziano", "Caregiver", "Comunità"]
#: need (with its code) -> counts per target, then the row total
NEED_TARGET = {
    "A Cronicità": [0, 5, 8, 0, 0, 13],
    "AP Polipatologia": [0, 1, 3, 0, 0, 4],
    "B Fragilità": [0, 5, 7, 0, 0, 12],
    "C Disabilità": [2, 10, 1, 1, 0, 14],
    "CN Neurodegenerative": [0, 4, 1, 0, 0, 5],
    "D Dipendenze e salute mentale": [1, 1, 0, 0, 0, 2],
    "F Fase avanzata/terminale": [0, 2, 0, 0, 0, 2],
    "G Determinanti sociali": [5, 2, 3, 2, 0, 12],
    "GM Migranti": [0, 4, 0, 0, 1, 5],
    "GP Povertà/emarginazione": [0, 1, 0, 0, 2, 3],
}
NEED_TARGET_TOTAL = [8, 35, 23, 3, 3, 72]

# --- seed 004, "Questionario di assessment strategico": (score, count, percent as printed), n = 24 ----------
SURVEY_RESPONDENTS = 24
SURVEY = {
    "Adeguatezza - Welfare/medicina di iniziativa": [(3, 5, 20.83), (4, 13, 54.17), (5, 6, 25.00)],
    "Adeguatezza - Reti di comunità": [(3, 2, 8.33), (4, 15, 62.50), (5, 7, 29.17)],
    "Implementazione - Welfare/medicina di iniziativa": [(2, 4, 16.67), (3, 15, 62.50), (4, 4, 16.67), (5, 1, 4.17)],
    "Implementazione - Reti di comunità": [(1, 1, 4.17), (2, 3, 12.50), (3, 11, 45.83), (4, 8, 33.33), (5, 1, 4.17)],
}

# --- seed 004, "La mappatura delle reti sociali" -------------------------------------------------------------
NETWORKS = 81  # "circa 80" networks; 14 authorities × 4 + 5 bodies × 5
NETWORKS_PER_MAPPER = {"Azienda sanitaria": 4, "Ente del terzo settore": 5}
NETWORK_SHARES = {
    "Reti con cui l'ente collabora": 60.5,
    "Reti con cui l'ente non è in contatto": 18.5,
    "Reti formali": 69.1,
    "Sostegno rivolto a soggetti esterni": 75.3,
}
HIGH_INTEREST_HIGH_INFLUENCE = 70
#: the top three contributions and rewards: label -> (% of mentions for the target, for the intervention)
CONTRIBUTIONS = {
    "Promozione delle connessioni sociali": (17.6, 19.2),
    "Offerta di servizi complementari a quelli pubblici": (13.0, 13.0),  # "Supporto in servizi"
    "Presentazione e diffusione conoscenza dei servizi": (11.6, 14.2),
}
REWARDS = {
    "Integrazione con i servizi pubblici": (24.1, 19.6),
    "Networking (altri contatti)": (20.3, 21.9),
    "Visibilità": (19.0, 18.6),
}

# --- seed 004, the network's members and the catalogue --------------------------------------------------------
HEALTH_AUTHORITIES = 29
THIRD_SECTOR_BODIES = 9
FIRST_AUTHORITY, LAST_AUTHORITY, LAST_BODY = "Asl Roma 2", "AOU Perugia", "Unione Colline Matildiche"
CATALOGUE_SIZE = 80  # "circa 80 iniziative"
CASE_CARDS = {"Alzheimer Cafè", "Non REstaTE Soli", "Social Prescribing: the Shropshire Model", "Get Oldham Growing"}
CATALOGUE_COUNTRIES = {"Italia", "UK", "Canada", "Finlandia", "USA"}

# --- seeds 002 and 003 (Emilia-Romagna) -------------------------------------------------------------------------
ER_FACILITATORS = 380
ER_FACILITATOR_SHARES = {"sanità": 65, "sociale": 26, "altro": 9}  # % as printed
ER_DISTRICT_PLANS = 38
ROMAGNA_FACILITATORS = 90

# --- seed 004, national need coverage ("Fabbisogno …", "Le risposte dei servizi") -----------------------------
ELDERLY_USERS, ELDERLY_NEED, ELDERLY_COVERAGE = 909_186, 2_800_000, 31.9
DISABLED_USERS, DISABLED_NEED, DISABLED_COVERAGE = 204_176, 708_000, 28.8

# --- ../shared/reference/SOURCES.md, "Sanity figures" ----------------------------------------------------------
ITALY_2019 = {"population": 59_816_673, "age_65_plus": 13_693_215}
ITALY_2017 = {"population": 60_066_734, "age_65_plus": 13_461_945}
ITALY_2017_SHARE_65_PLUS = 22.4

#: ISTAT, "Posti letto nei presidi residenziali socio-assistenziali e socio-sanitari per target di utenza
#: prevalente (valori per centomila)", Anziani (65 anni e più), 31 December 2018, by ISTAT region code: beds
#: per 100.000 residents aged 65+ on 1 January 2019 (ISTAT via onData, disabled-data processing/7.csv, CC BY 4.0)
ISTAT_ELDERLY_BEDS_PER_100K_2018 = {
    "01": 3899.9, "02": 3615.0, "03": 3010.8, "04": 4502.8, "05": 3294.7, "06": 3777.0, "07": 2908.1,
    "08": 3299.4, "09": 1772.2, "10": 1570.3, "11": 2415.4, "12": 1250.9, "13": 1258.7, "14": 1913.6,
    "15": 582.4, "16": 1098.7, "17": 2091.9, "18": 1067.8, "19": 1288.4, "20": 1574.2,
}  # fmt: skip

#: the BCG vaccine trials (Colditz et al., JAMA 1994), as metafor ships them (dat.bcg): trial ->
#: (vaccinated TB+, vaccinated TB-, control TB+, control TB-); the classic worked example of the
#: DerSimonian-Laird random-effects model (Viechtbauer, J Stat Softw 2010;36(3), section 3)
BCG_TRIALS = [
    (4, 119, 11, 128), (6, 300, 29, 274), (3, 228, 11, 209), (62, 13536, 248, 12619), (33, 5036, 47, 5761),
    (180, 1361, 372, 1079), (8, 2537, 10, 619), (505, 87886, 499, 87892), (29, 7470, 45, 7232),
    (17, 1699, 65, 1600), (186, 50448, 141, 27197), (5, 2493, 3, 2338), (27, 16886, 29, 17825),
]  # fmt: skip
#: what metafor reports for rma(measure="RR", method="DL") on them: Q(df = 12), tau^2, the pooled log RR
BCG_Q = 152.2330
BCG_TAU2_DL = 0.3088
BCG_POOLED_LOG_RR = -0.7141
