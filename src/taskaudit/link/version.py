"""The Celery version a project runs, from what its dependency files say.

Each dependency file (``taskaudit.extract.deps``) with the files it pulls in
through ``-r``/``-c`` (cycles stopped, missing files noted) yields the set of
known releases it allows (``taskaudit.celery.versions``). Inside one file the
requirements hold together, as pip combines them: the ones without a marker
intersect, the ones with a marker are alternatives for environments a static
reader cannot know (their union narrows the rest); requirements that cannot
hold together (``==5.2.7`` for one extra, ``==5.5.3`` for another) fall back
to their union. A lock's pins are alternatives too (one per resolution fork).

Which files decide, when several name Celery:

1. files outside test, docs and example folders, when there are any
   (``docs/requirements.txt`` pins what the docs build needs);
2. of those, the ones nearest the top of the scanned tree (a
   ``requirements/`` folder counts as its parent's level);
3. at that level a lock file wins over declarations (``uv.lock`` pins
   ``5.5.3`` under ``celery>=5.5`` in ``pyproject.toml``), and so does a
   ``requirements/x.txt`` beside a ``requirements/x.in``: pip-compile's
   pinned output of it (pip-tools' convention);
4. several files left: the union of what they allow.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from taskaudit.celery import versions
from taskaudit.celery.settings import Release
from taskaudit.core.location import Location
from taskaudit.extract.deps import CeleryRequirement, DepsFacts, deps_kind
from taskaudit.facts import FileFacts

_AUX_DIRS = frozenset(
    {"tests", "test", "testing", "docs", "doc", "examples", "example", "samples", "sample",
     "demo", "demos", "fixtures", "benchmarks"}
)  # fmt: skip
_REQ_DIRS = ("requirements", "reqs", "req", "constraints")


@dataclass(frozen=True, slots=True)
class CeleryVersion:
    """The releases a project may run, where that was read, and what follows for behaviour.

    ``releases`` is None when no dependency file names Celery or the version
    is not a release number (a URL or a path); ``()`` when no known release
    satisfies the requirements. ``reason`` says which of these, in words.
    """

    releases: tuple[str, ...] | None
    sources: tuple[Location, ...] = ()
    reason: str = ""
    notes: tuple[str, ...] = ()  # includes that were missing or files that could not be read

    def has(self, behaviour: versions.Behaviour) -> bool | None:
        """True/False when every allowed release agrees; None when they differ or none is known."""
        if not self.releases:
            return None
        answers = {versions.has(behaviour, r) for r in self.releases}
        return answers.pop() if len(answers) == 1 else None

    def reads_old_names_under_namespace(self) -> bool | None:
        return self.has("old-names-under-namespace")

    def has_on_commit_methods(self) -> bool | None:
        return self.has("django-task-on-commit")

    def release(self) -> Release:
        """What reading a configuration depends on, for these releases."""
        missing: frozenset[str] = frozenset()
        if self.releases:
            missing = frozenset(
                setting
                for setting in versions.SETTING_FIRST_RELEASE
                if all(versions.has_setting(setting, r) is False for r in self.releases)
            )
        return Release(self.reads_old_names_under_namespace(), missing)

    @property
    def words(self) -> str:
        """The releases in a few words: ``5.5.3``, ``5.6.0 to 5.7.0 (5 releases)``, ``unknown``."""
        if self.releases is None:
            return "unknown"
        if not self.releases:
            return "no known release"
        if len(self.releases) == 1:
            return self.releases[0]
        return f"{self.releases[0]} to {self.releases[-1]} ({len(self.releases)} releases)"

    @property
    def shown(self) -> str:
        """The releases and where they were read: ``5.5.3 (lock in uv.lock)``."""
        return f"{self.words} ({self.reason})" if self.reason else self.words


NOT_READ = CeleryVersion(None, reason="dependency files not read")


def celery_version(files: Sequence[FileFacts]) -> CeleryVersion:
    """One ``CeleryVersion`` from the facts of every scanned file."""
    deps = {f.path: f.deps for f in files if f.deps is not None}
    notes = sorted(
        [
            f"{f.path}: {f.failure.reason}"
            for f in files
            if f.failure is not None and deps_kind(f.path) is not None
        ]
        + [f"{path}: {problem}" for path, facts in deps.items() for problem in facts.problems]
    )
    closures = {path: _closure(path, deps) for path in deps}
    candidates = [p for p, (reqs, _) in closures.items() if any(not r.constraint for r in reqs)]
    if not candidates:
        return CeleryVersion(None, reason="no dependency file names celery", notes=tuple(notes))
    deciding = _deciding(candidates, deps)
    releases: set[str] = set()
    sources: set[Location] = set()
    for path in deciding:
        reqs, missing = closures[path]
        notes += [f"{path}: includes {m}, which is not in the tree" for m in missing]
        sources.update(r.location for r in reqs)
        if any(r.specifier is None for r in reqs):
            where = next(r.location for r in reqs if r.specifier is None)
            reason = f"celery is installed from a URL or a path ({where})"
            return CeleryVersion(None, tuple(sorted(sources)), reason, tuple(sorted(set(notes))))
        releases |= _allowed(reqs, deps[path].kind == "lock")
    locked = all(deps[p].kind == "lock" or _compiled(p, deps) for p in deciding)
    kind = "lock" if locked else "declared"
    reason = f"{kind} in {', '.join(sorted(deciding))}"
    if not releases:
        reason = f"no known Celery release satisfies the requirements ({reason})"
    return CeleryVersion(
        versions.ordered(releases), tuple(sorted(sources)), reason, tuple(sorted(set(notes)))
    )


def _closure(
    path: str, deps: dict[str, DepsFacts]
) -> tuple[tuple[CeleryRequirement, ...], tuple[str, ...]]:
    """The Celery requirements of ``path`` and the files it includes, and the includes missing."""
    found: list[CeleryRequirement] = []
    missing: list[str] = []
    seen: set[str] = set()
    stack = [(path, False)]
    while stack:
        current, constraint = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        facts = deps.get(current)
        if facts is None:
            missing.append(current)
            continue
        for req in facts.celery:
            found.append(_as_constraint(req) if constraint else req)
        stack.extend((i.path, constraint or i.constraint) for i in reversed(facts.includes))
    return tuple(found), tuple(missing)


def _as_constraint(req: CeleryRequirement) -> CeleryRequirement:
    return CeleryRequirement(req.specifier, req.location, req.group, req.marker, req.extras, True)


def _deciding(candidates: list[str], deps: dict[str, DepsFacts]) -> list[str]:
    main = [p for p in candidates if not _auxiliary(p)] or candidates
    top = min(_depth(p) for p in main)
    level = [p for p in main if _depth(p) == top]
    locks = [p for p in level if deps[p].kind == "lock" or _compiled(p, deps)]
    return sorted(locks or level)


def _compiled(path: str, deps: dict[str, DepsFacts]) -> bool:
    """A ``.txt`` beside a ``.in`` of the same name: pip-compile's pinned output of it."""
    stem, dot, suffix = path.rpartition(".")
    return bool(dot) and suffix.lower() == "txt" and f"{stem}.in" in deps


def _auxiliary(path: str) -> bool:
    folders = path.split("/")[:-1]
    return any(f.lower() in _AUX_DIRS or f.startswith(".") for f in folders)


def _depth(path: str) -> int:
    folders = path.split("/")[:-1]
    if folders and folders[-1].lower().startswith(_REQ_DIRS):
        folders = folders[:-1]
    return len(folders)


def _allowed(reqs: Sequence[CeleryRequirement], lock: bool) -> set[str]:
    each = [_one(r.specifier or "") for r in reqs]
    if lock:
        return set().union(*each)
    plain = [s for r, s in zip(reqs, each, strict=True) if r.marker is None]
    marked = [s for r, s in zip(reqs, each, strict=True) if r.marker is not None]
    result = set(versions.RELEASES).union(*each).intersection(*plain)
    if marked:
        result &= set().union(*marked)
    return result or set().union(*each)


def _one(specifier: str) -> set[str]:
    """The known releases ``specifier`` allows; an exact pin also allows itself, known or not."""
    allowed = set(versions.allowed(specifier))
    clauses = [c for c in specifier.split(",") if c]
    if len(clauses) == 1 and clauses[0].startswith("==") and "*" not in clauses[0]:
        pinned = clauses[0].lstrip("=")
        if versions.is_version(pinned):
            allowed.add(pinned)
    return allowed
