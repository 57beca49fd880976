# Everything runs inside .venv, created on first use, so a fresh machine
# needs only Python >= 3.11 and make.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
EXAMPLE := examples/clinic

.PHONY: help demo test lint typecheck unit docs clean

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

clean: ## Remove the virtualenv and caches
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache dist build
