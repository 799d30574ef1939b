# cbresearch — self-documenting Makefile: `make help` lists the targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CHECKED := src tests benchmarks scripts

.PHONY: help setup lint format test test-fast data raw demography clean-data reports bench clean

help: ## Show this help
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-16s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "error: Python 3.11 not found (set PYTHON=/path/to/python3.11)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@touch $(STAMP)

setup: $(STAMP) ## Create .venv (standard venv) and install the package with its test extras

lint: $(STAMP) ## Run ruff: lint and format check
	$(BIN)/ruff check $(CHECKED)
	$(BIN)/ruff format --check $(CHECKED)

format: $(STAMP) ## Apply ruff's fixes and formatting
	$(BIN)/ruff check --fix $(CHECKED)
	$(BIN)/ruff format $(CHECKED)

test: lint ## Lint, then run the whole test suite (doctests included)
	$(BIN)/python -m pytest -n 2

test-fast: $(STAMP) ## Run the tests without the slow and browser ones
	$(BIN)/python -m pytest -n 2 -m "not slow and not browser"

raw: $(STAMP) ## Rebuild data/raw from the seeds (refuses to change committed raw files)
	$(BIN)/cbresearch build-raw

demography: $(STAMP) ## Re-derive data/raw/istat from ../shared/reference (ISTAT source files)
	$(BIN)/cbresearch build-demography

data: raw ## Rebuild raw data if needed, then clean it into data/processed
	$(BIN)/cbresearch clean

reports: data ## Run the main job on the bundled data: tables, reproduction check, regional indicators
	$(BIN)/cbresearch tables
	$(BIN)/cbresearch check > reports/reproduction_check.txt; status=$$?; tail -n 1 reports/reproduction_check.txt; exit $$status
	$(BIN)/cbresearch coverage

bench: $(STAMP) ## Run the benchmarks (prints ratios)
	$(BIN)/python benchmarks/import_time.py
	$(BIN)/python benchmarks/clean_throughput.py
	$(BIN)/python benchmarks/check_time.py

clean-data: ## Remove generated data and reports (never data/raw)
	rm -rf data/processed/*.parquet data/processed/*.json reports/*

clean: clean-data ## Also remove the virtual environment and caches
	rm -rf $(VENV) .pytest_cache .ruff_cache src/*.egg-info
