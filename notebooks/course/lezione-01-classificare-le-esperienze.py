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
# # Lezione 1 · Che cos'è il community building e come il network ha classificato le esperienze
#
# **Obiettivi**: capire le due famiglie di strumenti del community building (welfare/medicina di iniziativa e
# reti di comunità), leggere la matrice *attività × approccio* del Community Building Network e calcolarne le
# percentuali.
#
# Il *community building* coinvolge la comunità nelle decisioni che la riguardano: pianificazione, sviluppo e
# gestione dei servizi (NICE, 2008). Il network lo ha declinato in due strumenti:
#
# - **welfare/medicina di iniziativa**: andare verso chi ha più difficoltà a raggiungere i servizi, prima che
#   il bisogno diventi domanda;
# - **reti di comunità**: attivare e consolidare le reti formali e informali del territorio e coinvolgerle
#   nella programmazione, erogazione e valutazione dei servizi.
#
# Ogni esperienza è stata classificata per **attività** (nove) e per **approccio**: istituzionale, oppure
# partecipativo (professionale, di volontariato, tra pari).
#
# > I record su cui lavoriamo sono *ricostruiti*: riproducono esattamente le tabelle pubblicate, ma non
# > descrivono esperienze reali (tranne le quattro schede del seed).

# %%
import cbresearch as cb

cb.course.start()  # tabelle e grafici all'italiana: virgola decimale, intestazioni in italiano

iniziative = cb.load("initiatives")
matrice = cb.matrices.classification_matrix(iniziative)
matrice

# %% [markdown]
# ## Esempio guidato: la matrice come mappa di calore

# %%
cb.plots.matrix_heatmap(matrice, "Attività × approccio");

# %% [markdown]
# Le attività appartengono a due famiglie: quante esperienze per ciascuna?

# %%
cb.matrices.by_initiative_type(matrice)

# %% [markdown]
# ## Esercizio 1
#
# Quante delle 65 esperienze classificate hanno un approccio **istituzionale**? (un numero intero)

# %% tags=["exercise"]
risposta = None  # scrivi qui la tua risposta
cb.course.check("lezione1.es1", risposta)

# %% [markdown]
# ## Esercizio 2
#
# Calcola le **percentuali di riga** della matrice (per ogni attività, la quota di ciascun approccio), con una
# cifra decimale. Suggerimento: in `cb.matrices` c'è una funzione pronta.

# %% tags=["exercise"]
risposta = None  # scrivi qui la tua risposta
cb.course.check("lezione1.es2", risposta)

# %% [markdown]
# ## Esercizio 3
#
# Qual è l'**attività** più frequente? Scrivi il nome esatto dell'attività.

# %% tags=["exercise"]
risposta = None  # scrivi qui la tua risposta
cb.course.check("lezione1.es3", risposta)

# %% [markdown]
# ## Per discutere
#
# Il seed legge la matrice così: esperienze equamente distribuite tra le due famiglie, *service design* più
# frequente, approccio istituzionale nettamente prevalente. Sono affermazioni verificabili:

# %%
[(nota.text, nota.holds) for nota in cb.matrices.reading_notes(matrice)]
