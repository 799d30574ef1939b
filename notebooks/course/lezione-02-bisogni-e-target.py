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
# # Lezione 2 · Bisogni e target: la lettura del contesto
#
# **Obiettivi**: leggere la matrice *bisogno × target* con cui il network descrive chi raggiungono le
# esperienze, e collegarla al *priority setting* (identificare gruppi target con bisogni specifici in
# territori specifici).
#
# I bisogni sono dimensioni cliniche (cronicità, disabilità, salute mentale…) e sociali (determinanti
# sociali, migranti, povertà). I target sono minori, pazienti indistinti, anziani, caregiver, comunità.

# %%
import cbresearch as cb

cb.course.start()  # tabelle e grafici all'italiana: virgola decimale, intestazioni in italiano

matrice = cb.matrices.need_target_matrix(cb.load("needs"))
matrice

# %%
cb.plots.matrix_heatmap(matrice, "Bisogno × target");

# %% [markdown]
# Nella tabella pubblicata i sotto-bisogni (AP, CN, GM, GP) sono righe a sé e il totale (72) li conta tutti:
# un'esperienza può avere più di un bisogno.

# %% [markdown]
# ## Esercizio 1
#
# Quante coppie bisogno × target riguardano gli **anziani**?

# %% tags=["exercise"]
risposta = None  # scrivi qui la tua risposta
cb.course.check("lezione2.es1", risposta)

# %% [markdown]
# ## Esercizio 2
#
# Quale **bisogno** conta più coppie? Scrivilo con il suo codice, come nella matrice (es. "A Cronicità").

# %% tags=["exercise"]
risposta = None  # scrivi qui la tua risposta
cb.course.check("lezione2.es2", risposta)

# %% [markdown]
# ## Per discutere
#
# Quali target sono quasi assenti? Che cosa suggerisce per la programmazione della vostra azienda?
