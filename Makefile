# Commands for the improvement-plan dashboard. A clean clone needs only Python 3.11 (or python3):
# every target creates .venv and installs requirements.txt when it is missing or has changed.

PORT ?= 8501
# Arguments for pytest: three workers by default on two cores (a third of the suite waits on Chromium, a server or
# PostgreSQL, so a third worker keeps the cores busy; about 13 minutes), e.g.
# `make test PYTEST_ARGS="-m 'not browser'"` or `PYTEST_ARGS="-n 0"` to run in one process.
PYTEST_ARGS ?= -n 3

PYTHON_BOOT := $(shell command -v python3.11 2>/dev/null || command -v python3 2>/dev/null)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.requirements-installed

.PHONY: run test lint format bench venv setup-test-env

# --- environment -------------------------------------------------------------------------------

$(PY):
	@test -n "$(PYTHON_BOOT)" || { echo "python3.11 or python3 is needed to create $(VENV)" >&2; exit 1; }
	$(PYTHON_BOOT) -m venv $(VENV)

# Reinstalled only when requirements.txt is newer than the stamp.
$(STAMP): requirements.txt | $(PY)
	$(PY) -m pip install --disable-pip-version-check -q -r requirements.txt
	touch $(STAMP)

venv: $(STAMP)

# --- commands ----------------------------------------------------------------------------------

run: $(STAMP)
	$(PY) -m loaders.seed
	$(PY) -m streamlit run dashboard.py --server.port $(PORT) --server.headless true \
		--browser.gatherUsageStats false

setup-test-env:
	bash scripts/setup_test_env.sh

test: $(STAMP) setup-test-env lint
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Page, pack, browser and loader timings beside their baselines (about 25 minutes on two cores); BENCH_ARGS as
# `make bench BENCH_ARGS="--postgres"` or `--no-browser`, `--scales 15,150`. Chromium comes from setup-test-env.
BENCH_ARGS ?=

bench: $(STAMP) setup-test-env
	$(PY) scripts/bench.py $(BENCH_ARGS)
