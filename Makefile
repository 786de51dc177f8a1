# The two commands a newcomer needs (see README.md):
#   make demo   set up, build a synthetic county and run the monthly pipeline on it
#   make test   set up for development and run every check and test
.PHONY: demo test setup setup-dev lint typecheck architecture pytest bench clean

DEMO_DIR ?= demo
RESIDENTS ?= 20000
VENV := .venv/bin

demo: setup
	$(VENV)/wholefamily demo --out $(DEMO_DIR) --residents $(RESIDENTS)

test: setup-dev lint typecheck architecture pytest

setup:
	scripts/setup.sh

setup-dev:
	scripts/setup.sh --dev

lint:
	$(VENV)/ruff check src tests bench
	$(VENV)/ruff format --check src tests bench

typecheck:
	$(VENV)/mypy

architecture:
	$(VENV)/lint-imports

pytest:
	$(VENV)/pytest -n 2

bench: setup-dev
	$(VENV)/python bench/pipeline.py
	$(VENV)/python bench/linkage.py
	$(VENV)/python bench/identify.py

clean:
	rm -rf $(DEMO_DIR) .pytest_cache .mypy_cache .ruff_cache
