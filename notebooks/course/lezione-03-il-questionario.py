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
# # Lezione 3 · Il questionario: adeguatezza e implementazione
#
# **Obiettivi**: descrivere risposte su scala 1-5, stimare una percentuale con il suo intervallo di
# confidenza, e verificare se una conclusione tratta da dati aggregati è *robusta*.
#
# 24 aziende hanno risposto a due domande (1 = per niente, 5 = totalmente): quanto il community building è
# **adatto** ai bisogni della popolazione, e quanto è già **implementato**. Il seed conclude: "propensione e
# voglia di lavorare secondo le logiche di CB ma sovrastima del punto di partenza".

# %%
import cbresearch as cb

cb.course.start()  # tabelle e grafici all'italiana: virgola decimale, intestazioni in italiano

questionario = cb.load("survey")
cb.survey.distribution(questionario)

# %%
cb.plots.likert_bars(questionario);

# %% [markdown]
# ## Esercizio 1
#
# Che percentuale di aziende giudica il welfare di iniziativa **adatto** (punteggio 4 o 5)? Due decimali.
# La colonna è `suitability_wi`.

# %% tags=["exercise"]
risposta = None  # scrivi qui la tua risposta
cb.course.check("lezione3.es1", risposta)

# %% [markdown]
# ## Quanto è precisa una percentuale su 24 aziende?
#
# Con pochi casi una percentuale è incerta. L'intervallo di **Wilson** al 95 % è quello usato dai profili di
# salute pubblica (Fingertips).

# %% [markdown]
# ## Esercizio 2
#
# Calcola il limite **inferiore** dell'intervallo di Wilson al 95 % della percentuale dell'esercizio 1, in
# percentuale con due decimali. Usa `cb.stats.wilson_interval(successi, prove)`.

# %% tags=["exercise"]
risposta = None  # scrivi qui la tua risposta
cb.course.check("lezione3.es2", risposta)

# %% [markdown]
# ## La conclusione è robusta?
#
# Il seed pubblica solo le distribuzioni: non sappiamo quale azienda ha dato quale coppia di risposte. Il
# pacchetto esamina **tutti** gli abbinamenti compatibili con le distribuzioni pubblicate e riporta, per
# ciascuna dimensione, il caso peggiore del test di Wilcoxon esatto.

# %%
cb.survey.conclusion_robustness(questionario)

# %% [markdown]
# ## Esercizio 3
#
# La conclusione "implementazione inferiore all'adeguatezza" vale per **ogni** abbinamento compatibile, per
# entrambe le dimensioni? Rispondi `True` o `False`.

# %% tags=["exercise"]
risposta = None  # scrivi qui la tua risposta
cb.course.check("lezione3.es3", risposta)

# %% [markdown]
# ## Una seconda rilevazione
#
# Il questionario si può ripetere con LimeSurvey, Google Forms o Microsoft Forms: `cbresearch import-survey`
# trasforma l'export in una nuova **rilevazione**. Qui carichiamo in memoria l'esempio di `data/samples/`
# (risposte **inventate** di 12 aziende nel 2024). Per le aziende che hanno risposto due volte il confronto è
# **appaiato**: il test di Wilcoxon esatto e il test di Stuart–Maxwell confrontano le stesse aziende.

# %%
due_rilevazioni = cb.survey_import.with_sample_wave()
cb.waves.share_change(due_rilevazioni).round(1)

# %%
cb.waves.paired_change(due_rilevazioni).round(3)

# %% [markdown]
# ## Esercizio 4
#
# Quante aziende hanno risposto in **entrambe** le rilevazioni? (Guarda la colonna `n_pairs`.)

# %% tags=["exercise"]
risposta = None  # scrivi qui la tua risposta
cb.course.check("lezione3.es4", risposta)
