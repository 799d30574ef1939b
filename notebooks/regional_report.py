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

# %% tags=["parameters"]
# Parameters (papermill injects new values below this cell).
# region_code: ISTAT code "01"-"20" as a *string* (keep the leading zero), "IT" for Italy, "SM" for San Marino.
# Running by hand: `papermill regional_report.ipynb out.ipynb -r region_code 08` (-r keeps "08" a string).
region_code = "08"
# year of the indicators; None = the latest available for each indicator
year = None
# counts below min_count are shown as "<N" in tables; None = the package's threshold (MIN_COUNT, 5)
min_count = None
# True: the illustrative edition (tables from reconstructed records, marked); False: real data only
illustrative = False

# %%
from cbresearch.publish.report.regional import RegionalReport

report = RegionalReport(region_code, year=year, min_count=min_count, illustrative=illustrative)
report.header()

# %% [markdown]
# ## Chi lavora nella rete
#
# Le aziende sanitarie e gli enti del terzo settore del Community Building Network con sede nella regione.

# %%
report.network()

# %% [markdown]
# ## Le esperienze: attività × approccio
#
# Le esperienze di community building censite dal network, classificate per attività e per approccio
# (istituzionale o partecipativo: professionale, di volontariato, tra pari). La matrice nazionale è quella
# pubblicata nel seed 004; per la regione si mostrano le esperienze da fonti reali.

# %%
report.initiatives()

# %% [markdown]
# ## Bisogni e target
#
# Quali bisogni (cronicità, fragilità, disabilità, determinanti sociali…) e quali gruppi di popolazione le
# esperienze raggiungono.

# %%
report.needs()

# %% [markdown]
# ## Temi
#
# I temi della salute di comunità dei seed 000 e 001: domiciliarità, interventi leggeri, figure e luoghi di
# comunità, digitalizzazione, cura di chi cura.

# %%
report.themes()

# %% [markdown]
# ## Il questionario alle aziende sanitarie
#
# Quanto le logiche di community building sono *adatte* ai bisogni di salute della popolazione e quanto sono
# già *implementate* (1 = per niente, 5 = totalmente).

# %%
report.survey()

# %% [markdown]
# ## Demografia e copertura del bisogno
#
# Gli indicatori ISTAT della regione a confronto con l'Italia, con intervalli di confidenza al 95 % e trend
# degli ultimi cinque anni.

# %%
report.demography()

# %% [markdown]
# ## Mappe

# %%
report.maps()

# %% [markdown]
# ## Priorità di intervento
#
# Il quadrante del seed 004: trend (peggiorato / migliorato) per variabilità (alta / bassa).

# %%
report.priority()

# %%
report.programme()

# %%
report.caveats()
