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
# # Lezione 5 · Demografia e copertura del bisogno nella propria regione
#
# **Obiettivi**: leggere gli indicatori ISTAT della propria regione a confronto con l'Italia, con intervalli
# di confidenza, e riconoscere le differenze significative.
#
# Il seed stima la copertura del bisogno solo per l'Italia: per esempio 909.186 anziani in carico su 2,8
# milioni di non autosufficienti. Il pacchetto ricalcola quella cifra e produce indicatori per ogni regione.

# %%
import cbresearch as cb

cb.course.start()  # tabelle e grafici all'italiana: virgola decimale, intestazioni in italiano

cb.national_coverage.national_coverage()[["target", "coverage_recomputed", "coverage_published", "agrees"]]

# %%
copertura = cb.need_coverage()
cb.coverage.summary_table(copertura).round(1)

# %% [markdown]
# Il **funnel plot** mostra ogni regione rispetto all'Italia: fuori dai limiti al 99,8 % la differenza non è
# spiegabile dal caso.

# %%
cb.plots.funnel_plot(copertura, "elderly_beds_per_1000_65plus", highlight="08");

# %% [markdown]
# ## Esercizio 1
#
# In quali regioni i posti letto residenziali per anziani per 1.000 residenti 65+ sono **significativamente
# più bassi** che in Italia? Rispondi con l'elenco dei nomi delle regioni. La tabella `copertura` ha le
# colonne `indicator`, `region` e `comparison_with_italy`.

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
