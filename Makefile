# Everything runs inside .venv, created on first use, so a fresh machine
# needs only Python >= 3.11 and make.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
EXAMPLE := examples/clinic

.PHONY: help demo test lint typecheck unit docs clean dist dist-check schemas

help: ## Show this help
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

demo: $(STAMP) ## Install taskaudit and write the drift report of the bundled example
	$(BIN)/taskaudit scan $(EXAMPLE) --fail-on never
	@echo "Read it: $$(ls -t $(EXAMPLE)/roadmap/backlog/celery-task-drift-*.md | head -1)"

test: lint typecheck unit ## ruff, mypy --strict and pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest -q

docs: $(STAMP) ## Regenerate docs/rules.md and docs/facts.md from rules.yaml and the fact model
	$(BIN)/taskaudit rules docs > docs/rules.md
	$(BIN)/taskaudit rules docs --facts > docs/facts.md

schemas: $(STAMP) ## Regenerate the JSON Schemas in schemas/ from the code
	$(BIN)/python -m taskaudit.schemas schemas

dist: $(STAMP) ## Build the sdist and the wheel into dist/
	$(BIN)/python -m pip install --quiet build
	rm -rf dist
	$(BIN)/python -m build --outdir dist .

# A fresh virtualenv outside the checkout, and a scan run from another
# folder: proves the wheel carries rules.yaml and the templates.
dist-check: dist ## Install the wheel in a fresh venv and scan the example from /tmp
	@set -e; check=$$(mktemp -d /tmp/taskaudit-dist-check.XXXXXX); \
	$(PYTHON) -m venv "$$check/venv"; \
	"$$check/venv/bin/python" -m pip install --quiet dist/taskaudit-*.whl; \
	cd "$$check"; status=0; \
	"$$check/venv/bin/taskaudit" scan "$(CURDIR)/$(EXAMPLE)" --format json > scan.json || status=$$?; \
	if [ "$$status" -gt 1 ]; then echo "dist-check: taskaudit exited $$status"; exit 1; fi; \
	"$$check/venv/bin/python" -c 'import json; d = json.load(open("scan.json")); print("dist-check: exit", '"$$status"', "-", len(d["findings"]), "findings")'; \
	rm -rf "$$check"

clean: ## Remove the virtualenv and caches
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache dist build

FUZZ_SECONDS ?= 60
.PHONY: fuzz
fuzz: $(STAMP) ## Feed generated trees through the whole pipeline for FUZZ_SECONDS (not in make test)
	$(BIN)/python -m pip install --quiet hypothesmith
	$(BIN)/python fuzz/fuzz_pipeline.py --seconds $(FUZZ_SECONDS)

# make bench TREE=path times another tree; without TREE a seeded synthetic
# monorepo is generated under $TMPDIR/taskaudit-bench-tree.
TREE ?=
RUNS ?= 3
.PHONY: bench
bench: $(STAMP) ## Time taskaudit against ruff parse-only, celery-audit and ast.parse (TREE=path)
	$(BIN)/python bench/run.py $(if $(TREE),--tree $(TREE)) --runs $(RUNS)
