# The two commands: `make run` and `make test`. Everything they need is installed from this
# repository's own files (requirements.txt and the Debian packages below).
SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
# Debian packages: fonts, fontconfig (fc-list finds the CJK font) and the HarfBuzz subsetter for PDFs, gettext for translations,
# poppler-utils to check PDFs in tests.
DEBS := libharfbuzz-subset0 fonts-noto-cjk fontconfig gettext poppler-utils libpango-1.0-0 libpangoft2-1.0-0
# The tests also drive Debian's chromium (Playwright), so `make test` installs it with the others.
test: DEBS += chromium
HOST ?= 127.0.0.1
PORT ?= 8000
# Empty: sized from the CPU count (aftersales/sizing.py; README "Sizing the server").
WEB_WORKERS ?=
WEB_THREADS ?=
CELERY_CONCURRENCY ?=
ONLY ?=
# make test TEST_NOW="2027-01-31 22:30": run the suite on a clock moved to that store-local instant.
TEST_NOW ?=

.PHONY: help deps setup messages run serve worker beat test lint bench clean

help:
	@echo "make run    set up, load demo data, serve on http://$(HOST):$(PORT) with a worker and one beat"
	@echo "make test   set up and run the test suite"
	@echo "make bench  run the benchmarks (ONLY=<group> for one group)"

deps:
	@missing=""; for p in $(DEBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	touch $@

setup: deps $(VENV)/.installed messages
	mkdir -p var/static var/media

messages: $(VENV)/.installed
	$(MANAGE) compilemessages -l zh_Hans -v0 --ignore=.venv

run: setup
	$(MANAGE) migrate --noinput -v0
	$(MANAGE) collectstatic --noinput -v0
	$(MANAGE) seed_demo --url http://$(HOST):$(PORT)/
	WEB_WORKERS=$(WEB_WORKERS) WEB_THREADS=$(WEB_THREADS) CELERY_CONCURRENCY=$(CELERY_CONCURRENCY) $(MANAGE) rundesk --bind $(HOST):$(PORT)

test: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache
	$(MANAGE) makemigrations --check --dry-run -v0
	$(if $(TEST_NOW),TEST_NOW="$(TEST_NOW)") $(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .

# Benchmarks seed PostgreSQL: DATABASE_URL if set, else a database `aftersales_bench` on the
# local server (created if missing).
BENCH_DB ?= postgres://postgres@127.0.0.1:5432/aftersales_bench
bench: setup
	@url="$${DATABASE_URL:-$(BENCH_DB)}"; \
	if [ -z "$$DATABASE_URL" ]; then createdb -h 127.0.0.1 -U postgres aftersales_bench 2>/dev/null || true; fi; \
	DATABASE_URL="$$url" $(MANAGE) migrate --noinput -v0 && DATABASE_URL="$$url" $(PY) bench/run.py $(ONLY)

clean:
	rm -rf var/static var/broker var/celerybeat-schedule*
