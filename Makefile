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
DIST := .cache/dist
FLOORS := constraints/floors.txt
# The floors virtualenv is rebuilt only when the floors or the declared dependencies change.
FLOORS_KEY = $(shell cat $(FLOORS) pyproject.toml | sha256sum | cut -c1-12)
FLOORS_VENV = .cache/floors-$(FLOORS_KEY)
FLOORS_TESTS := tests/unit tests/provider tests/native tests/e2e/test_supported_versions.py

.PHONY: help venv pulumi lint typecheck package plugin floors test test-all demo bench mutation clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[emulator]' --group dev --group bench
	touch $(STAMP)

venv: $(STAMP) ## Create the virtualenv: the package (editable, emulator extra) and the dev and bench groups

pulumi: ## Obtain the pulumi CLI with its Python, YAML and Node.js language hosts (PATH, cache, or a build from Go modules)
	@mkdir -p .cache
	@dir="$$(scripts/install-pulumi.sh)"; echo "$$dir" > $(PULUMI_DIR_FILE); echo "pulumi: $$dir/pulumi ($$($$dir/pulumi version))"

lint: venv ## ruff check and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: venv ## mypy --strict on the package, tests, scripts and benchmarks (examples: in the e2e suite)
	$(BIN)/mypy blaxel_pulumi tests $(wildcard bench) scripts

package: venv ## Build the sdist and wheel into .cache/dist and check them (twine --strict, license, py.typed, no tests)
	rm -rf $(DIST)
	$(BIN)/python -m build --outdir $(DIST) . > .cache/build.log 2>&1 || { cat .cache/build.log; exit 1; }
	$(BIN)/twine check --strict $(DIST)/*
	$(BIN)/python scripts/check_dist.py $(DIST)

plugin: venv ## Build the native provider's plugin archive into .cache/plugin (for `pulumi plugin install --file`)
	$(BIN)/python scripts/build_plugin.py --out .cache/plugin

# pytest exits 5 when it collected no test: that is a failure here, never a silent pass.
# $(1): pytest arguments; $(2): the interpreter (the main virtualenv's by default).
define run_pytest
	rc=0; PATH="$$(cat $(PULUMI_DIR_FILE)):$$PATH" BLAXEL_PULUMI_BIN_DIR="$$(cat $(PULUMI_DIR_FILE))" \
	  $(or $(2),$(BIN)/python) -m pytest $(1) $(PYTEST_ARGS) || rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no test: failing" >&2; exit 1; fi; exit $$rc
endef

$(FLOORS_VENV)/.installed: $(FLOORS) pyproject.toml
	rm -rf .cache/floors-*
	$(PYTHON) -m venv $(FLOORS_VENV)
	$(FLOORS_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(FLOORS_VENV)/bin/python -m pip install --quiet -c $(FLOORS) -e '.[emulator]' --group test
	touch $@

floors: $(FLOORS_VENV)/.installed pulumi ## Unit, provider and a real-CLI lifecycle test on the oldest supported dependencies
	@$(FLOORS_VENV)/bin/python -m pip list --format=freeze 2>/dev/null | grep -iE '^(pulumi|httpx|pydantic)==' | tr '\n' ' '; echo
	$(call run_pytest,-q -p no:cacheprovider $(FLOORS_TESTS),BLAXEL_PULUMI_FLOORS=$(FLOORS) $(FLOORS_VENV)/bin/python)

test: venv pulumi lint typecheck package floors ## Lint, type check, package, floors, then unit, emulator, e2e and reliability tests
	$(call run_pytest,-m "not heavy" --cov=blaxel_pulumi --cov-report=term:skip-covered tests)

test-all: venv pulumi lint typecheck package floors ## `make test` plus the heavy reliability variants
	$(call run_pytest,tests)

demo: venv pulumi ## Start the local Blaxel API and `pulumi up` the quickstart against it
	PATH="$$(cat $(PULUMI_DIR_FILE)):$$PATH" $(BIN)/python scripts/demo.py

bench: venv pulumi ## Benchmarks: tables under bench/, raw figures in JSON, one plot
	PATH="$$(cat $(PULUMI_DIR_FILE)):$$PATH" $(BIN)/python -m bench.run

mutation: venv pulumi ## Mutation testing (mutmut) of the core modules against unit, provider and native tests; writes bench/mutation.md
	rm -rf mutants
	PATH="$$(cat $(PULUMI_DIR_FILE)):$$PATH" BLAXEL_PULUMI_BIN_DIR="$$(cat $(PULUMI_DIR_FILE))" \
	  $(BIN)/mutmut run --max-children 2 || true
	$(BIN)/python scripts/mutation_report.py

clean: ## Remove the virtualenv and local caches (the pulumi build cache in ~/.cache stays)
	rm -rf $(VENV) mutants .cache .mypy_cache .ruff_cache .pytest_cache .coverage dist build
