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
# # 06 · Priority setting
#
# Il quadrante del seed 004 incrocia il **trend** (peggiorato / migliorato) con la **variabilità** (alta /
# bassa): "Attenzione!", "Peggioramento!", "Sulla buona strada!", "Miglioramento!". Le soglie sono in
# `src/cbresearch/analysis/priority.yaml`. Il quadrante si assegna solo quando il trend è significativo con un
# test che tiene conto della variabilità della serie stessa (quasi-Poisson): con milioni di residenti un test di
# Poisson darebbe "significativo" quasi ogni trend.

# %%
import cbresearch as cb

print(cb.priority.explain())

# %%
coverage = cb.need_coverage()
beds = coverage.query("indicator == 'elderly_beds_per_1000_65plus' and status == 'ok' and region_code != 'IT'")
beds[["region", "value", "gap_from_italy_pct", "annual_change_pct", "trend_p_value", "trend", "quadrant"]].round(3)

# %%
cb.plots.quadrant_scatter(coverage, "elderly_beds_per_1000_65plus");

# %%
beds.groupby("quadrant")["region"].apply(list)
