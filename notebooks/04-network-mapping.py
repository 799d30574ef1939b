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
# # 04 · La mappatura delle reti sociali
#
# 81 reti mappate da aziende sanitarie ed enti del terzo settore (dati ricostruiti che riproducono le quote
# pubblicate nel seed 004): relazione con l'ente, formalità, interesse e influenza, contributi e ricompense.

# %%
import cbresearch as cb

networks = cb.load("networks")
cb.networks.network_shares(networks)

# %%
cb.plots.power_interest_plot(networks);

# %%
cb.networks.mention_shares(networks, "contributions").head(5)

# %%
cb.networks.mention_shares(networks, "rewards").head(5)

# %% [markdown]
# ## Capitale sociale: bonding, bridging, linking
#
# Regola documentata in `cb.networks.social_capital_type` (seed 004 e Szreter & Woolcock 2004), con l'indice
# di diversità di Blau per ente mappante.

# %%
cb.networks.social_capital_type(networks).value_counts()

# %%
cb.networks.diversity_by_mapper(networks).round(2).head(10)
