# cbresearch — self-documenting Makefile: `make help` lists the targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CHECKED := src tests benchmarks scripts lint conftest.py

.PHONY: help setup lint format browser test test-fast data raw demography clean-data reports lab course course-solutions course-site messages samples catalogue bench clean

help: ## Show this help
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-16s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "error: Python 3.11 not found (set PYTHON=/path/to/python3.11)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	$(BIN)/python -m ipykernel install --sys-prefix --name cbresearch --display-name "Python (cbresearch)" > /dev/null
	@touch $(STAMP)

setup: $(STAMP) ## Create .venv (standard venv), install the package with its test extras, clean the bundled data
	$(BIN)/cbresearch clean > /dev/null

lint: $(STAMP) ## Ruff (lint, format), the import contracts (layers, no private names) and mypy
	$(BIN)/ruff check $(CHECKED)
	$(BIN)/ruff format --check $(CHECKED)
	PYTHONPATH=lint $(BIN)/lint-imports --no-cache
	$(BIN)/mypy

format: $(STAMP) ## Apply ruff's fixes and formatting
	$(BIN)/ruff check --fix $(CHECKED)
	$(BIN)/ruff format $(CHECKED)

browser: ## Install Debian's chromium for the browser tests when it is missing (needs root or sudo)
	@command -v chromium > /dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium > /dev/null; \
	  elif command -v sudo > /dev/null 2>&1; then sudo apt-get update -qq && sudo apt-get install -y -qq chromium > /dev/null; \
	  else echo "chromium is missing and this user cannot install it: browser tests will be skipped"; fi; }

test: lint browser ## Lint, then run the whole test suite (doctests, notebooks and browser tests included)
	$(BIN)/python -m pytest -n 2 --dist loadgroup --durations=15

test-fast: $(STAMP) ## Run the tests without the slow and browser ones
	$(BIN)/python -m pytest -n 2 --dist loadgroup -m "not slow and not browser"

raw: $(STAMP) ## Rebuild data/raw from the seeds (refuses to change committed raw files)
	$(BIN)/cbresearch build-raw

demography: $(STAMP) ## Re-derive data/raw/istat from ../shared/reference (ISTAT source files)
	$(BIN)/cbresearch build-demography

data: raw ## Rebuild raw data if needed, then clean it into data/processed
	$(BIN)/cbresearch clean

reports: data ## Run the main job: tables, reproduction check, regional indicators, one HTML report per region
	$(BIN)/cbresearch tables
	$(BIN)/cbresearch check > reports/reproduction_check.txt; status=$$?; tail -n 1 reports/reproduction_check.txt; exit $$status
	$(BIN)/cbresearch check --format html > /dev/null
	$(BIN)/cbresearch coverage
	$(BIN)/cbresearch catalogue
	$(BIN)/cbresearch reports

lab: $(STAMP) ## Start JupyterLab on notebooks/ with the project's kernel "Python (cbresearch)"
	$(BIN)/jupyter lab --notebook-dir=notebooks

course: $(STAMP) ## The learner's copy of the course as HTML, in reports/course/corsista
	$(BIN)/cbresearch course

course-solutions: $(STAMP) ## The trainer's copy of the course (solutions filled in), in reports/course/formatore
	$(BIN)/cbresearch course --solutions

course-site: data ## The course website, learner's and trainer's editions (Jupyter Book, offline), in reports/course/sito
	$(BIN)/cbresearch course --site
	$(BIN)/cbresearch course --site --solutions

messages: $(STAMP) ## Update the message catalogue of the command line (pybabel extract, update, compile)
	$(BIN)/python scripts/messages.py

samples: $(STAMP) ## Rewrite the sample survey-tool exports of data/samples (seeded: the same bytes every run)
	$(BIN)/python scripts/make_samples.py

catalogue: $(STAMP) ## The offline catalogue of good practices, in reports/catalogue
	$(BIN)/cbresearch catalogue

bench: $(STAMP) ## Run the benchmarks (prints ratios)
	$(BIN)/python benchmarks/import_time.py
	$(BIN)/python benchmarks/clean_throughput.py
	$(BIN)/python benchmarks/check_time.py
	$(BIN)/python benchmarks/reports_vs_naive.py
	$(BIN)/python benchmarks/reports_noop.py
	$(BIN)/python benchmarks/reports_pdf.py
	$(BIN)/python benchmarks/catalogue_search.py

clean-data: ## Remove generated data and reports (never data/raw)
	rm -rf data/processed/* reports/*

clean: clean-data ## Also remove the virtual environment and caches
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache .import_linter_cache src/*.egg-info
