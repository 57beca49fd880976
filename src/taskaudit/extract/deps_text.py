"""pip's requirements files: Celery lines, and the ``-r``/``-c`` files they pull in.

Follows pip's "Requirements File Format": a backslash at the end of a line
continues it; ``#`` at the start or after whitespace starts a comment; a
line is a PEP 508 requirement followed by per-requirement options
(``--hash=...``), or a global option. ``-r``/``--requirement`` and
``-c``/``--constraint`` name another file relative to this one;
``-e``/``--editable`` and bare URLs or paths install a project, not a
release. A line that is no valid requirement is recorded as a problem and
skipped, as pip would refuse it (a project that installs has none).
"""

from __future__ import annotations

import posixpath
import re

from taskaudit.core.location import Location
from taskaudit.extract.deps import CeleryRequirement, DepsFacts, Include, is_celery
from taskaudit.extract.deps_pep508 import parse_requirement

_COMMENT = re.compile(r"(^|\s+)#.*$")
_INCLUDE = re.compile(r"^(-r|-c|--requirement|--constraint)(?:\s*=\s*|\s+|(?=[^-\s]))(\S+)")
_OPTION = re.compile(r"\s--?[A-Za-z]")  # where per-requirement options start
_EGG = re.compile(r"#egg=([A-Za-z0-9._-]+)")


def read_requirements(text: str, path: str) -> DepsFacts:
    found: list[CeleryRequirement] = []
    includes: list[Include] = []
    problems: list[str] = []
    constraint = path.rpartition("/")[2].lower().startswith("constraints")
    for line, raw in _logical_lines(text):
        egg = _EGG.search(raw)
        content = _COMMENT.sub("", raw).strip()
        where = Location(path, line)
        if not content:
            continue
        include = _INCLUDE.match(content)
        if include:
            target = _resolve(path, include.group(2))
            if target is not None:
                is_constraint = include.group(1) in ("-c", "--constraint")
                includes.append(Include(target, is_constraint, where))
            continue
        if content.startswith("-"):
            # -e/--editable URL#egg=celery installs a checkout: no release number.
            if egg and content.startswith(("-e", "--editable")) and _celery_name(egg.group(1)):
                found.append(CeleryRequirement(None, where, constraint=constraint))
            continue
        spec = _OPTION.split(content, maxsplit=1)[0].strip()
        if "celery" not in spec.lower():
            continue
        if "://" in spec and " @ " not in spec and "@" not in spec.split("://", 1)[0]:
            # A bare URL names its project only by #egg= (git+https://.../celery/kombu.git).
            if egg is not None and _celery_name(egg.group(1)):
                found.append(CeleryRequirement(None, where, constraint=constraint))
            continue
        parsed = parse_requirement(spec, where, constraint=constraint)
        if isinstance(parsed, str):
            problems.append(f"line {line}: {parsed}")
        elif parsed is not None:
            found.append(parsed)
    return DepsFacts("requirements", tuple(found), tuple(includes), tuple(problems))


def _celery_name(egg: str) -> bool:
    return is_celery(egg.split("[", 1)[0])


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """Lines with backslash continuations joined, each with the number of its first line."""
    out: list[tuple[int, str]] = []
    pending: list[str] = []
    start = 0
    for number, line in enumerate(text.splitlines(), 1):
        if not pending:
            start = number
        if line.endswith("\\") and not _COMMENT.search(line):
            pending.append(line[:-1])
            continue
        pending.append(line)
        out.append((start, " ".join(pending)))
        pending = []
    if pending:
        out.append((start, " ".join(pending)))
    return out


def _resolve(including: str, target: str) -> str | None:
    """``target`` relative to the including file; None for a URL or a path outside the tree."""
    if "://" in target or target.startswith("/"):
        return None
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(including), target))
    return None if joined == ".." or joined.startswith("../") else joined
