"""What one dependency file says about the ``celery`` distribution: requirements and pins.

Reads, as text and never by running anything, the files that pip, uv,
Poetry, PDM, Pipenv and setuptools install from: ``requirements*.txt`` /
``*.in`` (pip's "Requirements File Format"), ``pyproject.toml`` (PEP 621
``[project]``, PEP 735 ``[dependency-groups]``, ``[tool.poetry]``),
``setup.cfg``, a literal ``setup(install_requires=[...])``, ``Pipfile`` and
the lock files ``uv.lock``, ``poetry.lock``, ``pdm.lock``, ``Pipfile.lock``.
Only requirements on the distribution named ``celery`` (PEP 503 normalised)
are kept: ``celery-redbeat`` or ``django-celery-beat`` are other projects.
This module holds the facts and which file is which; the readers are
``deps_text``, ``deps_setup`` and ``deps_toml``, and ``deps_file.extract_deps``
picks one. How the files of a project combine into one version is
``taskaudit.link.version``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from taskaudit.core.location import Location

DEPS_KINDS = ("requirements", "pyproject", "setup-cfg", "setup-py", "pipfile", "lock")
_LOCKS = frozenset({"uv.lock", "poetry.lock", "pdm.lock", "pipfile.lock"})


@dataclass(frozen=True, slots=True)
class CeleryRequirement:
    """One requirement on Celery, or one pinned version in a lock file.

    ``specifier`` is a PEP 440 specifier set (``">=5.5,<5.7"``; ``""`` allows
    any release; a lock's pin is ``"==5.5.3"``), or None when the file names
    no version at all but a URL or a path (a direct reference).
    ``marker`` is the environment marker as written: the environment it
    applies to is not known to a static reader.
    """

    specifier: str | None
    location: Location
    group: str = ""  # "" for the main dependencies; the extra, group or lock section otherwise
    marker: str | None = None
    extras: tuple[str, ...] = ()
    constraint: bool = False  # from a pip constraints file (-c): narrows, never requires


@dataclass(frozen=True, slots=True)
class Include:
    """A ``-r``/``-c`` line of a requirements file: another file pip reads with it."""

    path: str  # repository-relative POSIX path, resolved against the including file
    constraint: bool
    location: Location


@dataclass(frozen=True, slots=True)
class DepsFacts:
    kind: str  # one of DEPS_KINDS
    celery: tuple[CeleryRequirement, ...] = ()
    includes: tuple[Include, ...] = ()
    problems: tuple[str, ...] = ()  # what could not be read, as "line N: why"


def deps_kind(path: str) -> str | None:
    """The kind of dependency file at ``path``, or None when it is not one.

    ``pyproject.toml`` and ``setup.py`` have roles of their own (``pyproject``,
    ``python``); they are dependency files too.
    """
    *folders, name = path.split("/")
    lower = name.lower()
    if lower in _LOCKS:
        return "lock"
    if lower == "pipfile":
        return "pipfile"
    if lower == "setup.cfg":
        return "setup-cfg"
    if lower == "setup.py":
        return "setup-py"
    if lower == "pyproject.toml":
        return "pyproject"
    stem, dot, suffix = lower.rpartition(".")
    if not dot or suffix not in ("txt", "in"):
        return None
    # requirements.txt, requirements-dev.in, dev_requirements.txt, constraints.txt,
    # and any .txt/.in in a requirements/ folder (requirements/base.txt).
    parent = folders[-1].lower() if folders else ""
    if "requirements" in stem or stem.startswith("constraints") or _REQ_DIR.match(parent):
        return "requirements"
    return None


_REQ_DIR = re.compile(r"^(requirements|reqs?|constraints)([._-].*)?$")


def is_celery(name: str) -> bool:
    """Whether a distribution name is Celery's, by PEP 503 normalisation."""
    return re.sub(r"[-_.]+", "-", name).lower() == "celery"
