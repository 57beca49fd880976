"""The working directory a ``celery`` command runs in, as a folder of the tree, when stated.

``celery -A proj`` imports ``proj`` from the current directory (Celery puts
it on ``sys.path``: celery/bin/celery.py, ``--workdir``), so where a process
file says where it runs, that folder is the root the target is read from:
``cd backend && celery -A proj worker`` on the command's line, a
Dockerfile's last ``WORKDIR`` above it, a compose service's ``working_dir``,
supervisor's ``directory=`` and systemd's ``WorkingDirectory=``. A relative
path is read from the file's folder (where ``make`` and Procfile runners
start); an absolute one is a path in a container, matched to the deepest
folder of the tree it ends with (``/srv/app/backend`` -> ``backend``).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable

from taskaudit.extract.ops_model import CeleryCommand
from taskaudit.roots.compose import services
from taskaudit.roots.tree import Tree, parent

_CD = re.compile(r"""\bcd\s+["']?([^\s"';&|]+)["']?\s*(?:&&|;)""")
_ABOVE = {
    "dockerfile": re.compile(r"^\s*WORKDIR\s+[\"']?([^\s\"']+)", re.IGNORECASE | re.MULTILINE),
    "supervisor": re.compile(r"^\s*directory\s*=\s*(\S+)", re.MULTILINE),
    "systemd": re.compile(r"^\s*WorkingDirectory\s*=\s*-?(\S+)", re.MULTILINE),
}


def working_directory(
    command: CeleryCommand, read: Callable[[str], str | None], tree: Tree
) -> str | None:
    """The folder ``command`` runs in, or None when no file says (or it is not in the tree)."""
    path = command.location.path
    text = read(path)
    if text is None:
        return None
    lines = text.splitlines()
    stated: str | None = None
    if command.source == "compose":
        workdir = services(text).get(command.context, {}).get("working_dir")
        stated = workdir if isinstance(workdir, str) else None
    elif command.source in _ABOVE:
        above = "\n".join(lines[: command.location.line])
        matches = _ABOVE[command.source].findall(above)
        stated = matches[-1] if matches else None
    else:
        # The command as the process file runs it (a Make variable expanded), then its line.
        line = lines[command.location.line - 1] if 0 < command.location.line <= len(lines) else ""
        for written in (command.raw, line):
            matches = _CD.findall(written[: max(written.find("celery"), 0)])
            if matches:
                stated = matches[-1]
                break
    return _in_tree(stated, parent(path), tree) if stated else None


def _in_tree(stated: str, base: str, tree: Tree) -> str | None:
    if "$" in stated:
        return None  # a variable: only the running shell knows
    if stated.startswith("/"):
        parts = [p for p in stated.split("/") if p]
        for start in range(len(parts)):
            candidate = "/".join(parts[start:])
            if candidate in tree.folders:
                return candidate
        return None
    joined = posixpath.normpath(posixpath.join("" if base == "." else base, stated))
    if joined == ".":
        return "."
    return joined if joined in tree.folders else None
