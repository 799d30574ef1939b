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
# # Lezione 6 · Priorità e rapporto della propria regione
#
# **Obiettivi**: usare il quadrante di *priority setting* del seed 004 e costruire, leggere e condividere il
# rapporto della propria regione.
#
# Il quadrante incrocia il **trend** (l'indicatore è peggiorato o migliorato negli ultimi anni?) con la
# **variabilità** (quanto la regione si discosta dall'Italia).

# %%
import cbresearch as cb

cb.course.start()  # tabelle e grafici all'italiana: virgola decimale, intestazioni in italiano

print(cb.priority.explain())
copertura = cb.need_coverage()
cb.plots.quadrant_scatter(copertura, "elderly_beds_per_1000_65plus", highlight="08");

# %% [markdown]
# ## Esercizio 1
#
# Quali regioni sono nel quadrante **"Attenzione!"** per i posti letto per anziani
# (`elderly_beds_per_1000_65plus`)? Elenco dei nomi.

# %% tags=["exercise"]
risposta = None  # scrivi qui la tua risposta
cb.course.check("lezione6.es1", risposta)

# %% [markdown]
# ## Costruire il rapporto della propria regione
#
# Il rapporto regionale è un notebook parametrizzato eseguito con papermill. Da un notebook si lancia così
# (qui per l'Emilia-Romagna, codice `"08"`; il risultato va in `reports/course/rapporti/`):

# %%
risultato = cb.reports.run(["08"], out_dir=cb.config.REPORTS_DIR / "course" / "rapporti", progress=False)
[(o.name, o.status, o.html) for o in risultato.outcomes]

# %% [markdown]
# Aprite `reports/course/rapporti/08.html` nel browser: funziona anche senza connessione. Le sezioni
# "Priorità di intervento" e "Programmazione regionale" riportano gli stessi numeri delle tabelle.

# %% [markdown]
# ## Esercizio 2
#
# Nel rapporto dell'Emilia-Romagna, in quale **quadrante** si trova l'indicatore dei posti letto per anziani?

# %% tags=["exercise"]
risposta = None  # scrivi qui la tua risposta
cb.course.check("lezione6.es2", risposta)
