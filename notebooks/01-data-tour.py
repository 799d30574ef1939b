# ---
# jupyter:
#   jupytext:
#     cell_metadata_filter: tags,-all
#     formats: ipynb,py:percent
#     notebook_metadata_filter: kernelspec,jupytext
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python (cbresearch)
#     language: python
#     name: cbresearch
# ---

# %% [markdown]
# # 01 · I dati del progetto
#
# Questo notebook presenta ogni dataset di `cbresearch`: da dove viene, cosa contiene, quali vocabolari
# controllati usa. Tutte le tabelle vengono da `data/raw/`, pulite da `cbresearch clean` e caricate con
# `cb.load`. I record **ricostruiti** (`source == "ricostruito"`) riproducono gli aggregati pubblicati nel
# seed 004; quelli del seed (`source == "seed"`) sono reali.

# %%
import cbresearch as cb

# %% [markdown]
# ## Il network: aziende sanitarie ed enti del terzo settore (seed 004, reali)

# %%
members = cb.load("members")
members[["member_code", "name", "member_type", "region", "region_code"]].head(10)

# %%
members["member_type"].value_counts()

# %% [markdown]
# ## Il catalogo delle esperienze
#
# 80 iniziative: le 65 esperienze classificate nella matrice attività × approccio più esperienze
# internazionali. Quattro sono le schede reali del seed; i contatti personali sono oscurati da `cb.load`.

# %%
initiatives = cb.load("initiatives")
initiatives["source"].value_counts()

# %%
initiatives.loc[initiatives["source"] == "seed", ["code", "title", "country", "region", "approaches", "activity", "themes"]]

# %% [markdown]
# ## Le altre tabelle

# %%
{name: len(cb.load(name)) for name in cb.DATASETS}

# %% [markdown]
# ## Vocabolari controllati
#
# Le etichette ammesse vengono dai campi di ricerca del catalogo e dalle tabelle del seed 004. Le varianti
# (maiuscole, accenti, trattini, sinonimi) sono ricondotte all'etichetta canonica durante la pulizia.

# %%
cb.vocab.APPROACHES.labels, cb.vocab.APPROACHES.lookup("tra-pari"), cb.vocab.APPROACHES.lookup("Partecipativo volontario")

# %%
list(cb.vocab.ACTIVITY_TYPE.items())

# %% [markdown]
# ## Provenienza dei dati ISTAT
#
# Le tabelle demografiche sono derivate dai file ISTAT da `cbresearch build-demography`; la provenienza
# (fonte, licenza, attribuzione, sha256) è in `data/raw/istat/PROVENANCE.json`.

# %%
import json

provenance = json.loads((cb.config.ISTAT_RAW_DIR / "PROVENANCE.json").read_text(encoding="utf-8"))
[(s["file"], s["licence"]) for s in provenance["sources"]]

# %% [markdown]
# ## Il rapporto di validazione
#
# Ogni pulizia scrive `data/processed/validation_report.json`: righe lette e tenute, correzioni applicate,
# risposte mancanti, consegne successive.

# %%
report = json.loads((cb.config.PROCESSED_DIR / "validation_report.json").read_text(encoding="utf-8"))
{name: (d["rows_read"], d["rows_kept"]) for name, d in report["datasets"].items()}
