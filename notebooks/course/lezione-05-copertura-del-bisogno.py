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
#       jupytext_version: 1.19.7
#   kernelspec:
#     display_name: Python (cbresearch)
#     language: python
#     name: cbresearch
# ---

# %% [markdown]
# # Lezione 5 · Demografia e copertura del bisogno nella propria regione
#
# **Obiettivi**: leggere gli indicatori ISTAT della propria regione a confronto con l'Italia, con intervalli
# di confidenza, e riconoscere le differenze che vanno oltre la normale variabilità tra le regioni.
#
# Il seed stima la copertura del bisogno solo per l'Italia: per esempio 909.186 anziani in carico su 2,8
# milioni di non autosufficienti. Una cifra stampata vale per tutti i valori che arrotonda: "2,8 milioni" va
# da 2.750.000 a 2.849.999, quindi la copertura sta tra il 31,90 % e il 33,06 % e il 31,9 % pubblicato
# **concorda** entro gli arrotondamenti (la stessa regola di `cbresearch check`). Il pacchetto produce poi gli
# indicatori per ogni regione.

# %%
import cbresearch as cb

cb.course.start()  # tabelle e grafici all'italiana: virgola decimale, intestazioni in italiano

cb.national_coverage.national_coverage()[["target", "recomputed_interval", "coverage_published", "agrees"]]

# %%
copertura = cb.need_coverage()
cb.coverage.summary_table(copertura).round(1)

# %% [markdown]
# Il **funnel plot** mostra ogni regione rispetto all'Italia. Le regioni hanno milioni di residenti: con
# conteggi così grandi l'intervallo di una regione è strettissimo, ma le regioni differiscono tra loro molto più
# di quanto il caso spiegherebbe (**sovradispersione**). Per questo i limiti sono allargati con la varianza tra
# le regioni (τ², Spiegelhalter 2005): fuori dai limiti al 99,8 % una regione è davvero anomala.

# %%
cb.plots.funnel_plot(copertura, "elderly_beds_per_1000_65plus", highlight="08");

# %% [markdown]
# ## Esercizio 1
#
# In quali regioni i posti letto residenziali per anziani per 1.000 residenti 65+ sono **diversi dall'Italia**,
# tenuto conto della variabilità tra le regioni? Rispondi con l'elenco dei nomi delle regioni. La tabella
# `copertura` ha le colonne `indicator`, `region`, `comparison_with_italy`, `lower_95`, `upper_95` e
# `italy_value`.

# %% tags=["exercise"]
risposta = None  # scrivi qui la tua risposta
cb.course.check("lezione5.es1", risposta)

# %% [markdown]
# ## Esercizio 2
#
# Qual è la quota di popolazione di 65 anni e più in **Emilia-Romagna** nel 2023, in percentuale con una
# cifra decimale? Attenzione: il codice ISTAT è la stringa `"08"`.

# %% tags=["exercise"]
risposta = None  # scrivi qui la tua risposta
cb.course.check("lezione5.es2", risposta)
