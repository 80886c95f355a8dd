# The two set-up commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Every package, direct or not, at one version with its hashes (make lock writes it).
LOCK := requirements.lock
# Development targets run with DEBUG on unless told otherwise (make up turns it off).
DJANGO_DEBUG ?= true
export DJANGO_DEBUG
# honcho starts the Procfile commands through the shell: they must find the venv's
# gunicorn, celery and python without the venv being activated.
VENV_PATH := PATH="$(CURDIR)/$(BIN):$$PATH"

.PHONY: backup restore run test lint format migrations-check pytest up install lock browser messages clean bench benchmark

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The lock first (hashes required), then the project itself without resolving anything;
# pip check fails when pyproject.toml asks for what the lock does not hold.
$(STAMP): pyproject.toml $(LOCK) | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/pip install --quiet --no-deps -e .
	@$(BIN)/pip check || { echo "requirements.lock is behind pyproject.toml: run make lock"; exit 1; }
	@touch $(STAMP)

install: $(STAMP)

## make lock: resolve pyproject.toml (with the dev extra) again into requirements.lock.
lock: | $(BIN)/python
	$(BIN)/pip install --quiet "$$(grep -o '"uv==[^"]*"' pyproject.toml | tr -d '"')"
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --universal \
	  --python-version 3.11 --quiet --output-file $(LOCK)
	@echo "$(LOCK) written: make install now installs from it"

## make backup: the database rows and the uploaded and rendered files in one archive.
BACKUP ?= var/backups/gmg-$(shell date -u +%Y%m%dT%H%M%SZ).tar.gz
backup: install
	$(BIN)/python manage.py backup $(BACKUP)

## make restore BACKUP=file: into an empty database (migrated first), files put back, checked.
restore: install
	@test -f "$(BACKUP)" || { echo "Name the archive: make restore BACKUP=var/backups/...tar.gz"; exit 2; }
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py restore $(BACKUP)

## make run: the whole application on embedded defaults (SQLite, filesystem broker).
run: install
	@mkdir -p var/celery/broker var/celery/processed
	DJANGO_DEBUG=true $(BIN)/python manage.py migrate --no-input
	DJANGO_DEBUG=true $(BIN)/python manage.py compilemessages --ignore=.venv -v 0 || true
	DJANGO_DEBUG=true $(BIN)/python manage.py seed_demo
	DJANGO_DEBUG=true $(BIN)/python manage.py prepare_fonts
	$(VENV_PATH) DJANGO_DEBUG=true $(BIN)/honcho -f Procfile.dev start

## make test: lint, migration check and the whole test suite.
test: install lint migrations-check browser pytest

## make lint: ruff (style, and no import of another app's _private names), the format,
## and the import contracts of pyproject.toml (the floors; no circles inside an app).
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-logo

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: install
	$(BIN)/python manage.py makemigrations --check --dry-run

pytest: install
	DJANGO_DEBUG=true $(BIN)/python manage.py compilemessages --ignore=.venv -v 0 \
	  || echo "msgfmt (gettext) missing: using the committed catalogues"
	DJANGO_DEBUG=true $(BIN)/python manage.py prepare_fonts
	$(BIN)/pytest $(PYTEST_ARGS)

# The browser tests use the system Chromium; the PDFs Debian's Chinese font (fonts-noto-cjk)
# and HarfBuzz's subsetter (libharfbuzz-subset0: without it WeasyPrint subsets the fonts with
# fontTools, some thirty times slower). Install what is missing where we may.
SYSTEM_PACKAGES := chromium poppler-utils gettext fonts-noto-cjk libharfbuzz-subset0
CJK_FONT := /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
browser:
	@if ! command -v chromium >/dev/null 2>&1 || ! command -v pdftoppm >/dev/null 2>&1 \
	  || ! test -f $(CJK_FONT) || ! (ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset); then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing $(SYSTEM_PACKAGES) for the browser and PDF tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null; \
	  else echo "Missing some of $(SYSTEM_PACKAGES): browser tests are skipped, Chinese PDFs lack their font"; fi; fi

# Bootstrap builds base.html never loads: hashing and compressing them made collectstatic slow.
# bootstrap.rtl.min.css is kept: Arabic pages load it.
STATIC_SKIP := -i 'bootstrap-*' -i 'bootstrap.rtl.css*' \
	-i 'bootstrap.css*' -i 'bootstrap.esm*' \
	-i 'bootstrap.js*' -i 'bootstrap.min.js*' -i 'bootstrap.bundle.js*'

## make up: production-like run (gunicorn, worker, beat) against PostgreSQL and Redis.
up: install
	@test -n "$$DATABASE_URL" || { echo "Set DATABASE_URL (PostgreSQL) and REDIS_URL"; exit 2; }
	DJANGO_DEBUG=false $(BIN)/python manage.py migrate --no-input
	DJANGO_DEBUG=false $(BIN)/python manage.py collectstatic --no-input -v 0 $(STATIC_SKIP)
	DJANGO_DEBUG=false $(BIN)/python manage.py prepare_fonts
	$(VENV_PATH) DJANGO_DEBUG=false $(BIN)/honcho -f Procfile start

## make bench: every main page against a bare view, under gunicorn on PostgreSQL, with the
## demo data, one year and ten years of history; writes docs/benchmark.md, fails when a
## target is missed.
## QUICK=1: demo data, one short round (CI), report in var/benchmark-quick.md.
bench: install
	@test -n "$${BENCH_DATABASE_URL:-$$DATABASE_URL}" || { \
	  echo "Set BENCH_DATABASE_URL (or DATABASE_URL) to a PostgreSQL server, and REDIS_URL"; exit 2; }
	$(BIN)/python -m bench.run $(if $(QUICK),--quick --out var/benchmark-quick.md)

benchmark: bench

messages: install
	$(BIN)/python manage.py makemessages -l ar -l zh_Hans -l fr -l ru -l es --no-location --no-wrap --no-obsolete --ignore=.venv --ignore=var --ignore=tests --ignore=test-artifacts
	$(BIN)/python manage.py typeset_catalogues
	$(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf var
