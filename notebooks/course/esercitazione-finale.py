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
# # Esercitazione finale · Una sezione del rapporto della tua regione
#
# **Consegna**: scegli la tua regione e costruisci da solo una sezione del suo rapporto:
#
# 1. due indicatori con il loro intervallo di confidenza al 95 %: i **posti letto residenziali per anziani
#    per 1.000 residenti 65+** e il rapporto **osservati/attesi delle persone con limitazioni gravi**;
# 2. il **quadrante di priorità** dei posti letto per anziani;
# 3. **due frasi** di interpretazione, come le scriveresti nel rapporto.
#
# I controlli verificano i numeri per la regione scelta; le due frasi le valuta il formatore.

# %%
import cbresearch as cb

cb.course.start()  # tabelle e grafici all'italiana

regione = "08"  # il codice ISTAT della tua regione, tra virgolette: "01" Piemonte … "20" Sardegna
print(cb.regions.region_name(regione))

# %% [markdown]
# Tutti gli indicatori della regione, con intervalli, confronto con l'Italia e quadrante:

# %%
copertura = cb.need_coverage()
tabella = copertura[copertura["region_code"] == regione]
tabella[["indicator", "label", "year", "value", "lower_95", "upper_95", "italy_value", "comparison_with_italy", "quadrant"]]

# %% [markdown]
# ## 1. Posti letto residenziali per anziani
#
# Il valore dell'indicatore `elderly_beds_per_1000_65plus` per la tua regione, con **una cifra decimale**.

# %% tags=["exercise"]
risposta = None  # scrivi qui la tua risposta
cb.course.check("finale.es1", risposta, regione=regione)

# %% [markdown]
# Il suo intervallo di confidenza al 95 %, come coppia `(inferiore, superiore)` con una cifra decimale.

# %% tags=["exercise"]
risposta = None  # scrivi qui la tua risposta
cb.course.check("finale.es2", risposta, regione=regione)

# %% [markdown]
# ## 2. Persone con limitazioni gravi: osservate / attese
#
# Il rapporto osservati/attesi (`severe_limitations_observed_expected`) con **due cifre decimali**.

# %% tags=["exercise"]
risposta = None  # scrivi qui la tua risposta
cb.course.check("finale.es3", risposta, regione=regione)

# %% [markdown]
# Il suo intervallo, come coppia `(inferiore, superiore)` con tre cifre decimali. Le persone con limitazioni
# gravi sono una stima campionaria ISTAT pubblicata in migliaia: l'intervallo mostrato è quello dovuto
# all'arrotondamento della cifra pubblicata, un limite inferiore dell'incertezza.

# %% tags=["exercise"]
risposta = None  # scrivi qui la tua risposta
cb.course.check("finale.es4", risposta, regione=regione)

# %% [markdown]
# ## 3. Il quadrante di priorità
#
# In quale quadrante cade la tua regione per i posti letto per anziani? Scrivi il nome del quadrante
# (per esempio `"Attenzione!"`), oppure `"nessuno"` se il trend non è significativo.

# %%
cb.plots.quadrant_scatter(copertura, "elderly_beds_per_1000_65plus", highlight=regione);

# %% tags=["exercise"]
risposta = None  # scrivi qui la tua risposta
cb.course.check("finale.es5", risposta, regione=regione)

# %% [markdown]
# ## 4. Due frasi di interpretazione
#
# Scrivi qui sotto due frasi per il rapporto: che cosa dicono i due indicatori della tua regione rispetto
# all'Italia (la differenza va oltre la variabilità tra le regioni? colonna `comparison_with_italy`), e che
# cosa suggerisce il quadrante alla programmazione.
#
# *Le tue due frasi:* …

# %%
cb.course.progress("finale")
