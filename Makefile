# The exact commands CI runs (.ci/run). `make demo` and `make test` are the
# README's two set-up commands.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Tests get a scratch data folder; the demo keeps its data in ./masthead-data.
TEST_DATA := $(CURDIR)/.test-data

.PHONY: demo install install-test lint test e2e lock

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -c requirements.lock .

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -c requirements.lock -e ".[test]"
	npm ci --prefix tests/e2e --no-audit --no-fund --silent

demo: install
	$(BIN)/masthead demo

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check src/masthead
	MASTHEAD_DATA=$(TEST_DATA) $(BIN)/masthead manage makemigrations --check --dry-run
	MASTHEAD_DATA=$(TEST_DATA) MASTHEAD_HTTPS=true ALLOWED_HOSTS=news.example.com \
		SECRET_KEY=ci-only-$$(head -c 48 /dev/urandom | base64 | tr -d '/+=\n') \
		$(BIN)/masthead manage check --deploy --fail-level WARNING

test: lint
	rm -rf $(TEST_DATA)
	MASTHEAD_DATA=$(TEST_DATA) $(BIN)/pytest

e2e: install-test
	MASTHEAD_DATA=$(TEST_DATA) $(BIN)/pytest -m e2e

lock: $(BIN)/python
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra test --extra bench --python-version 3.11 \
		--quiet -o requirements.lock
