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
# # 07 · Il controllo di riproducibilità
#
# Ogni cifra stampata nei cinque seed è registrata una volta sola in `sources/registry.yaml`, con l'intervallo che
# le sue cifre consentono: «31,9 %» vale per ogni quota da 31,85 a 31,95 %, «2,8 milioni» per ogni numero da
# 2.750.000 a 2.849.999. `cb.reproduction.check` controlla ogni cifra e dice **che cosa dimostra il controllo**:
#
# - *riprodotto*: ricalcolato da dati indipendenti dal seed (ISTAT, l'elenco dei membri, le schede trascritte);
# - *coerente*: i numeri del seed tornano tra loro (un totale è la somma delle celle, una quota il conteggio sulla
#   base, un elenco ha le voci annunciate);
# - *trascritto*: ricalcolato dai record **ricostruiti** a partire dagli aggregati del seed: mostra che la
#   trascrizione e la ricostruzione sono corrette, non conferma il dato;
# - *segnalato* (con il motivo), *fallito*, *esterno* (citato da una fonte che il progetto non può controllare).

# %%
import pandas as pd

import cbresearch as cb

results = cb.reproduction.check()
print(cb.reproduction.summary_line(results))

# %% [markdown]
# Quante cifre per seed e per esito:

# %%
table = pd.DataFrame([{**r.__dict__, "status": str(r.status)} for r in results])
table.groupby(["seed", "status"]).size().unstack(fill_value=0)

# %% [markdown]
# Le cifre che non tornano, con il motivo:

# %%
table.loc[table["status"] == "segnalato", ["seed", "measures", "published", "interval", "recomputed_shown", "reason"]]

# %% [markdown]
# E quelle che tornano solo entro l'arrotondamento, per una parte dei valori che le cifre stampate consentono:

# %%
table.loc[table["reason"].str.contains("solo se"), ["measures", "published", "interval", "reason"]]
