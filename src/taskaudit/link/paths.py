"""Which scanned Python modules are the project's own code, and which are not.

A Celery worker registers the tasks of the modules it imports: the app's
``autodiscover_tasks()`` (``tasks.py`` of each Django app), ``imports``/
``include`` and whatever those import in turn (Celery's "Application" and
"Configuration" docs). Two kinds of module never reach it:

* test code, by the conventions pytest and Django's runner collect
  (``test_*.py``, ``*_test.py``, ``*_tests.py``, ``tests.py``, ``conftest.py``
  and anything under a ``tests/`` or ``test/`` directory). Test suites
  declare throw-away tasks, fake beat schedules and settings overrides; read
  as the project's own they become unknown-task errors and duplicate names;
* files no ``import`` statement can name: a path part that is not a Python
  identifier (``celery-rule-fixture.py``) or a hidden directory
  (``.semgrep/``, ``.github/``), where linters and CI keep sample code.

Their facts are left out of the project model, so the scan does not extract
them at all (``--parse-all`` still parses them, to report a broken one as
TA000). For the same reason the project's Makefile is the top-most one
outside dot-directories.
"""

from __future__ import annotations

import keyword

_TEST_DIRS = frozenset({"tests", "test"})
_TEST_FILES = frozenset({"tests.py", "test.py", "conftest.py"})


def is_test_path(path: str) -> bool:
    """Whether ``path`` is test code by pytest's or Django's collection conventions."""
    *folders, name = path.split("/")
    if not _TEST_DIRS.isdisjoint(folders):
        return True
    return (
        name in _TEST_FILES or name.startswith("test_") or name.endswith(("_test.py", "_tests.py"))
    )


def in_hidden_dir(path: str) -> bool:
    """Whether a file sits under a dot-directory (``.semgrep/``, ``.github/``)."""
    return any(part.startswith(".") for part in path.split("/")[:-1])


def is_importable(path: str, module: str) -> bool:
    """Whether an ``import`` statement can name this module at all."""
    if in_hidden_dir(path):
        return False
    parts = module.split(".") if module else []
    return all(part.isidentifier() and not keyword.iskeyword(part) for part in parts)


def is_project_module(path: str, module: str) -> bool:
    """Whether a module's tasks, beat entries, settings and dispatches count for the project."""
    return is_importable(path, module) and not is_test_path(path)
