"""Evidence of the import roots read from text, before any Python file is extracted.

* A ``manage.py``: Django runs it from its own folder, which is then
  ``sys.path[0]`` whether or not it holds an ``__init__.py``.
* ``DJANGO_SETTINGS_MODULE`` values, as ``os.environ.setdefault(...)`` or
  ``os.environ[...] = ...`` in ``manage.py``, ``wsgi.py``, ``asgi.py`` and
  Celery modules, and as ``ENV``/``environment:``/``KEY=value`` in
  Dockerfiles, compose, process, env and ini files. Django imports the value
  with ``importlib.import_module`` (django/conf/__init__.py).
* ``celery -A X`` / ``--app X`` / ``--app=X`` targets, as the process-file
  facts parsed them (``taskaudit.extract.ops``), with the working directory
  when one is stated (``cd x &&`` on the line, ``WORKDIR``, compose
  ``working_dir:``, supervisor ``directory=``, systemd ``WorkingDirectory=``).
* Strings that name a package folder whose name is not an identifier
  (``"my-site.config.urls"``): only ``import_module`` can import such a
  folder, so a string naming it is how the project imports it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from taskaudit.core.location import Location
from taskaudit.extract.ops_model import CeleryCommand
from taskaudit.roots.compose import runs_here, services, settings_of
from taskaudit.roots.evidence import Evidence
from taskaudit.roots.tree import Tree, parent
from taskaudit.roots.workdir import working_directory

Read = Callable[[str], str | None]

_PY_SETTINGS = re.compile(
    r"""["']DJANGO_SETTINGS_MODULE["']\s*(?:,|\]\s*=)\s*["']([A-Za-z_][\w.-]*)["']"""
)
# ENV K=v, ENV K v, K: v, - K=v, export K=v, K ?= v, K = v (ini)
_TEXT_SETTINGS = re.compile(
    r"""DJANGO_SETTINGS_MODULE["']?[ \t]*(?:[?:+]?=|:|[ \t])[ \t]*["']?([A-Za-z_][\w.-]*)"""
)
_PROCESS_ROLES = frozenset(
    {"makefile", "procfile", "compose", "dockerfile", "shell", "systemd", "supervisor"}
)
_INI_FILES = frozenset({"pytest.ini", "setup.cfg", "tox.ini"})
_ENV_FOLDERS = frozenset({"env.d", ".envs", "envs"})


def text_evidence(
    listed: Sequence[tuple[str, str | None]],
    read: Read,
    tree: Tree,
    commands: Iterable[CeleryCommand],
) -> tuple[Evidence, ...]:
    """Every text-level piece of evidence; ``listed`` pairs each scanned path with its role."""
    found: list[Evidence] = []
    for path, role in listed:
        name = path.rpartition("/")[2]
        entry = role == "python" and _django_entry(name)
        if not (entry or role in _PROCESS_ROLES or _env_file(path)) or _excluded(path):
            continue  # most files: only the name is looked at
        if name == "manage.py":
            found.append(Evidence("manage.py", Location(path), folder=parent(path)))
        if entry:
            found += _settings(path, read, _PY_SETTINGS)
        elif role == "compose":
            found += _compose_settings(path, read)
        else:
            found += _settings(path, read, _TEXT_SETTINGS)
    for command in commands:
        app = command.app
        if not isinstance(app, str) or not app or _excluded(command.location.path):
            continue
        if command.source == "compose" and not _service_runs_here(command, read):
            continue
        workdir = working_directory(command, read, tree)
        found.append(Evidence("celery-app", command.location, app.partition(":")[0], workdir))
    found += _strings(listed, read, tree)
    return tuple(sorted(set(found)))


def _excluded(path: str) -> bool:
    """Tests and tool folders are not how the project runs (``taskaudit.link.paths``)."""
    from taskaudit.link.paths import in_hidden_dir, is_test_path

    return is_test_path(path) or (in_hidden_dir(path) and not _env_file(path))


def _django_entry(name: str) -> bool:
    return name in ("manage.py", "wsgi.py", "asgi.py") or "celery" in name


def _env_file(path: str) -> bool:
    name = path.rpartition("/")[2]
    if name in _INI_FILES or name == ".env" or name.startswith(".env.") or name.endswith(".env"):
        return True
    return "env" in path and not _ENV_FOLDERS.isdisjoint(path.split("/")[:-1])


def _settings(path: str, read: Read, pattern: re.Pattern[str]) -> list[Evidence]:
    text = read(path)
    if text is None or "DJANGO_SETTINGS_MODULE" not in text:
        return []
    return [
        Evidence("settings", _location(text, path, match.start(1)), match.group(1).rstrip("."))
        for match in pattern.finditer(text)
    ]


def _compose_settings(path: str, read: Read) -> list[Evidence]:
    """The values the services that run this repository's code set (``roots.compose``)."""
    text = read(path)
    if text is None or "DJANGO_SETTINGS_MODULE" not in text:
        return []
    values = {v for spec in services(text).values() if runs_here(spec) for v in settings_of(spec)}
    return [e for e in _settings(path, read, _TEXT_SETTINGS) if e.name in values]


def _service_runs_here(command: CeleryCommand, read: Read) -> bool:
    text = read(command.location.path)
    spec = services(text).get(command.context) if text is not None else None
    return spec is None or runs_here(spec)


def _location(text: str, path: str, offset: int) -> Location:
    line = text.count("\n", 0, offset) + 1
    return Location(path, line, offset - (text.rfind("\n", 0, offset) + 1) + 1)


def _strings(listed: Sequence[tuple[str, str | None]], read: Read, tree: Tree) -> list[Evidence]:
    """Strings naming a package folder that is not an identifier, read where they can be.

    Only when the tree has such a folder; then its own modules, the settings
    modules and the Django entry points are searched for a string literal
    that starts with its name.
    """
    odd = sorted({f.rpartition("/")[2] for f in tree.init_dirs if not _identifier(f)})
    if not odd:
        return []
    names = "|".join(re.escape(name) for name in odd)
    pattern = re.compile(r"""["']((?:""" + names + r""")(?:\.[\w-]+)*)["']""")
    found: list[Evidence] = []
    for path, role in listed:
        if role != "python" or _excluded(path):
            continue
        parts = path.split("/")
        if not (
            "settings" in path or _django_entry(parts[-1]) or not set(odd).isdisjoint(parts[:-1])
        ):
            continue
        text = read(path)
        if text is None:
            continue
        for match in pattern.finditer(text):
            location = _location(text, path, match.start(1))
            found.append(Evidence("string", location, match.group(1)))
    return found


def _identifier(folder: str) -> bool:
    import keyword

    name = folder.rpartition("/")[2]
    return name.isidentifier() and not keyword.iskeyword(name)
