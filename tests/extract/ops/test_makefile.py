from __future__ import annotations

from taskaudit.core.location import Location
from taskaudit.core.values import Unknown
from taskaudit.extract.ops import MakeTarget, extract_makefile

MAKEFILE = """\
APP ?= proj
CELERY := poetry run celery -A $(APP)
QUEUES = default,emails
LIST != ls
.PHONY: help worker
.PHONY: beat \\
\tlogs

help: ## Show help
\t@echo "flower   start flower"
\t@grep -E '^[a-z]+:' $(MAKEFILE_LIST) | awk '{print $$1}'

# Start a worker
worker: deps ## run the worker
\t@$(CELERY) worker -Q $(QUEUES) \\
\t\t-l info

# Start beat
beat:
\t-$(CELERY) beat -S redbeat.RedBeatScheduler

define RUN_WORKER
\tcelery -A never worker
endef

ifeq ($(ENV),prod)
flower:
\t$(CELERY) flower
else
flower:
\techo "celery flower is disabled"
endif

%-logs:
\tdocker compose logs -f $*

test:
\tpytest -k celery
\t# celery -A commented worker
\tcp celery_app.py /tmp/

dev worker-dev: ; celery worker -A $(APP) -B -Q $$QUEUE
include other.mk
"""


def _summary(text: str) -> list[tuple[object, ...]]:
    facts = extract_makefile(text, "Makefile")
    return [(c.location.line, c.context, c.role, c.app, c.queues, c.raw) for c in facts.commands]


def test_targets_with_help_phony_and_prerequisites() -> None:
    facts = extract_makefile(MAKEFILE, "Makefile")
    assert [(t.name, t.location.line, t.help, t.phony, t.prerequisites) for t in facts.targets] == [
        ("help", 9, "Show help", True, ()),
        ("worker", 14, "run the worker", True, ("deps",)),
        ("beat", 19, "Start beat", True, ()),
        ("flower", 27, "start flower", False, ()),
        ("%-logs", 34, None, False, ()),
        ("test", 37, None, False, ()),
        ("dev", 42, None, False, ()),
        ("worker-dev", 42, None, False, ()),
    ]


def test_recipes_are_expanded_and_prefixes_stripped() -> None:
    facts = extract_makefile(MAKEFILE, "Makefile")
    recipes = {t.name: t.recipe for t in facts.targets}
    assert recipes["worker"] == ("poetry run celery -A proj worker -Q default,emails -l info",)
    assert recipes["help"] == (
        'echo "flower start flower"',
        "grep -E '^[a-z]+:' $(MAKEFILE_LIST) | awk '{print $1}'",
    )
    assert recipes["flower"] == (
        "poetry run celery -A proj flower",
        'echo "celery flower is disabled"',
    )
    assert recipes["test"] == ("pytest -k celery", "cp celery_app.py /tmp/")


def test_variables_are_expanded_where_literal() -> None:
    assert extract_makefile(MAKEFILE, "Makefile").variables == (
        ("APP", "proj"),
        ("CELERY", "poetry run celery -A proj"),
        ("LIST", "$(shell ls)"),
        ("QUEUES", "default,emails"),
    )


def test_commands_found_in_recipes_only() -> None:
    assert _summary(MAKEFILE) == [
        (
            15,
            "worker",
            "worker",
            "proj",
            ("default", "emails"),
            "poetry run celery -A proj worker -Q default,emails -l info",
        ),
        (
            20,
            "beat",
            "beat",
            "proj",
            None,
            "poetry run celery -A proj beat -S redbeat.RedBeatScheduler",
        ),
        (28, "flower", "flower", "proj", None, "poetry run celery -A proj flower"),
        (
            42,
            "dev",
            "worker",
            "proj",
            Unknown("set at run time: $QUEUE"),
            "celery worker -A proj -B -Q $QUEUE",
        ),
    ]


def test_undefined_variable_stays_a_run_time_value() -> None:
    assert _summary("run:\n\tcelery -A $(APP) worker -Q ${Q}\n") == [
        (
            2,
            "run",
            "worker",
            Unknown("set at run time: $(APP)"),
            Unknown("set at run time: ${Q}"),
            "celery -A $(APP) worker -Q ${Q}",
        ),
    ]


def test_comment_separated_by_blank_line_is_not_help() -> None:
    text = "# Section header\n\nworker:\n\tcelery -A p worker\n"
    [target] = extract_makefile(text, "Makefile").targets
    assert target == MakeTarget(
        "worker", Location("Makefile", 3), ("celery -A p worker",), None, False, ()
    )


def test_repeated_target_merges_prerequisites_and_recipes() -> None:
    text = "run: a\nrun: b a\n\techo one\n.PHONY: run\n"
    [target] = extract_makefile(text, "Makefile").targets
    assert target == MakeTarget(
        "run", Location("Makefile", 1), ("echo one",), None, True, ("a", "b")
    )


def test_near_misses_no_targets_or_commands() -> None:
    text = (
        "# worker: celery -A p worker\n"
        "X = celery -A p worker\n"
        "worker: VAR = 1\n"
        "\tcelery -A orphan worker\n"
        ".DEFAULT_GOAL := help\n"
        "export DJANGO_SETTINGS_MODULE=proj.settings\n"
    )
    facts = extract_makefile(text, "Makefile")
    assert (facts.targets, facts.commands) == ((), ())
    assert facts.variables == (
        (".DEFAULT_GOAL", "help"),
        ("DJANGO_SETTINGS_MODULE", "proj.settings"),
        ("X", "celery -A p worker"),
    )


def test_self_referencing_variable_terminates() -> None:
    text = "A = $(A) x\nrun:\n\techo $(A)\n"
    [target] = extract_makefile(text, "Makefile").targets
    # Make itself refuses this; expansion stops at a fixed depth and keeps the reference.
    assert target.recipe == ("echo $(A)" + " x" * 16,)
