# chibo — the two commands: `make run` (demo on embedded SQLite) and `make test` (the whole suite).
# Works on a fresh Debian/Ubuntu machine with only Python 3.11+ and root (system packages are
# installed with apt-get when missing and the user is root).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
PRESET ?= bloc
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)
DJANGO_SETTINGS_MODULE ?= config.settings.dev
export DJANGO_SETTINGS_MODULE

.PHONY: run test lint bench messages venv sysdeps-run sysdeps-test demo clean screenshots

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

venv: $(STAMP)

# apt-get only when something is missing, and only as root.
define apt_install
	@missing=""; for pkg in $(1); do dpkg -s $$pkg >/dev/null 2>&1 || missing="$$missing $$pkg"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "missing system packages:$$missing (run as root or install them)"; fi; \
	fi
endef

# gettext compiles the translations; Pango and a font with Vietnamese glyphs let WeasyPrint make PDFs.
SYSDEPS_RUN := gettext libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-core

sysdeps-run:
	$(call apt_install,$(SYSDEPS_RUN))

sysdeps-test:
	$(call apt_install,$(SYSDEPS_RUN) chromium)

messages: $(STAMP)
	@$(PY) manage.py compilemessages --ignore=.venv -v0

run: $(STAMP) sysdeps-run messages
	@$(PY) manage.py migrate --noinput -v0
	@$(PY) manage.py createcachetable
	@$(PY) manage.py seed_demo --preset $(PRESET) --if-empty
	@echo "Demo accounts (var/demo-accounts.json):"
	@$(PY) -c "import json; [print(f\"  {a['username']:<12} {a['password']:<20} {a['role']:<10} {a['unit']}\") for a in json.load(open('var/demo-accounts.json'))]"
	@echo "Serving on http://127.0.0.1:$(PORT)/ (background jobs: manage.py db_worker, log in var/db_worker.log)"
	@$(PY) manage.py db_worker >var/db_worker.log 2>&1 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: $(STAMP) sysdeps-test messages
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run -v0
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) -m pytest -p no:randomly

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

# SQLite subtree reads, then the national scale on PostgreSQL (BENCH_PG_URL; skipped when none answers).
bench: $(STAMP)
	DJANGO_SETTINGS_MODULE=config.settings.dev $(PY) bench/run.py
	@if $(PY) -c "import socket; socket.create_connection(('127.0.0.1', 5432), 2).close()" 2>/dev/null || [ -n "$$BENCH_PG_URL" ]; then \
	  DJANGO_SETTINGS_MODULE=config.settings.dev $(PY) bench/national.py; \
	  DJANGO_SETTINGS_MODULE=config.settings.dev $(PY) bench/reports.py; \
	  DJANGO_SETTINGS_MODULE=config.settings.dev $(PY) bench/exchange.py; \
	else echo "no PostgreSQL on 127.0.0.1:5432 and no BENCH_PG_URL: national benchmark skipped"; fi

screenshots: $(STAMP) sysdeps-test messages
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) -m pytest chibo/core/tests/test_browser.py chibo/admissions/tests/test_browser.py chibo/meetings/tests/test_browser.py chibo/badges/tests/test_browser.py chibo/evaluations/tests/test_browser.py chibo/discipline/tests/test_browser.py chibo/commendations/tests/test_browser.py chibo/documents/tests/test_browser.py chibo/reports/tests/test_browser.py chibo/handbook/tests/test_browser.py chibo/exchange/tests/test_browser.py chibo/portal/tests/test_browser.py chibo/questions/tests/test_browser.py --screenshots=docs/screenshots -q

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
