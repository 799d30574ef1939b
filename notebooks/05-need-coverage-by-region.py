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
# # 05 · Copertura del bisogno per regione
#
# Gli indicatori ISTAT per regione, con intervalli di confidenza al 95 %, il confronto con l'Italia e i limiti
# del funnel plot corretti per la variabilità tra le regioni (sovradispersione: φ e τ² per indicatore qui
# sotto), e il trend degli ultimi cinque anni con un test quasi-Poisson. Metodi: `docs/methods.md`.

# %%
import cbresearch as cb

coverage = cb.need_coverage()
cb.coverage.summary_table(coverage).round(1)

# %%
coverage.query("status == 'ok' and region_code == 'IT'")[["indicator", "overdispersion_phi", "between_region_tau2"]]

# %%
cb.plots.funnel_plot(coverage, "elderly_beds_per_1000_65plus", highlight="08");

# %%
values = coverage.query("indicator == 'share_65_plus' and status == 'ok' and region_code != 'IT'").set_index("region_code")["value"]
cb.maps.choropleth(values, title="Quota di popolazione 65+", label="%");

# %%
cb.plots.region_vs_italy(coverage, "15");

# %% [markdown]
# La copertura nazionale pubblicata nel seed, ricalcolata: il 31,9 % degli anziani non tiene.

# %%
cb.national_coverage.national_coverage()
