# Two commands on a fresh machine: `make run` and `make test`. `make help` lists the rest.
#
# Variables (override on the command line or in the environment):
#   PYTHON       interpreter used to create .venv (default python3, must be 3.11 or newer)
#   PORT         port of the development web server (default 8000)
#   VAR_DIR      folder for local state (default var/: SQLite, Celery broker, mails)
#   PYTEST_ARGS  extra arguments for pytest, e.g. PYTEST_ARGS="-x -k employees"
#   PYTEST_WORKERS  pytest-xdist processes for `make test` (default auto: one per core; 0 runs in one process)

PYTHON ?= python3
PORT ?= 8000
VAR_DIR ?= var
PYTEST_ARGS ?=
PYTEST_WORKERS ?= auto

VENV := .venv
BIN := $(VENV)/bin
VENV_PY := $(BIN)/python
# Every install is pinned to the versions CI tested (requirements/constraints.txt; `make lock` renews it).
CONSTRAINTS := requirements/constraints.txt
PIP_INSTALL := $(VENV_PY) -m pip install --quiet --constraint $(CONSTRAINTS)
# Stamps inside .venv: (re)install only when pyproject.toml or the constraints changed.
STAMP_APP := $(VENV)/.stamp-app
STAMP_TEST := $(VENV)/.stamp-test
STAMP_BENCH := $(VENV)/.stamp-bench

.DEFAULT_GOAL := help
.PHONY: help run test lint schema settings-doc messages codes lock clean chromium nginx var-dir nlds

help: ## Show this list
	@echo "Verzuimportaal: make <target>"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  %-13s %s\n", $$1, $$2}'

# --- virtual environment ------------------------------------------------------------------

$(VENV_PY):
	@command -v $(PYTHON) >/dev/null 2>&1 || { \
		echo "Error: '$(PYTHON)' was not found. Install Python 3.11 or newer, or point PYTHON= at one (make run PYTHON=python3.12)." >&2; \
		exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || { \
		echo "Error: '$(PYTHON)' is Python $$($(PYTHON) -c 'import platform; print(platform.python_version())'); the portal needs 3.11 or newer." >&2; \
		echo "       Install a newer Python and run again with PYTHON=, e.g. make run PYTHON=python3.11" >&2; \
		exit 1; }
	@echo "Creating $(VENV) with $(PYTHON) ($$($(PYTHON) -c 'import platform; print(platform.python_version())'))"
	@$(PYTHON) -m venv $(VENV) || { \
		rm -rf $(VENV); \
		echo "Error: '$(PYTHON) -m venv' failed. On Debian/Ubuntu install the venv module: apt-get install python3-venv" >&2; \
		exit 1; }

$(STAMP_APP): pyproject.toml $(CONSTRAINTS) | $(VENV_PY)
	@echo "Installing the portal and its dependencies from pyproject.toml (versions from $(CONSTRAINTS))"
	$(PIP_INSTALL) --editable .
	@touch $@

$(STAMP_TEST): pyproject.toml $(CONSTRAINTS) | $(VENV_PY)
	@echo "Installing the portal with its test extras from pyproject.toml (versions from $(CONSTRAINTS))"
	$(PIP_INSTALL) --editable '.[test]'
	@touch $@ $(STAMP_APP)

var-dir:
	@mkdir -p "$(VAR_DIR)"

# --- the two commands ---------------------------------------------------------------------

run: $(STAMP_APP) var-dir ## Migrate, load demo data, start web + Celery worker + beat (Ctrl-C stops all)
	@PORT="$(PORT)" bash verzuim/scripts/run.sh check-port
	$(VENV_PY) manage.py migrate --noinput
	$(VENV_PY) manage.py demo
	@PORT="$(PORT)" VAR_DIR_PATH="$(VAR_DIR)" VENV_BIN="$(BIN)" bash verzuim/scripts/run.sh

# The suite runs on every core: tests/xdist_workers.py gives each worker its own Redis database and folder
# (pytest-django its own test database), and a test file stays on one worker (its module fixtures run once).
test: $(STAMP_TEST) var-dir chromium nginx lint ## Lint, then run the whole test suite
	$(VENV_PY) -m pytest -p tests.xdist_workers -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

# --- the parts ----------------------------------------------------------------------------

lint: $(STAMP_TEST) var-dir ## ruff check, ruff format --check, mypy, import contracts, no missing migrations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .
	$(BIN)/lint-imports --no-cache
	$(VENV_PY) manage.py makemigrations --check --dry-run

chromium: ## Make sure Debian's chromium (browser tests) and a font (PDF tests) are there
	@if [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "Installing Debian chromium for the browser tests"; \
			apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; \
		else \
			echo "Error: the browser tests need Debian's chromium at /usr/bin/chromium." >&2; \
			echo "       Install it as root: apt-get update && apt-get install -y chromium" >&2; \
			exit 1; \
		fi; \
	fi
	@# WeasyPrint (the PDF tests) needs a font; Debian's fonts-dejavu-core is the one the templates name first.
	@if ! fc-list 2>/dev/null | grep -q "DejaVu Sans"; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "Installing Debian fonts-dejavu-core for the PDF documents"; \
			apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y fonts-dejavu-core fontconfig; \
		else \
			echo "Error: the PDF documents need a font. Install it as root: apt-get install -y fonts-dejavu-core" >&2; \
			exit 1; \
		fi; \
	fi

# policy-rc.d (exit 101) keeps the package from starting a system nginx on port 80: the test starts its own.
nginx: ## Make sure Debian's nginx is there (the two-node test puts it in front of two gunicorn nodes)
	@if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "Installing Debian nginx-light for the two-node test (tests/verzuim/test_stateless_nodes.py)"; \
			guard=""; if [ ! -e /usr/sbin/policy-rc.d ]; then \
				printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && guard=1; fi; \
			apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y nginx-light; status=$$?; \
			if [ -n "$$guard" ]; then rm -f /usr/sbin/policy-rc.d; fi; \
			[ $$status = 0 ] || exit $$status; \
		else \
			echo "Error: the two-node test needs nginx. Install it as root: apt-get update && apt-get install -y nginx-light" >&2; \
			exit 1; \
		fi; \
	fi

schema: $(STAMP_APP) var-dir ## Regenerate docs/openapi.yaml from the API
	$(VENV_PY) manage.py spectacular --file docs/openapi.yaml --validate

settings-doc: $(STAMP_APP) var-dir ## Regenerate docs/settings.md from verzuim/settings.py
	$(VENV_PY) manage.py settings_reference > docs/settings.md.new && mv docs/settings.md.new docs/settings.md || { rm -f docs/settings.md.new; exit 1; }

messages: $(STAMP_APP) ## Compile verzuim/locale (Dutch names for django-axes in the admin) with Babel
	$(VENV_PY) -c 'from babel.messages.pofile import read_po; from babel.messages.mofile import write_mo; \
		d = "verzuim/locale/nl/LC_MESSAGES/"; write_mo(open(d + "django.mo", "wb"), read_po(open(d + "django.po", "rb"), locale="nl"))'

nlds: ## Re-vendor NL Design System's CSS (@utrecht/component-library-css, pinned, checked) with npm
	$(PYTHON) verzuim/scripts/vendor_nlds.py

codes: $(STAMP_APP) var-dir ## Print the current TOTP codes of the demo staff users
	@$(VENV_PY) manage.py demo --codes

# A throwaway venv outside the work tree resolves the newest versions pyproject.toml allows (all extras);
# its `pip freeze` becomes the constraints. Then `make test` installs and tests exactly those.
lock: ## Renew requirements/constraints.txt with the newest versions pyproject.toml allows (then: make test)
	@set -e; lock_venv="$$(mktemp -d)"; trap 'rm -rf "$$lock_venv"' EXIT; \
	echo "Resolving the dependencies of pyproject.toml in a fresh venv ($(PYTHON))"; \
	$(PYTHON) -m venv "$$lock_venv"; \
	"$$lock_venv/bin/python" -m pip install --quiet --editable '.[test,bench]'; \
	{ echo "# Generated by \`make lock\` with Python $$("$$lock_venv/bin/python" -c 'import platform; print(platform.python_version())'); do not edit by hand."; \
	  echo "# Every install of the Makefile uses these versions (pip install --constraint). See README.md."; \
	  "$$lock_venv/bin/python" -m pip freeze --exclude-editable; } > $(CONSTRAINTS).new; \
	mv $(CONSTRAINTS).new $(CONSTRAINTS); \
	echo "Wrote $(CONSTRAINTS); review it with: git diff $(CONSTRAINTS)"

# --- benchmarks (PostgreSQL; see bench/README.md) ------------------------------------------
#   BENCH_DATABASE_URL  database the benchmark drops, recreates and fills (its name must contain "bench")
#   BENCH_STEPS         Poortwachter steps to generate (default 1000000), BENCH_SEED the random seed (default 42)
#   BENCH_BOOK_DATABASE_URL  database for the general book (40,000 employers) of bench-book and bench-renewal
#   BENCH_EMPLOYERS     employers in that book (default 40000; the cases scale with BENCH_OPEN_CASES, BENCH_CLOSED_CASES)
#   BENCH_LOAD_USERS    concurrent locust users per scenario of bench-load (default 20)
#   BENCH_LOAD_SECONDS  seconds per scenario (default 60; a smoke run: make bench-load BENCH_LOAD_SECONDS=5)
#   BENCH_LOAD_WORKERS  gunicorn workers (default 2)
#   BENCH_LOAD_THREADS  threads per gunicorn worker (default 1: sync workers; more: gthread)
#   BENCH_LOAD_OUT      where bench-load writes its table (default bench/load-results.md)

BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/verzuim_bench
BENCH_STEPS ?= 1000000
BENCH_SEED ?= 42
BENCH_BOOK_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/verzuim_bench_book
BENCH_EMPLOYERS ?= 40000
BENCH_OPEN_CASES ?= 12000
BENCH_CLOSED_CASES ?= 60000
BENCH_LOAD_USERS ?= 20
BENCH_LOAD_SECONDS ?= 60
BENCH_LOAD_WORKERS ?= 2
BENCH_LOAD_THREADS ?= 1
BENCH_LOAD_OUT ?= bench/load-results.md

.PHONY: bench bench-sweep bench-riv bench-book bench-renewal bench-paging bench-floor bench-load bench-roster

bench: bench-sweep bench-riv bench-book bench-renewal bench-paging bench-floor bench-load bench-roster ## Run the benchmarks (sweep, PDF, book, renewal, paging, floor, load, roster)

$(STAMP_BENCH): pyproject.toml $(CONSTRAINTS) | $(VENV_PY)
	@echo "Installing the portal with its bench extras (locust, py-spy) from pyproject.toml"
	$(PIP_INSTALL) --editable '.[bench]'
	@touch $@ $(STAMP_APP)

bench-sweep: $(STAMP_APP) var-dir ## Generate 1,000,000 steps in verzuim_bench and time the reminder sweep
	DATABASE_URL="$(BENCH_DATABASE_URL)" VAR_DIR="$(VAR_DIR)" $(VENV_PY) -m bench.generate_steps --fresh-database --steps $(BENCH_STEPS) --seed $(BENCH_SEED)
	DATABASE_URL="$(BENCH_DATABASE_URL)" VAR_DIR="$(VAR_DIR)" $(VENV_PY) -m bench.sweep

bench-riv: $(STAMP_TEST) var-dir ## Time the re-integration report PDF (about 30 pages; target 3 s a render)
	VAR_DIR="$(VAR_DIR)" $(VENV_PY) -m bench.riv_pdf --runs 10

bench-roster: $(STAMP_TEST) var-dir ## Time a roster sync of 500 employees against the bare upsert (target 3 x)
	DATABASE_URL="$(BENCH_DATABASE_URL)" VAR_DIR="$(VAR_DIR)" $(VENV_PY) -m bench.roster --employees 500 --runs 5

bench-book: $(STAMP_APP) var-dir ## Generate the general book (40,000 employers) in verzuim_bench_book
	DATABASE_URL="$(BENCH_BOOK_DATABASE_URL)" VAR_DIR="$(VAR_DIR)" $(VENV_PY) -m bench.generate --fresh-database \
		--employers $(BENCH_EMPLOYERS) --open-cases $(BENCH_OPEN_CASES) --closed-cases $(BENCH_CLOSED_CASES) --seed $(BENCH_SEED)

bench-renewal: $(STAMP_APP) var-dir ## Time renew_premiums --year 2027 on that book (target 5 minutes, flat memory)
	DATABASE_URL="$(BENCH_BOOK_DATABASE_URL)" VAR_DIR="$(VAR_DIR)" $(VENV_PY) -m bench.renewal --year 2027

bench-paging: $(STAMP_APP) var-dir ## Time the insurer's employee list, page 1 and page 1,000, against the bare indexed read (target 3 x)
	DATABASE_URL="$(BENCH_BOOK_DATABASE_URL)" VAR_DIR="$(VAR_DIR)" $(VENV_PY) -m bench.paging

bench-floor: $(STAMP_APP) var-dir ## In-process cost of the authenticated floor against the trivial view (target 6 x), pages against the floor
	DATABASE_URL="$(BENCH_BOOK_DATABASE_URL)" VAR_DIR="$(VAR_DIR)" $(VENV_PY) -m bench.floor

bench-load: $(STAMP_BENCH) var-dir ## Load-test gunicorn (2 workers) on that book with locust, 20 users, 60 s a scenario
	DATABASE_URL="$(BENCH_BOOK_DATABASE_URL)" VAR_DIR="$(VAR_DIR)" $(VENV_PY) -m bench.load.run \
		--users $(BENCH_LOAD_USERS) --seconds $(BENCH_LOAD_SECONDS) --workers $(BENCH_LOAD_WORKERS) \
		--threads $(BENCH_LOAD_THREADS) --out "$(BENCH_LOAD_OUT)"

clean: ## Remove .venv, caches and the local state in var/ (database, broker, mails)
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis test-results *.egg-info "$(VAR_DIR)"
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
