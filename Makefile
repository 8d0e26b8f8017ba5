# homeward: `make run` serves the demo on SQLite; `make test` runs the suite on SQLite and PostgreSQL.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1:8000
PYTEST_ARGS ?= -n 2 --dist loadgroup

.PHONY: install run serve demo test test-sqlite test-postgres test-spark lint audit bench messages clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/homeward migrate --noinput
	$(BIN)/homeward demo
	$(BIN)/homeward worker & trap 'kill $$!' EXIT INT TERM; $(BIN)/homeward runserver --noreload $(HOST)

test: test-sqlite test-postgres

test-sqlite: install
	$(BIN)/pytest $(PYTEST_ARGS)

test-postgres: install
	$(BIN)/python scripts/with_postgres.py -- $(BIN)/pytest $(PYTEST_ARGS)

# Splink on local PySpark: needs Java (Debian: default-jre-headless) and the spark extra; not in `make test`.
test-spark: install
	$(BIN)/pip install --quiet -e ".[dev,spark]"
	$(BIN)/pytest -p no:xdist -m spark tests/core/linkage

# pip-audit against the OSV database; without network it warns that nothing was audited (HOMEWARD_AUDIT_REQUIRED=1: fails).
audit: install
	$(BIN)/python scripts/audit_dependencies.py

lint: install
	$(BIN)/ruff check homeward homeward_core tests

# The Ukrainian and Russian catalogues, from the strings marked in the source (needs GNU gettext); docs/i18n.md.
messages: install
	$(BIN)/homeward messages

bench: install
	$(BIN)/homeward bench import --rows 100000

clean:
	rm -rf $(VENV) var
