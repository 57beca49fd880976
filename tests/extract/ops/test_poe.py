from __future__ import annotations

from taskaudit.extract.ops import CommandFacts, extract_poe

PYPROJECT = """\
[tool.poetry]
name = "shop"

[tool.poe.tasks]
lint = "ruff check ."
worker = "celery --app=saleor.celeryconf:app worker -E --loglevel=info"
"beat" = { cmd = "celery -A proj beat" }
dev.sequence = [{ shell = "celery -A proj worker -B & npm run dev" }, "lint"]
tests = { cmd = "pytest -k celery" }
scripted = { script = "shop.tasks:run_celery" }
chain = { sequence = ["celery -A p worker"], default_item_type = "cmd" }
refs = { sequence = ["worker"] }

[tool.poe.tasks.flower]
shell = "celery --app proj flower"
help = "Start flower"
"""


def test_poe_tasks() -> None:
    facts = extract_poe(PYPROJECT, "pyproject.toml")
    assert [
        (c.location.line, c.context, c.role, c.app, c.embedded_beat) for c in facts.commands
    ] == [
        (6, "worker", "worker", "saleor.celeryconf:app", False),
        (7, "beat", "beat", "proj", False),
        (8, "dev", "worker", "proj", True),
        (11, "chain", "worker", "p", False),
        (14, "flower", "flower", "proj", False),
    ]


def test_bad_toml_is_a_problem() -> None:
    assert extract_poe("[tool.poe\nx = 1\n", "pyproject.toml") == CommandFacts(
        problems=("1:10: Expected ']' at the end of a table declaration",)
    )


def test_no_poe_section() -> None:
    text = '[tool.poe]\ntasks = "celery -A p worker"\n[project]\nname = "celery"\n'
    assert extract_poe(text, "pyproject.toml") == CommandFacts()
