# Afiša — `make run` serves the demo library, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
POSTGRES_TEST_URL ?= postgresql://postgres@127.0.0.1:5432/test
# the suite runs on every core (pytest-xdist; each worker has a database of its own); XDIST= runs it in one process
XDIST ?= -n auto

.PHONY: run test test-sqlite test-postgres test-clocks fuzz install lock static messages messages-compile demo bench clean

# the demo library on an empty database; AFISA_DEMO=0 sets up a real network instead (asks its name
# and the first coordinator once, in the terminal)
AFISA_DEMO ?= 1
# links in mail and on the pages follow the port (`make run PORT=8101`) unless AFISA_BASE_URL says otherwise
run: export AFISA_BASE_URL ?= http://$(HOST):$(PORT)
run: install static
	if [ "$(AFISA_DEMO)" = 0 ]; then $(BIN)/afisa init --if-empty; else $(BIN)/afisa demo --if-empty; fi
	$(BIN)/afisa serve --host $(HOST) --port $(PORT)

# the whole suite on the configured engine (SQLite unless AFISA_TEST_DATABASE_URL says otherwise)
test: install static
	$(BIN)/python -m pytest -q $(XDIST) $(PYTEST_ARGS)

test-sqlite: install static
	AFISA_TEST_DATABASE_URL= $(BIN)/python -m pytest -q $(XDIST) $(PYTEST_ARGS)

test-postgres: install static
	AFISA_TEST_DATABASE_URL=$(POSTGRES_TEST_URL) $(BIN)/python -m pytest -q $(XDIST) $(PYTEST_ARGS)

# the suite with the clock set to the hours that once broke it (CI runs these too)
test-clocks: install static
	for clock in 2026-12-03T22:30 2027-03-28T03:30 2027-03-01T10:00; do \
	  AFISA_TEST_CLOCK=$$clock $(BIN)/python -m pytest -q $(XDIST) $(PYTEST_ARGS) || exit 1; \
	done

# schemathesis over the API's OpenAPI document, many random examples, on both engines (README, "Tests");
# `make test` runs the same test with a few repeatable ones
FUZZ_EXAMPLES ?= 200
fuzz: install static
	for url in "" "$(POSTGRES_TEST_URL)"; do \
	  AFISA_TEST_DATABASE_URL=$$url AFISA_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) AFISA_FUZZ_RANDOM=1 \
	    $(BIN)/python -m pytest -q -s --timeout=3600 tests/app/api/test_schema_fuzz.py || exit 1; \
	done

install: $(VENV)/.installed messages-compile

# the message catalogues (README, "Translations"): `make messages` extracts the texts from the code
# and the templates, updates every language's .po and compiles them; `make install` compiles only
LOCALES := $(wildcard app/locale/*/LC_MESSAGES/messages.po)
messages-compile: $(LOCALES:.po=.mo)

app/locale/%/LC_MESSAGES/messages.mo: app/locale/%/LC_MESSAGES/messages.po $(VENV)/.installed
	$(BIN)/pybabel compile --domain=messages --locale=$* --directory=app/locale --statistics

messages: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k t:2 -k translate:1 --no-wrap --sort-by-file --add-location=file \
	  --project=Afiša --copyright-holder="Afiša contributors" --msgid-bugs-address="" -o app/locale/messages.pot .
	$(BIN)/pybabel update --domain=messages --input-file=app/locale/messages.pot --output-dir=app/locale \
	  --no-wrap --no-fuzzy-matching --ignore-obsolete
	$(MAKE) messages-compile

# the exact versions and hashes of requirements.lock (`make lock` writes it anew from pyproject.toml),
# installed by uv: every machine gets the same code, in seconds rather than minutes
UV_VERSION := 0.13.9
$(VENV)/.installed: pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	test -x $(BIN)/uv || $(BIN)/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(BIN)/uv pip install --quiet --python $(BIN)/python --require-hashes -r requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $@

lock: $(VENV)/.installed
	$(BIN)/uv pip compile pyproject.toml --extra test --universal --generate-hashes --python-version 3.11 -o requirements.lock

static: static/vendor/.built

static/vendor/.built: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p static/vendor
	cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx.min.js
	cp node_modules/@picocss/pico/css/pico.min.css static/vendor/pico.min.css
	touch $@

demo: install
	$(BIN)/afisa demo

bench: install static
	cd bench && ../$(BIN)/python planner.py && ../$(BIN)/python feeds.py && ../$(BIN)/python stats_year.py && ../$(BIN)/python core_exhibitions.py

clean:
	rm -rf $(VENV) node_modules static/vendor
