# The handful of commands people type. `make run` and `make test` are the README's quick start.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
VENDOR := src/meedoen/static/vendor/utrecht
APT_PACKAGES := chromium chromium-driver gettext
SUDO := $(shell [ "$$(id -u)" = "0" ] || echo sudo)

.PHONY: run test install install-python install-assets install-system lint format \
        test-sqlite test-postgres bench messages totp clean

run: install-python install-assets  ## Serve the platform with Deventer demo data on SQLite
	@mkdir -p var
	MEEDOEN_DEBUG=1 $(BIN)/python -m meedoen migrate --noinput
	MEEDOEN_DEBUG=1 $(BIN)/python -m meedoen demo_data
	MEEDOEN_DEBUG=1 $(BIN)/python -m meedoen runserver 127.0.0.1:$(PORT)

test: install lint test-sqlite test-postgres  ## Install everything and run all tests, on both databases

install: install-system install-python install-assets

install-system:  ## Debian packages: Chromium for browser tests, gettext, PostgreSQL server if absent
	@missing=""; \
	for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	command -v initdb >/dev/null 2>&1 || [ -x /usr/lib/postgresql/15/bin/initdb ] || missing="$$missing postgresql-15"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install-python: $(BIN)/python  ## Python packages, pinned in pyproject.toml
	@$(BIN)/pip install --quiet --disable-pip-version-check -e ".[test]"

install-assets:  ## NL Design System CSS from npm, served by the platform itself
	@[ -d node_modules/@utrecht/component-library-css ] || npm ci --no-audit --no-fund --loglevel=error
	@mkdir -p $(VENDOR)
	@cp node_modules/@utrecht/component-library-css/dist/index.css $(VENDOR)/component-library.css
	@cp node_modules/@utrecht/design-tokens/dist/theme.css $(VENDOR)/design-tokens.css

lint:  ## ruff lint and format check
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

format:
	$(BIN)/ruff check --fix src tests bench
	$(BIN)/ruff format src tests bench

test-sqlite:
	$(BIN)/python -m pytest -q -n 2 --dist loadgroup

test-postgres:
	scripts/with-postgres.sh $(BIN)/python -m pytest -q -n 2 --dist loadgroup

bench:  ## Benchmarks; figures go into docs/benchmarks.md
	$(BIN)/pip install --quiet --disable-pip-version-check -e ".[test,bench]"
	$(BIN)/python bench/pb_bench.py --quick --no-pabutools-add1
	$(BIN)/python bench/sortition_bench.py
	$(BIN)/python bench/sortition_small_pools.py

messages:  ## Update the English catalogue (and its compiled .mo) after changing Dutch texts
	cd src/meedoen && MEEDOEN_DEBUG=1 ../../$(BIN)/python -m meedoen makemessages -l en --no-obsolete
	cd src/meedoen && MEEDOEN_DEBUG=1 ../../$(BIN)/python -m meedoen compilemessages -l en

clean:
	rm -rf var $(VENDOR) .pytest_cache

totp:  ## Current TOTP code of a demo staff account: make totp WHO=beheerder
	@MEEDOEN_DEBUG=1 $(BIN)/python -m meedoen totp_code $(WHO)
