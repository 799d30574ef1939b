# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python (cbresearch)
#     language: python
#     name: cbresearch
# ---

# %% [markdown]
# # 07 · Il controllo di riproducibilità
#
# Ogni cifra pubblicata nei cinque seed è registrata in `registry.yaml` e ricalcolata da `cb.registry.check`:
# *reproduced*, *flagged* (con il motivo), *failed* o *external* (citata da una fonte esterna, verificata per
# coerenza dove possibile).

# %%
import pandas as pd

import cbresearch as cb

results = cb.registry.check()
print(cb.registry.summary_line(results))

# %%
table = pd.DataFrame([r.__dict__ for r in results])
table.groupby(["seed", "status"]).size().unstack(fill_value=0)

# %% [markdown]
# Le cifre che non tornano:

# %%
table.loc[table["status"] == "flagged", ["seed", "measures", "published", "recomputed", "reason"]]
