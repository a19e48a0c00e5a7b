# Groundswell: `make run` for the demo on http://127.0.0.1:8000, `make test` for the suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
DEPS := $(VENV)/.deps-installed
ASSETS := frontend/static/dist/.built
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?= -n auto

.PHONY: help
help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-14s %s\n", $$1, $$2}'

$(VENV)/bin/python:
	@python=$$(scripts/find-python) && echo "Using $$python ($$($$python --version))" && \
	if command -v uv >/dev/null 2>&1; then uv venv -q --python "$$python" $(VENV); \
	else "$$python" -m venv $(VENV); fi

$(DEPS): $(VENV)/bin/python requirements/base.txt requirements/dev.txt
	@if command -v uv >/dev/null 2>&1; then \
	  VIRTUAL_ENV=$(VENV) uv pip install -q -r requirements/base.txt -r requirements/dev.txt; \
	else \
	  $(PY) -m pip install -q --upgrade pip && \
	  $(PY) -m pip install -q -r requirements/base.txt -r requirements/dev.txt; \
	fi
	@touch $@

$(ASSETS): frontend/package.json frontend/package-lock.json frontend/build.mjs $(wildcard frontend/src/*)
	cd frontend && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build
	@touch $@

.PHONY: install
install: $(DEPS) $(ASSETS) ## Set up the virtual environment and front-end assets

.PHONY: run
run: install ## Run the demo on http://127.0.0.1:8000 (SQLite, no services) with its worker
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py seed_demo --if-missing --with-guide
	$(PY) manage.py analyse nhs-change-challenge --if-missing > /dev/null
	$(PY) manage.py collectstatic --noinput -v0
	@echo "Groundswell is on http://$(HOST):$(PORT)/ (Ctrl+C to stop)"
	@# The background worker (analysis runs) lives as long as the web server.
	@$(PY) manage.py db_worker --no-startup-delay > .worker.log 2>&1 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(VENV)/bin/daphne -b $(HOST) -p $(PORT) backend.asgi:application

.PHONY: worker
worker: install ## Run the background task worker
	$(PY) manage.py db_worker

.PHONY: test
test: install ## Run lint, migration check and the whole test suite
	@scripts/ensure-chromium
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_ARGS)

.PHONY: bench
bench: install ## Run every benchmark and fault run in bench/ (PostgreSQL and Redis from DATABASE_URL, REDIS_URL)
	PYTHONPATH=. $(PY) bench/prescreen.py
	$(PY) bench/clustering.py
	$(PY) manage.py migrate --noinput -v0
	$(PY) bench/analysis.py
	$(PY) bench/load.py all
	$(PY) bench/faults.py all

.PHONY: lint
lint: install ## Check and format the code with ruff
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

.PHONY: requirements
requirements: ## Re-pin requirements/*.txt from requirements/*.in
	uv pip compile -q --python-version 3.12 --no-header requirements/base.in -o requirements/base.txt
	uv pip compile -q --python-version 3.12 --no-header requirements/dev.in -o requirements/dev.txt

.PHONY: clean
clean: ## Remove the virtual environment, built assets and the demo database
	rm -rf $(VENV) frontend/node_modules frontend/static/dist staticfiles db.sqlite3
