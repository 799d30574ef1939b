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
# Ogni cifra pubblicata nei cinque seed è registrata in `sources/registry.yaml` e ricalcolata da `cb.reproduction.check`:
# *reproduced*, *flagged* (con il motivo), *failed* o *external* (citata da una fonte esterna, verificata per
# coerenza dove possibile).

# %%
import pandas as pd

import cbresearch as cb

results = cb.reproduction.check()
print(cb.reproduction.summary_line(results))

# %%
table = pd.DataFrame([r.__dict__ for r in results])
table.groupby(["seed", "status"]).size().unstack(fill_value=0)

# %% [markdown]
# Le cifre che non tornano:

# %%
table.loc[table["status"] == "flagged", ["seed", "measures", "published", "recomputed", "reason"]]
