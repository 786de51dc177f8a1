# The two commands a newcomer needs (see README.md):
#   make demo   set up, build a synthetic county, run the monthly pipeline on it and serve the casework site
#   make test   set up for development and run every check and test
.PHONY: demo serve test setup setup-dev lint typecheck architecture audit pytest pytest-postgresql bench clean

DEMO_DIR ?= demo
RESIDENTS ?= 20000
PORT ?= 8000
VENV := .venv/bin

demo: setup
	$(VENV)/wholefamily demo --out $(DEMO_DIR) --residents $(RESIDENTS) --port $(PORT)

serve: setup
	$(VENV)/wholefamily serve --workspace $(DEMO_DIR) --port $(PORT)

test: setup-dev lint typecheck architecture audit pytest pytest-postgresql

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

# Known vulnerabilities in the Python and npm packages (allow-list with reasons: audit-allow.txt); a
# vulnerability service out of reach is reported as NOT AUDITED without failing.
audit:
	$(VENV)/python scripts/audit_dependencies.py

pytest:
	$(VENV)/pytest -n 2

pytest-postgresql:
	scripts/test-postgresql.sh

bench: setup-dev
	$(VENV)/python bench/pipeline.py
	$(VENV)/python bench/linkage.py
	$(VENV)/python bench/identify.py
	$(VENV)/python bench/web.py --processes 3 --threads 4

clean:
	rm -rf $(DEMO_DIR) .pytest_cache .mypy_cache .ruff_cache
