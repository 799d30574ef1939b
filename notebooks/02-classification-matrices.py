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
# # 02 · Le matrici di classificazione
#
# Il seed 004 classifica 65 esperienze per **attività** (nove, in due famiglie: welfare di iniziativa e reti
# di comunità) e per **approccio** (istituzionale o partecipativo: professionale, di volontariato, tra pari),
# e 72 coppie **bisogno × target**. Qui le ricalcoliamo dai record (ricostruiti) e verifichiamo le note di
# lettura del seed.

# %%
import cbresearch as cb

classification = cb.matrices.classification_matrix(cb.load("initiatives"))
classification

# %%
cb.plots.matrix_heatmap(classification, "Attività × approccio");

# %% [markdown]
# Percentuali di riga: come si distribuiscono gli approcci dentro ogni attività.

# %%
cb.matrices.row_percentages(classification)

# %% [markdown]
# Le tre note di lettura del seed, verificate sui dati.

# %%
[(note.text, note.holds, note.evidence) for note in cb.matrices.reading_notes(classification)]

# %% [markdown]
# ## Bisogno × target

# %%
needs = cb.matrices.need_target_matrix(cb.load("needs"))
needs

# %%
cb.plots.matrix_heatmap(needs, "Bisogno × target");
