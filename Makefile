# `make serve` installs everything (pinned, into .venv) and starts the preview;
# `make test` runs the whole test suite. Both work on a fresh machine with Python 3.11+.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: install serve build test lint mutate bench clean

install: $(VENV)/.installed

# Everything, tests and lint tools included (requirements-dev.txt holds the site's pins too);
# the Pages workflow installs requirements.txt alone.
$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

serve: install
	$(BIN)/mkdocs serve

build: install
	$(BIN)/mkdocs build --strict

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check hooks tests
	$(BIN)/mypy

# Mutation testing (minutes to an hour; not part of `make test`): MODULES=seed/clean.py,site/related.py
MODULES ?=
MUTANTS ?= 25
mutate: install
	$(BIN)/python tests/mutate.py --mutants $(MUTANTS) $(if $(MODULES),--modules $(MODULES),)

# The scale benchmark (minutes): CORPUS=folder of real posts, SIZES=comma-separated article counts.
CORPUS ?=
SIZES  ?= 1000,5000,10000
bench: install
	$(BIN)/python tests/benchmark.py $(CORPUS) --sizes $(SIZES)

clean:
	rm -rf site .pytest_cache .cache test-artifacts .mypy_cache .ruff_cache
