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
# # 03 · Adeguatezza e implementazione: il questionario
#
# 24 aziende sanitarie hanno indicato quanto le logiche di community building siano *adatte* ai bisogni della
# loro popolazione e quanto siano già *implementate*. Il seed conclude: "propensione … ma sovrastima del
# punto di partenza". Il seed pubblica solo le distribuzioni marginali: l'abbinamento delle risposte per
# azienda è ricostruito, quindi verifichiamo la conclusione anche su **tutti** gli abbinamenti compatibili.

# %%
import cbresearch as cb

survey = cb.load("survey")
cb.survey.distribution(survey)

# %%
cb.plots.likert_bars(survey);

# %%
cb.survey.summary(survey).round(2)

# %% [markdown]
# ## Test appaiati sui record ricostruiti
#
# Wilcoxon dei ranghi con segno, esatto (zeri esclusi, ranghi medi per i pareggi), test del segno e
# correlazione rank-biserial.

# %%
cb.survey.paired_tests(survey).round(4)

# %% [markdown]
# ## Limiti su tutti gli abbinamenti compatibili con le distribuzioni pubblicate

# %%
marginals = cb.survey.published_marginals(survey)
cb.survey.pairing_bounds(marginals["wi"]["suitability"], marginals["wi"]["implementation"])

# %%
cb.survey.conclusion_robustness(survey)

# %% [markdown]
# ## Una seconda rilevazione: com'è cambiato
#
# Quando il questionario viene ripetuto con uno strumento online (LimeSurvey, Google Forms, Microsoft Forms),
# `cbresearch import-survey EXPORT` ne fa una nuova **rilevazione** (`wave`). Qui usiamo in memoria l'esempio
# di `data/samples/` (risposte **inventate** di 12 aziende, novembre 2024): nulla in `data/` cambia.
# Per le aziende che hanno risposto in entrambe le rilevazioni il confronto è davvero appaiato.

# %%
due_rilevazioni = cb.survey_import.with_sample_wave()
cb.waves.wave_distributions(due_rilevazioni)

# %%
cb.waves.share_change(due_rilevazioni).round(1)

# %%
cb.waves.paired_change(due_rilevazioni).round(3)
