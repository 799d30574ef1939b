# cbresearch — Makefile autodocumentato: `make help` elenca gli obiettivi.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CHECKED := src tests benchmarks scripts lint conftest.py

.PHONY: help setup lint format browser test test-fast data raw demography clean-data reports lab course course-solutions course-site messages samples catalogue bench clean

help: ## Mostra questo aiuto
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-16s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "errore: Python 3.11 non trovato (indicarlo con PYTHON=/percorso/python3.11)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	$(BIN)/python -m ipykernel install --sys-prefix --name cbresearch --display-name "Python (cbresearch)" > /dev/null
	@touch $(STAMP)

setup: $(STAMP) ## Crea .venv (venv standard), installa il pacchetto con gli extra dei test, pulisce i dati inclusi
	$(BIN)/cbresearch clean > /dev/null

lint: $(STAMP) ## Ruff (lint, formato), i contratti degli import (strati, stanze, nomi privati) e mypy
	$(BIN)/ruff check $(CHECKED)
	$(BIN)/ruff format --check $(CHECKED)
	PYTHONPATH=lint $(BIN)/lint-imports --no-cache
	$(BIN)/mypy

format: $(STAMP) ## Applica le correzioni e la formattazione di ruff
	$(BIN)/ruff check --fix $(CHECKED)
	$(BIN)/ruff format $(CHECKED)

browser: ## Installa chromium di Debian per i test nel browser, se manca (serve root o sudo)
	@command -v chromium > /dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium > /dev/null; \
	  elif command -v sudo > /dev/null 2>&1; then sudo apt-get update -qq && sudo apt-get install -y -qq chromium > /dev/null; \
	  else echo "chromium manca e questo utente non può installarlo: i test nel browser saranno saltati"; fi; }

test: lint browser ## Lint, poi tutti i test (doctest, notebook e test nel browser compresi)
	$(BIN)/python -m pytest -n 2 --dist loadgroup --durations=15

test-fast: $(STAMP) ## I test senza i lenti e quelli nel browser (circa un minuto)
	$(BIN)/python -m pytest -n 2 --dist loadgroup -m "not slow and not browser"

raw: $(STAMP) ## Ricostruisce data/raw dai seed (rifiuta di cambiare i file grezzi versionati)
	$(BIN)/cbresearch build-raw

demography: $(STAMP) ## Ricava di nuovo data/raw/istat da ../shared/reference (i file ISTAT di origine)
	$(BIN)/cbresearch build-demography

data: raw ## Ricostruisce i dati grezzi se serve, poi li pulisce in data/processed
	$(BIN)/cbresearch clean

reports: data ## Il lavoro principale: tabelle, controllo di riproduzione, indicatori regionali, un rapporto HTML per regione
	$(BIN)/cbresearch tables
	$(BIN)/cbresearch check > reports/reproduction_check.txt; status=$$?; tail -n 1 reports/reproduction_check.txt; exit $$status
	$(BIN)/cbresearch check --format html > /dev/null
	$(BIN)/cbresearch coverage
	$(BIN)/cbresearch catalogue
	$(BIN)/cbresearch reports

lab: $(STAMP) ## Avvia JupyterLab su notebooks/ con il kernel del progetto "Python (cbresearch)"
	$(BIN)/jupyter lab --notebook-dir=notebooks

course: $(STAMP) ## La copia del corsista, in HTML, in reports/course/corsista
	$(BIN)/cbresearch course

course-solutions: $(STAMP) ## La copia del formatore (con le soluzioni), in reports/course/formatore
	$(BIN)/cbresearch course --solutions

course-site: data ## Il sito del corso, edizioni del corsista e del formatore (Jupyter Book, offline), in reports/course/sito
	$(BIN)/cbresearch course --site
	$(BIN)/cbresearch course --site --solutions

messages: $(STAMP) ## Aggiorna il catalogo dei messaggi della riga di comando (pybabel extract, update, compile)
	$(BIN)/python scripts/messages.py

samples: $(STAMP) ## Riscrive le esportazioni d'esempio di data/samples (con seme: sempre gli stessi byte)
	$(BIN)/python scripts/make_samples.py

catalogue: $(STAMP) ## Il catalogo offline delle buone pratiche, in reports/catalogue
	$(BIN)/cbresearch catalogue

bench: $(STAMP) ## I benchmark (stampano dei rapporti)
	$(BIN)/python benchmarks/import_time.py
	$(BIN)/python benchmarks/clean_throughput.py
	$(BIN)/python benchmarks/check_time.py
	$(BIN)/python benchmarks/reports_vs_naive.py
	$(BIN)/python benchmarks/reports_noop.py
	$(BIN)/python benchmarks/reports_pdf.py
	$(BIN)/python benchmarks/catalogue_search.py

clean-data: ## Toglie i dati e i rapporti generati (mai data/raw)
	rm -rf data/processed/* reports/*

clean: clean-data ## Toglie anche l'ambiente virtuale e le cache
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache .import_linter_cache src/*.egg-info
