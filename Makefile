# The two commands a newcomer needs: `make demo` and `make test`. Everything they need is installed here.
# What is written where: the virtualenv in .venv/, caches, builds and the site in .cache/ (both git-ignored),
# and the pulumi CLI, when none is on PATH, built once into ~/.cache/blaxel-pulumi/ (shared by clones).
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# `make demo` needs only the package and the local Blaxel API: a lighter stamp, which the full one implies.
DEMO_STAMP := $(VENV)/.installed-demo
SITE := .cache/site
PULUMI_DIR_FILE := .cache/pulumi-bin-dir
PYTEST_ARGS ?=
# The suites run on every core (pytest-xdist); a module's tests stay on one worker (module fixtures).
PARALLEL ?= -n auto --dist loadfile
DIST := .cache/dist
SDK_DIST := .cache/dist-sdk
FLOORS := constraints/floors.txt
# The oldest and the newest Python the package claims (pyproject.toml): the floors run on the oldest, one
# real-CLI lifecycle on the newest (scripts/find-python.sh finds them on PATH or in pyenv).
OLDEST_PYTHON ?= $(shell scripts/find-python.sh 3.10)
NEWEST_PYTHON ?= $(shell scripts/find-python.sh 3.13)
# The floors virtualenv is rebuilt only when the floors, the declared dependencies or its Python change.
FLOORS_KEY = $(shell (cat $(FLOORS) pyproject.toml; echo $(OLDEST_PYTHON)) | sha256sum | cut -c1-12)
FLOORS_VENV = .cache/floors-$(FLOORS_KEY)
NEWEST_KEY = $(shell (cat pyproject.toml; echo $(NEWEST_PYTHON)) | sha256sum | cut -c1-12)
NEWEST_VENV = .cache/newest-$(NEWEST_KEY)
NEWEST_TESTS := tests/e2e/test_supported_versions.py
FLOORS_TESTS := tests/unit tests/provider tests/native tests/e2e/test_supported_versions.py

.PHONY: help venv demo-venv pulumi shell lint typecheck docs sdks sdks-check package plugin plugin-standalone floors newest test test-all demo bench mutation clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

# The generated Python SDK `pulumi_blaxel` (sdk/python, its own distribution) too: the tests' and benchmarks'
# Python programs on the native provider import it. Editable as a path entry (compat), which mypy follows.
$(STAMP): pyproject.toml sdk/python/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[emulator]' --group dev --group docs --group bench
	$(BIN)/python -m pip install --quiet -e sdk/python --config-settings editable_mode=compat
	touch $(STAMP) $(DEMO_STAMP)

$(DEMO_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[emulator]'
	touch $(DEMO_STAMP)

venv: $(STAMP) ## Create the virtualenv: the package (editable, emulator extra) and the dev, docs and bench groups

demo-venv: $(DEMO_STAMP) ## Create the virtualenv with the package and the local Blaxel API only (what `make demo` needs)

pulumi: ## Obtain the pulumi CLI with its Python, YAML and Node.js language hosts (PATH, cache, or a build from Go modules)
	@mkdir -p .cache
	@dir="$$(scripts/install-pulumi.sh)"; echo "$$dir" > $(PULUMI_DIR_FILE); echo "pulumi: $$dir/pulumi ($$($$dir/pulumi version))"

shell: $(DEMO_STAMP) pulumi ## Open a shell with the pulumi CLI and .venv first on PATH (the same as `. scripts/activate`)
	@BLAXEL_PULUMI_RC=1 bash --rcfile scripts/activate -i

lint: venv ## ruff check and format check; the wire models generated from the spec are current
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python scripts/gen_models.py --check

typecheck: venv ## mypy --strict on the package, tests, scripts and benchmarks (examples: in the e2e suite)
	$(BIN)/mypy blaxel_pulumi tests $(wildcard bench) scripts

docs: venv ## Check the generated reference pages and build the documentation site into .cache/site (mkdocs --strict)
	$(BIN)/python scripts/gen_docs.py --check
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir $(SITE)  # not --quiet: it hides the warnings that --strict counts

sdks: ## Regenerate the typed SDKs sdk/{nodejs,go,python} from the native schema with Pulumi's codegen (Go)
	scripts/gen-sdks.sh

sdks-check: ## Fail when the committed SDKs in sdk/ differ from what the native schema generates
	scripts/gen-sdks.sh --check

package: venv ## Build the sdists and wheels of blaxel-pulumi (.cache/dist) and pulumi_blaxel (.cache/dist-sdk) and check them
	rm -rf $(DIST) $(SDK_DIST)
	$(BIN)/python -m build --outdir $(DIST) . > .cache/build.log 2>&1 || { cat .cache/build.log; exit 1; }
	$(BIN)/twine check --strict $(DIST)/*
	$(BIN)/python scripts/check_dist.py $(DIST)
	$(BIN)/python -m build --outdir $(SDK_DIST) sdk/python > .cache/build-sdk.log 2>&1 || { cat .cache/build-sdk.log; exit 1; }
	$(BIN)/twine check $(SDK_DIST)/*

plugin: venv ## Build the native provider's plugin archive into .cache/plugin (for `pulumi plugin install --file`)
	$(BIN)/python scripts/build_plugin.py --out .cache/plugin

plugin-standalone: venv ## Build the plugin as one executable (PyInstaller, no Python needed) into .cache/plugin-standalone
	$(BIN)/python scripts/build_plugin.py --standalone --out .cache/plugin-standalone

# pytest exits 5 when it collected no test: that is a failure here, never a silent pass.
# $(1): pytest arguments; $(2): the interpreter (the main virtualenv's by default).
define run_pytest
	rc=0; PATH="$$(cat $(PULUMI_DIR_FILE)):$$PATH" BLAXEL_PULUMI_BIN_DIR="$$(cat $(PULUMI_DIR_FILE))" \
	  $(or $(2),$(BIN)/python) -m pytest $(1) $(PYTEST_ARGS) || rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no test: failing" >&2; exit 1; fi; exit $$rc
endef

$(FLOORS_VENV)/.installed: $(FLOORS) pyproject.toml
	rm -rf .cache/floors-*
	$(OLDEST_PYTHON) -m venv $(FLOORS_VENV)
	$(FLOORS_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(FLOORS_VENV)/bin/python -m pip install --quiet -c $(FLOORS) -e '.[emulator]' --group test
	touch $@

floors: $(FLOORS_VENV)/.installed pulumi ## Unit, provider and a real-CLI lifecycle test on the oldest supported Python and dependencies
	@$(FLOORS_VENV)/bin/python --version; $(FLOORS_VENV)/bin/python -m pip list --format=freeze 2>/dev/null | grep -iE '^(pulumi|httpx|pydantic)==' | tr '\n' ' '; echo
	$(call run_pytest,-q -p no:cacheprovider $(PARALLEL) $(FLOORS_TESTS),BLAXEL_PULUMI_FLOORS=$(FLOORS) $(FLOORS_VENV)/bin/python)

$(NEWEST_VENV)/.installed: pyproject.toml
	rm -rf .cache/newest-*
	$(NEWEST_PYTHON) -m venv $(NEWEST_VENV)
	$(NEWEST_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(NEWEST_VENV)/bin/python -m pip install --quiet -e '.[emulator]' --group test
	touch $@

newest: $(NEWEST_VENV)/.installed pulumi ## A real-CLI lifecycle test on the newest supported Python
	@$(NEWEST_VENV)/bin/python --version
	$(call run_pytest,-q -p no:cacheprovider $(NEWEST_TESTS),$(NEWEST_VENV)/bin/python)

test: venv pulumi lint typecheck docs sdks-check package floors newest ## Lint, type check, docs, SDKs, package, floors, then unit, emulator, e2e and reliability tests
	$(call run_pytest,-m "not heavy" $(PARALLEL) --cov=blaxel_pulumi --cov-report=term:skip-covered tests)

test-all: venv pulumi lint typecheck docs sdks-check package floors newest ## `make test` plus the heavy reliability variants
	$(call run_pytest,$(PARALLEL) tests)

demo: $(DEMO_STAMP) pulumi ## Start the local Blaxel API and `pulumi up` the quickstart against it
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
