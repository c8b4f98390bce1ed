# Developer tasks in one place. `make run` and `make test` do all set-up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export BACKOFFICE_DATA_DIR ?= $(CURDIR)/var
VENDOR := src/backoffice/static/vendor
PYTEST_WORKERS ?= 2

.PHONY: run test install assets translations build bench load lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install -q --disable-pip-version-check --no-deps -e .
	touch $@

install: $(VENV)/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(VENDOR)/.built: node_modules/.installed
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/bootstrap $(VENDOR)/bootstrap-icons $(VENDOR)/htmx $(VENDOR)/chartjs
	cp node_modules/bootstrap/dist/css/bootstrap.min.css* node_modules/bootstrap/dist/js/bootstrap.bundle.min.js* $(VENDOR)/bootstrap/
	cp -r node_modules/bootstrap-icons/font/bootstrap-icons.min.css node_modules/bootstrap-icons/font/fonts $(VENDOR)/bootstrap-icons/
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx/
	cp node_modules/chart.js/dist/chart.umd.min.js* $(VENDOR)/chartjs/
	touch $@

assets: $(VENDOR)/.built

translations: install
	$(BIN)/backoffice compile_translations -v0 >/dev/null

build: install assets translations
	$(BIN)/backoffice collectstatic --noinput -v0

run: build
	$(BIN)/backoffice migrate -v0
	$(BIN)/backoffice demo --if-empty
	@echo "Open http://127.0.0.1:8000/ and log in with one of the demo logins above."
	$(BIN)/backoffice serve --host 127.0.0.1 --port 8000

# With TEST_POSTGRES_URL the PostgreSQL-only tests run in the second pass instead of being skipped in the first.
test: build
	$(BIN)/pytest -n $(PYTEST_WORKERS) -q $${TEST_POSTGRES_URL:+-m "not postgres"}
	@if [ -n "$$TEST_POSTGRES_URL" ]; then \
		echo "--- the same suite on PostgreSQL ---"; \
		DATABASE_URL="$$TEST_POSTGRES_URL" $(BIN)/pytest -n $(PYTEST_WORKERS) -q -m "not standalone"; \
	fi

bench: build
	$(BIN)/python -m benchmarks $(ARGS)

# A mixed back-office workload (locust, headless) against `backoffice serve` on loopback for LOAD_SECONDS, on SQLite
# and then on PostgreSQL (a database of its own on LOAD_POSTGRES_URL's server, dropped afterwards). Prints req/s, p95
# and the error rate, and checks the invariants (stock, double booking, double approval); fails on any error.
LOAD_USERS ?= 20
LOAD_SECONDS ?= 60
LOAD_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/postgres
load: build
	@status=0; \
	$(BIN)/python -m benchmarks.load --database sqlite --users $(LOAD_USERS) --seconds $(LOAD_SECONDS) || status=1; \
	$(BIN)/python -m benchmarks.load --database postgres --postgres-url "$(LOAD_POSTGRES_URL)" \
		--users $(LOAD_USERS) --seconds $(LOAD_SECONDS) || status=1; \
	exit $$status

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

clean:
	rm -rf $(VENV) node_modules $(VENDOR) var

# Refresh the .po catalogues from the code (needs GNU gettext: apt-get install gettext). Runs from src/backoffice,
# so only our own code is scanned (not .venv or node_modules). English is the source language: its catalogue is
# filled with the msgids. Then translate the new or fuzzy entries in locale/cs and run `make translations`;
# tests/core/test_translations.py fails until both catalogues are complete and match the code.
.PHONY: messages
messages: install
	cd src/backoffice && ../../$(BIN)/backoffice makemessages -l cs -l en --no-obsolete --add-location=file \
		--ignore "static/vendor/*" --ignore "*/migrations/*"
	cd src/backoffice/locale/en/LC_MESSAGES && msgattrib --clear-fuzzy --add-location=file -o django.po.new django.po \
		&& msgfilter --keep-header --add-location=file -i django.po.new -o django.po.new sed -e d \
		&& msgen --add-location=file -o django.po.new django.po.new && mv django.po.new django.po
	sed -i -e '/^"POT-Creation-Date: /d' src/backoffice/locale/*/LC_MESSAGES/django.po

# Screening quality on labelled resumes (../shared/data/resumes, or BACKOFFICE_RESUMES_DATA; and tests/data/recruitment),
# NDCG@10 and recall@20 beside a plain BM25 baseline.
.PHONY: eval-screening
eval-screening: install
	DJANGO_SETTINGS_MODULE=backoffice.settings $(BIN)/python -m backoffice.recruitment.evaluation
