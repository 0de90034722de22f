# Forst marketplace. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PORT ?= 8000
HOST ?= 127.0.0.1
UV_VERSION ?= 0.13.9
# uv must never try to download a Python: the machine's Python 3.11 is the one we use.
export UV_PYTHON_DOWNLOADS := never
export UV_LINK_MODE := copy

# uv from PATH, else the copy pip installs into the machine's Python (`python3 -m uv`).
UV := $(or $(shell command -v uv 2>/dev/null),python3 -m uv)
PY := .venv/bin/python
MANAGE := $(PY) manage.py
PYTEST := $(PY) -m pytest

.PHONY: help
help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-16s\033[0m %s\n", $$1, $$2}'

.PHONY: uv
uv:
	@$(UV) --version >/dev/null 2>&1 || python3 -m pip install --quiet "uv==$(UV_VERSION)"

.venv/.synced: pyproject.toml uv.lock | uv
	$(UV) sync --frozen --quiet
	@touch $@

.PHONY: install
install: .venv/.synced ## Create .venv with the locked dependencies (uv sync --frozen)

.PHONY: migrate
migrate: install ## Apply database migrations (SQLite in var/ unless DATABASE_URL is set)
	@mkdir -p var
	$(MANAGE) migrate --noinput -v0

.PHONY: demo
demo: migrate ## Load the demo town unless shops exist already, and build the search index
	$(MANAGE) demo_town --if-empty
	$(MANAGE) search_index --rebuild

# `make run` skips migrate and demo (two Django start-ups) when the SQLite demo database exists
# and no migration or dependency changed since they last ran (stamp: var/.demo-ready).
DEMO_STAMP := var/.demo-ready
MIGRATION_DIRS := $(wildcard */migrations */*/migrations)

.PHONY: run
run: install ## Set everything up and serve the demo site (http://127.0.0.1:8000, PORT=… to change)
	@if [ -n "$${DATABASE_URL:-}" ] || [ ! -f $(DEMO_STAMP) ] || [ ! -f var/db.sqlite3 ] || \
		[ -n "$$(find $(MIGRATION_DIRS) .venv/.synced -newer $(DEMO_STAMP) -print -quit)" ]; then \
		$(MAKE) --no-print-directory demo && touch $(DEMO_STAMP); \
	elif [ -f var/demo-credentials.txt ]; then cat var/demo-credentials.txt; fi
	@echo "Marktplatz Forst: http://$(HOST):$(PORT)/  (CMS: /cms/, dashboard: /dashboard/)"
	$(MANAGE) runserver $(HOST):$(PORT)

.PHONY: test
test: install ## Run the whole suite on PostgreSQL and on SQLite (services started by tools/testenv)
	tools/testenv run -- $(MAKE) --no-print-directory test-suites

.PHONY: test-suites
# Both runs happen (unless the first is interrupted); fails if either does. pytest's exit 5
# ("no tests") is an error for the whole suite but fine for SQLite (every test might need
# PostgreSQL). With CI=true the PostgreSQL run may not be missing.
test-suites:
	@pg=skipped; \
	if [ -n "$${TEST_DATABASE_URL:-}" ]; then \
		echo "== test suite on PostgreSQL =="; \
		$(PYTEST) -q; pg=$$?; \
		if [ $$pg = 2 ]; then echo "== PostgreSQL run interrupted or not collected (pytest exit 2): SQLite run not started =="; exit 2; fi; \
	elif [[ "$${CI,,}" =~ ^(true|1|yes)$$ ]]; then \
		echo "== CI=$$CI but TEST_DATABASE_URL is unset: the PostgreSQL run is missing (use make test) =="; pg=missing; \
	else \
		echo "== PostgreSQL unavailable: the PostgreSQL run is skipped (tools/testenv said why) =="; \
	fi; \
	echo "== test suite on SQLite (quick path) =="; \
	env -u TEST_DATABASE_URL $(PYTEST) -q -m "not postgres"; sq=$$?; \
	if [ $$sq = 5 ]; then sq=0; echo "(no test runs without PostgreSQL)"; fi; \
	echo "== pytest exit status: PostgreSQL $$pg, SQLite $$sq =="; \
	[[ $$pg =~ ^(0|skipped)$$ && $$sq = 0 ]]

.PHONY: test-quick
test-quick: install ## Run the suite on SQLite only (no services)
	env -u TEST_DATABASE_URL $(PYTEST) -q -m "not postgres"

# Not a test: prints relevance (judged queries on the demo town) and speed at 100k products per
# search backend, and writes var/bench/search-*.json. BENCH_PARTS=relevance|scale and
# BENCH_PRODUCTS=20000 give quicker runs; the other settings are in bench/search/__main__.py.
.PHONY: bench-search
bench-search: install ## Benchmark the search backends: nDCG/recall on judged queries, latency at 100k products
	tools/testenv run -- $(PY) -m bench.search

.PHONY: lint
lint: install ## ruff lint + format check, and no missing migrations
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(MANAGE) makemigrations --check --dry-run

.PHONY: messages
messages: install ## Update German translations (locale/de) and compile them
	$(MANAGE) makemessages -l de --ignore=.venv --ignore=node_modules --ignore=tests --ignore=var --ignore=media --ignore=staticfiles
	$(MANAGE) compilemessages --ignore=.venv

.PHONY: clean
clean: ## Remove the demo database, media and caches (keeps .venv)
	rm -rf var media staticfiles .ruff_cache
	find . -name __pycache__ -not -path './.venv/*' -prune -exec rm -rf {} +
