# The two commands a new machine needs (README.md): `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-fast lint browser-deps bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

## Install, create the SQLite database in ./var, seed a synthetic clinic, serve http://127.0.0.1:8000
demo: $(STAMP)
	$(BIN)/regenpath demo $(ARGS)

## Install everything (Debian's chromium for the browser tests included) and run the whole suite
test: $(STAMP) browser-deps
	$(BIN)/pytest $(ARGS)

## The suite without the browser tests
test-fast: $(STAMP)
	$(BIN)/pytest -m "not browser" $(ARGS)

browser-deps:
	@scripts/ensure-system-packages

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy regenpath

bench: $(STAMP)
	for b in benchmarks/bench_*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) var
