# Trainer — `make run` installs and runs the embedded default; `make test` installs and tests.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
export PORT

.PHONY: run test lint install install-test demo clean chromium screenshots messages gettext tesseract
.PHONY: install-prod run-prod test-prod bench bench-prod services

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[ocr]'
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,ocr,embeddings]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed messages tesseract

install-test: $(VENV)/.installed-test messages tesseract

## Tesseract OCR with its English, German and French data, from Debian's packages, if missing
## (the capture side reads scanned pages with it)
TESSERACT_PACKAGES := tesseract-ocr tesseract-ocr-eng tesseract-ocr-deu tesseract-ocr-fra
tesseract:
	dpkg -s $(TESSERACT_PACKAGES) >/dev/null 2>&1 || \
	  (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y $(TESSERACT_PACKAGES))

## The translations compiled for Django: each trainer/locale/*/LC_MESSAGES/*.po to its .mo
MESSAGES := $(patsubst %.po,%.mo,$(wildcard trainer/locale/*/LC_MESSAGES/*.po))
messages: $(MESSAGES)

%.mo: %.po | gettext
	msgfmt --check-format -o $@ $<

## GNU gettext (msgfmt, and xgettext for makemessages) from Debian's packages, if missing
gettext:
	command -v msgfmt >/dev/null || \
	  (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y gettext)

$(VENV)/.installed-prod: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,ocr,prod,s3]'
	touch $@ $(VENV)/.installed-test $(VENV)/.installed

install-prod: $(VENV)/.installed-prod messages tesseract

## PostgreSQL and Redis from Debian's packages, if missing (trainer/ops/bin/with-services starts them)
services:
	(ls /usr/lib/postgresql/*/bin/initdb && command -v redis-server) >/dev/null 2>&1 || \
	  (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql redis-server)

## The same with PostgreSQL and Redis (data in var/prod/), gunicorn and hashed static files
run-prod: install-prod services
	trainer/ops/bin/with-services --dir $(CURDIR)/var/prod sh -ec '\
	  export DJANGO_STATIC_MANIFEST=1; \
	  $(BIN)/python manage.py collectstatic --noinput -v 0; \
	  $(BIN)/python manage.py migrate --noinput; \
	  $(BIN)/python manage.py demo --yes; \
	  exec $(BIN)/python manage.py runall --prod --port $(PORT)'

## Install, migrate, load the demo data and run web, workers and beat at http://127.0.0.1:$(PORT)
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py demo --yes
	$(BIN)/python manage.py runall --port $(PORT)

## Install and run the linters and the whole test suite
test: install-test chromium lint
	TRAINER_VAR_DIR=$(CURDIR)/var/test $(BIN)/pytest

## PNGs of the main pages in var/screenshots/ (Chromium on the live stack, demo data)
screenshots: install-test chromium
	TRAINER_VAR_DIR=$(CURDIR)/var/test-screenshots-run $(BIN)/pytest -q -p no:cacheprovider \
	  tests/browser/screenshots.py

## The browser tests drive Debian's Chromium (no browser download)
chromium:
	command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)

## The suite but the learners' unit tests again, on PostgreSQL and Redis (temporary, 127.0.0.1)
test-prod: install-prod services chromium
	TRAINER_PG_PORT=54339 TRAINER_REDIS_PORT=63809 trainer/ops/bin/with-services \
	  env TRAINER_VAR_DIR=$(CURDIR)/var/test-prod $(BIN)/pytest --ignore=tests/learning

## Benchmarks: each tests/benchmarks/bench_*.py prints its figures (127.0.0.1 only)
bench: install-prod
	for script in tests/benchmarks/bench_*.py; do \
	  $(BIN)/python -m tests.benchmarks.$$(basename $$script .py) || exit 1; done

## The web, sync and memory benchmarks on a throwaway PostgreSQL and Redis
bench-prod: install-prod services
	TRAINER_PG_PORT=54349 TRAINER_REDIS_PORT=63819 trainer/ops/bin/with-services sh -ec '\
	  for bench in status_partial project_page sync memory; do \
	    $(BIN)/python -m tests.benchmarks.bench_$$bench; done'

## Train every model type on ../shared/data and print tables of figures
.PHONY: bench-train
bench-train: install-test
	$(BIN)/python tests/benchmarks/bench_train.py

## Capture field accuracy at k = 0, 1 and 2 trained samples (real documents in ../shared/data/capture/ beside generated invoices), and seconds per page
.PHONY: bench-capture
bench-capture: install-test
	$(BIN)/python -m tests.benchmarks.bench_capture

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

clean:
	rm -rf var/test var/test-prod var/broker
