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
# # Lezione 4 · La mappatura delle reti sociali
#
# **Obiettivi**: usare la mappatura delle reti come strumento manageriale: chi sono le reti, che relazione
# hanno con l'azienda, che cosa possono offrire e che cosa chiedono, quanto contano (interesse e influenza).
#
# Il seed 004 la chiama "il punto di partenza del database dinamico delle reti sociali".

# %%
import cbresearch as cb

cb.course.start()  # tabelle e grafici all'italiana: virgola decimale, intestazioni in italiano

reti = cb.load("networks")
cb.networks.network_shares(reti)

# %% [markdown]
# ## La griglia interesse-influenza (Mendelow)

# %%
cb.plots.power_interest_plot(reti);

# %%
cb.networks.power_interest_grid(reti)

# %% [markdown]
# ## Esercizio 1
#
# Che percentuale delle reti mappate è **formale**? Una cifra decimale.

# %% tags=["exercise"]
risposta = None  # scrivi qui la tua risposta
cb.course.check("lezione4.es1", risposta)

# %% [markdown]
# ## Esercizio 2
#
# Quante reti hanno interesse **basso** e influenza **bassa** (da monitorare)?

# %% tags=["exercise"]
risposta = None  # scrivi qui la tua risposta
cb.course.check("lezione4.es2", risposta)

# %% [markdown]
# ## Contributi e ricompense
#
# L'equilibrio tra ciò che la rete offre e ciò che chiede è una condizione della collaborazione.

# %%
cb.networks.mention_shares(reti, "contributions").head(3)

# %%
cb.networks.mention_shares(reti, "rewards").head(3)
