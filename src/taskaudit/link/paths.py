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
* files nothing can import: a path part that is not a Python identifier
  (``celery-rule-fixture.py``) unless a string of the project names it
  (``importlib.import_module("my-site.config")`` accepts what an ``import``
  statement cannot), or a hidden directory (``.semgrep/``, ``.github/``),
  where linters and CI keep sample code.

Two more kinds are decided with the whole tree in view (``Layout``):

* a test suite kept in a folder named like one that pytest configures
  there: a folder called ``t`` (Celery's own convention), ``testing``,
  ``*_tests``/``*_test`` or ``tests_*``/``test_*``, with a ``conftest.py`` in
  it or below it, is test code with everything under it. A ``conftest.py``
  alone says nothing: projects keep one at the root of their main package,
  for the ``tests/`` folders nested in it;
* sample code: a folder called ``examples``, ``example``, ``samples``,
  ``sample``, ``docs`` or ``doc`` that is not inside a Python package (a
  Sphinx tree, a demo project beside the library; the scanned root does not
  count as a package) is not the project, when
  the tree has Python code elsewhere. A repository whose only code is such a
  folder (a tutorial, with at most a root ``setup.py``/``manage.py``) is read
  as the project it is. A package's own ``docs`` app or a ``demo`` app is
  never left out.

Their facts are left out of the project model, so the scan does not extract
them at all (``--parse-all`` still parses them, to report a broken one as
TA000). For the same reason the project's Makefile is the top-most one
outside dot-directories.
"""

from __future__ import annotations

import keyword
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

_TEST_DIRS = frozenset({"tests", "test"})
_TEST_FILES = frozenset({"tests.py", "test.py", "conftest.py"})


# A scan asks both of each path several times (skim, prefilter, linking):
# remembered, bounded so that a long process (tests, fuzzing) stays small.
@lru_cache(maxsize=1 << 16)
def is_test_path(path: str) -> bool:
    """Whether ``path`` is test code by pytest's or Django's collection conventions."""
    *folders, name = path.split("/")
    if not _TEST_DIRS.isdisjoint(folders):
        return True
    return (
        name in _TEST_FILES or name.startswith("test_") or name.endswith(("_test.py", "_tests.py"))
    )


@lru_cache(maxsize=1 << 16)
def in_hidden_dir(path: str) -> bool:
    """Whether a file sits under a dot-directory (``.semgrep/``, ``.github/``)."""
    return any(part.startswith(".") for part in path.split("/")[:-1])


def is_importable(path: str, module: str | None) -> bool:
    """Whether the project can import this module at all.

    Discovery gives a module path only to files something can import
    (``nameable``); a file under a dot-directory never is.
    """
    return module is not None and not in_hidden_dir(path)


def nameable(path: str, module: str, named: frozenset[str] = frozenset()) -> bool:
    """Whether ``module`` (the dotted path of ``path``) can be imported by some statement.

    An ``import`` statement needs every part to be an identifier and no
    keyword. ``importlib.import_module`` needs neither, and Django and Celery
    import by string (``DJANGO_SETTINGS_MODULE``, ``celery -A``,
    ``INSTALLED_APPS``): a part is also fine when its folder (or the file,
    without ``.py``) is in ``named``, the paths a string of the project names
    (``taskaudit.roots``).
    """
    if not module:
        return True
    parts = module.split(".")
    stem = path[:-3] if path.endswith(".py") else path
    if stem.endswith("/__init__") or stem == "__init__":
        stem = stem.rpartition("/")[0]
    pieces = stem.split("/")
    base = len(pieces) - len(parts)
    for index, part in enumerate(parts):
        if part.isidentifier() and not keyword.iskeyword(part):
            continue
        if "/".join(pieces[: base + index + 1]) not in named:
            return False
    return True


def is_project_module(path: str, module: str | None) -> bool:
    """Whether a module's tasks, beat entries, settings and dispatches count for the project."""
    return is_importable(path, module) and not is_test_path(path)


_SUITE_NAMES = re.compile(r"t|testing|\w+_tests?|tests?_\w+")
_SAMPLE_NAMES = frozenset({"examples", "example", "samples", "sample", "docs", "doc"})
# Root scripts that are no code of the project's own (a build or management entry point).
_ROOT_SCRIPTS = frozenset({"setup.py", "noxfile.py", "manage.py", "fabfile.py"})


@dataclass(frozen=True, slots=True)
class Layout:
    """Folders of the scanned tree left out of the project as a whole."""

    test_suites: frozenset[str] = frozenset()  # folder paths, without a trailing slash
    samples: frozenset[str] = frozenset()

    @classmethod
    def of(cls, paths: Iterable[str]) -> Layout:
        files: defaultdict[str, set[str]] = defaultdict(set)
        python: list[str] = []
        for path in paths:
            folder, _, name = path.rpartition("/")
            files[folder].add(name)
            if name.endswith(".py"):
                python.append(path)
        suites = {
            suite for folder, names in files.items() if "conftest.py" in names
            if (suite := _named_suite(folder)) is not None
        }  # fmt: skip
        samples = {
            sample
            for path in python
            if (sample := _sample_folder(path, files)) is not None and not _under(sample, suites)
        }
        layout = cls(frozenset(suites), frozenset(samples))
        if not any(layout._other_code(path) for path in python):
            layout = cls(frozenset(suites))
        return layout

    def left_out(self, path: str) -> bool:
        """Whether ``path`` lies in a test suite or, when there is other code, in samples."""
        return _under(path, self.test_suites) or _under(path, self.samples)

    def is_project_module(self, path: str, module: str | None) -> bool:
        return is_project_module(path, module) and not self.left_out(path)

    def _other_code(self, path: str) -> bool:
        if path in _ROOT_SCRIPTS or self.left_out(path) or is_test_path(path):
            return False
        return not in_hidden_dir(path)


def _named_suite(folder: str) -> str | None:
    """The outermost folder named like a test suite, from the root down to ``folder``."""
    parts = folder.split("/") if folder else []
    for index, part in enumerate(parts):
        if _SUITE_NAMES.fullmatch(part):
            return "/".join(parts[: index + 1])
    return None


def _sample_folder(path: str, files: dict[str, set[str]]) -> str | None:
    """The outermost samples folder above ``path`` that no Python package holds.

    The scanned root is no such package even with an ``__init__.py``: a
    repository's top-level ``docs/`` is its documentation either way.
    """
    parts = path.split("/")[:-1]
    for index, part in enumerate(parts):
        parent = "/".join(parts[:index])
        if part in _SAMPLE_NAMES and (not parent or "__init__.py" not in files.get(parent, ())):
            return "/".join(parts[: index + 1])
    return None


def _under(path: str, folders: frozenset[str] | set[str]) -> bool:
    if not folders:  # most trees: asked of every file, twice a scan
        return False
    # Each folder above ``path``: the text before each "/" in it.
    cut = path.find("/")
    while cut != -1:
        if path[:cut] in folders:
            return True
        cut = path.find("/", cut + 1)
    return False
