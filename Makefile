# The two commands a newcomer needs: `make demo` and `make test`. Everything they need is installed here.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PULUMI_DIR_FILE := .cache/pulumi-bin-dir
PYTEST_ARGS ?=

.PHONY: help venv pulumi lint typecheck unit e2e test test-all demo bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	touch $(STAMP)

venv: $(STAMP) ## Create the virtualenv and install the package with its extras

pulumi: ## Obtain the pulumi CLI (PATH, cache, or a build from Go modules)
	@mkdir -p .cache
	@dir="$$(scripts/install-pulumi.sh)"; echo "$$dir" > $(PULUMI_DIR_FILE); echo "pulumi: $$dir/pulumi ($$($$dir/pulumi version))"

lint: venv ## ruff check and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: venv ## mypy --strict on the package, tests, scripts and benchmarks (examples: in the e2e suite)
	$(BIN)/mypy blaxel_pulumi tests $(wildcard bench) scripts

# pytest exits 5 when it collected no test: that is a failure here, never a silent pass.
define run_pytest
	rc=0; PATH="$$(cat $(PULUMI_DIR_FILE)):$$PATH" BLAXEL_PULUMI_BIN_DIR="$$(cat $(PULUMI_DIR_FILE))" \
	  $(BIN)/python -m pytest $(1) $(PYTEST_ARGS) || rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no test: failing" >&2; exit 1; fi; exit $$rc
endef

test: venv pulumi lint typecheck ## Lint, type check, unit, emulator, e2e and reliability tests (real pulumi CLI)
	$(call run_pytest,-m "not heavy" --cov=blaxel_pulumi --cov-report=term:skip-covered tests)

test-all: venv pulumi lint typecheck ## `make test` plus the heavy reliability variants
	$(call run_pytest,tests)

demo: venv pulumi ## Start the local Blaxel API and `pulumi up` the quickstart against it
	PATH="$$(cat $(PULUMI_DIR_FILE)):$$PATH" $(BIN)/python scripts/demo.py

bench: venv pulumi ## Benchmarks: tables under bench/, raw figures in JSON, one plot
	PATH="$$(cat $(PULUMI_DIR_FILE)):$$PATH" $(BIN)/python -m bench.run

clean: ## Remove the virtualenv and local caches (the pulumi build cache in ~/.cache stays)
	rm -rf $(VENV) .cache .mypy_cache .ruff_cache .pytest_cache .coverage
