"""Which files a scan reads, what role each plays, and each module's dotted path.

Inside a git work tree the file list is git's own view (tracked plus
untracked-not-ignored: ``git ls-files --cached --others --exclude-standard``),
which gets nested ``.gitignore``, ``info/exclude`` and ``core.excludesFile``
exactly right. Elsewhere a walk applies each directory's ``.gitignore`` with
pathspec's git-compatible matcher. Either way built-in excludes apply on top
(virtualenvs, ``node_modules``, build output), symlinks never lead outside
the scanned root, and Django migration modules (``NNNN_name.py``) are skipped
while ``migrations/`` folders are not: real projects keep tasks there.

A module's dotted path is read from its import root: the folder on
``sys.path`` it is imported from. ``taskaudit.roots`` decides the roots from
the repository's evidence (``manage.py``, ``DJANGO_SETTINGS_MODULE``,
``celery -A`` targets, absolute imports, packaging metadata; configured
``source-roots`` win); where none speaks, Python's packaging does: climb
while the directory holds an ``__init__.py``, and the first one that does
not is the root (``src/``, ``backend/src/``, ``apps/api/``...). A file
nothing can import (``taskaudit.link.paths.nameable``) gets no module path.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from taskaudit.extract.deps import deps_kind

if TYPE_CHECKING:  # imported where used: most scans list files through git, unfiltered
    import pathspec

    from taskaudit.roots.decide import Roots

DEFAULT_EXCLUDED_DIRS = frozenset(
    {
        ".bzr", ".direnv", ".eggs", ".git", ".git-rewrite", ".hg", ".ipynb_checkpoints",
        ".mypy_cache", ".nox", ".pants.d", ".pyenv", ".pytest_cache", ".pytype", ".ruff_cache",
        ".svn", ".tox", ".venv", ".vscode", "__pypackages__", "_build", "buck-out", "build",
        "dist", "node_modules", "site-packages", "venv", "__pycache__", ".taskaudit_cache",
    }
)  # fmt: skip
_MIGRATION = re.compile(r"^\d{4}_\w*\.py$")
# core.fsmonitor names a program git runs while reading the index: a scanned
# tree's own .git/config must not get to run anything through us.
_GIT = ("git", "-c", "core.fsmonitor=false")
_SHELL_DIRS = frozenset({"bin", "scripts", "script", "compose", "docker", "deploy", "deployment"})


@dataclass(frozen=True, slots=True, order=True)
class SourceFile:
    path: str  # repository-relative POSIX path
    role: str
    module: str | None = None
    is_package: bool = False


@dataclass(frozen=True, slots=True)
class Listing:
    """The files under a scanned root, each with its role (None: not read as a source)."""

    files: tuple[tuple[str, str | None], ...]

    @property
    def python(self) -> tuple[str, ...]:
        return tuple(path for path, role in self.files if role == "python")

    def others(self) -> tuple[SourceFile, ...]:
        """The sources that are not Python modules: their facts need no import root."""
        return tuple(SourceFile(p, r) for p, r in self.files if r is not None and r != "python")

    def sources(self, roots: Roots | None = None) -> tuple[SourceFile, ...]:
        """Every source, sorted by path, Python ones named from ``roots``."""
        init_dirs = _init_dirs(self.python)
        files: list[SourceFile] = []
        for path, role in self.files:
            if role == "python":
                files.append(python_source(path, init_dirs, roots))
            elif role is not None:
                files.append(SourceFile(path, role))
        return tuple(files)


def discover(
    root: Path, exclude: Sequence[str] = (), source_roots: Sequence[str] = ()
) -> tuple[SourceFile, ...]:
    """Every file taskaudit reads under ``root``, sorted by path, named from ``source_roots``.

    Only configured roots and the ``__init__.py`` layout: the pipeline
    decides the roots from the evidence (``taskaudit.pipeline``).
    """
    from taskaudit.roots.decide import Roots

    return list_files(root, exclude).sources(Roots(configured=tuple(source_roots)))


def list_files(root: Path, exclude: Sequence[str] = ()) -> Listing:
    """Every file under ``root`` that a scan may read, sorted by path, with its role."""
    root = root.resolve()
    listed = _git_files(root)
    paths = sorted(set(listed if listed is not None else _walk(root)))
    paths = [p for p in paths if _allowed(p, str(root))]
    if exclude:
        import pathspec

        spec = pathspec.GitIgnoreSpec.from_lines(exclude)
        paths = [p for p in paths if not spec.match_file(p)]
    venvs = {_parent(p) for p in paths if p.endswith("pyvenv.cfg")}
    if venvs:
        paths = [p for p in paths if not any(p.startswith(v + "/") for v in venvs)]
    return Listing(tuple((path, file_role(path, root)) for path in paths))


def python_source(path: str, init_dirs: set[str], roots: Roots | None = None) -> SourceFile:
    """A Python file's source record: its module path, or None when nothing can import it."""
    from taskaudit.link.paths import nameable

    module, is_package = module_path(path, init_dirs, roots=roots)
    named = roots.named if roots is not None else frozenset()
    return SourceFile(path, "python", module if nameable(path, module, named) else None, is_package)


def _init_dirs(paths: Iterable[str]) -> set[str]:
    return {_parent(p) for p in paths if p.endswith("/__init__.py") or p == "__init__.py"}


def file_role(path: str, root: Path | None = None) -> str | None:
    directory, _, name = path.rpartition("/")
    lower = name.lower()
    if lower.endswith(".py"):
        if directory.rpartition("/")[2] == "migrations" and _MIGRATION.match(name):
            return None
        return "python"
    if lower.startswith("celerybeat-schedule"):
        return "beat-artifact"
    if lower in ("makefile", "gnumakefile") or lower.endswith(".mk"):
        return "makefile"
    if name.startswith("Procfile"):
        return "procfile"
    if lower.endswith((".yml", ".yaml")) and lower.startswith(("docker-compose", "compose")):
        return "compose"
    if lower == "dockerfile" or lower.startswith("dockerfile.") or lower.endswith(".dockerfile"):
        return "dockerfile"
    if lower.endswith(".service"):
        return "systemd"
    if lower.endswith(".conf") and ("supervisor" in path.lower()):
        return "supervisor"
    if name == "pyproject.toml":
        return "pyproject"
    if lower.endswith((".md", ".txt", ".rst")) and "roadmap/done/" in f"/{path}":
        return "incident"
    if deps_kind(path) not in (None, "pyproject", "setup-py"):
        return "dependencies"  # requirements, setup.cfg, Pipfile, locks: the Celery version
    if lower.endswith(".sh") or (
        "." not in name and root is not None and _is_shell_script(root / path, path)
    ):
        return "shell"
    return None


def _is_shell_script(full: Path, path: str) -> bool:
    *folders, name = path.split("/")
    if not (_SHELL_DIRS.intersection(folders) or name in ("entrypoint", "start")):
        return False
    try:
        with full.open("rb") as handle:
            head = handle.read(64)
    except OSError:
        return False
    return head.startswith(b"#!") and (b"sh" in head.split(b"\n", 1)[0])


def module_path(
    path: str,
    init_dirs: set[str] | frozenset[str],
    source_roots: Sequence[str] = (),
    roots: Roots | None = None,
) -> tuple[str, bool]:
    """Dotted module path of a Python file, and whether it is a package ``__init__``.

    Named from the deepest configured root holding it, else from the
    nearest decided root above it: the climb through packages stops at a
    folder ``roots`` adds, and passes a folder ``roots`` removes.
    """
    *folders, name = path.split("/")
    is_package = name == "__init__.py"
    parts = folders if is_package else [*folders, name[:-3] if name.endswith(".py") else name]
    configured = (*source_roots, *(roots.configured if roots is not None else ()))
    for root in sorted(configured, key=len, reverse=True):
        prefix = PurePosixPath(root.strip("/")).parts
        if prefix and tuple(path.split("/")[: len(prefix)]) == prefix:
            return ".".join(parts[len(prefix) :]), is_package
    added = roots.added if roots is not None else frozenset()
    removed = roots.removed if roots is not None else frozenset()
    directory = _parent(path)
    depth = 0
    while (
        directory != "."
        and directory not in added
        and (
            directory in init_dirs
            or _namespace_subpackage(directory, init_dirs)
            or directory in removed
        )
    ):
        directory = _parent(directory)
        depth += 1
    keep = depth if is_package else depth + 1
    return ".".join(parts[len(parts) - keep :]) if keep else "", is_package


def _parent(path: str) -> str:
    """``PurePosixPath(path).parent`` as a string, for repository-relative paths."""
    return path.rpartition("/")[0] or "."


def _namespace_subpackage(directory: str, init_dirs: set[str] | frozenset[str]) -> bool:
    """A folder without ``__init__.py`` inside a package imports as a PEP 420 namespace
    package (``shop/orders/migrations/tasks/``), so it is part of the dotted path."""
    return _parent(directory) in init_dirs and directory.rpartition("/")[2].isidentifier()


def repository_prefix(root: Path) -> str:
    """Where ``root`` sits in its git work tree: ``"backend/"``; ``""`` at the top, or without git.

    Found by looking for ``.git`` (a folder, or a file in worktrees and
    submodules) in ``root`` and its parents: no git command runs.
    """
    resolved = root.resolve()
    for candidate in (resolved, *resolved.parents):
        if (candidate / ".git").exists():
            inside = resolved.relative_to(candidate).as_posix()
            return "" if inside == "." else inside + "/"
    return ""


def _git_files(root: Path) -> list[str] | None:
    try:
        result = subprocess.run(
            [*_GIT, "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=root,
            capture_output=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if result.returncode != 0:
        return None
    names = result.stdout.decode("utf-8", "surrogateescape").split("\0")
    return [n for n in names if n and not _excluded_dir(n.split("/")[:-1])]


# A .gitignore's directory, its matcher, and _any_ignore of it.
_Spec = tuple[str, "pathspec.GitIgnoreSpec", "re.Pattern[str] | None"]


def _walk(root: Path) -> Iterable[str]:
    import pathspec

    specs: list[_Spec] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        rel = Path(dirpath).relative_to(root).as_posix()
        rel = "" if rel == "." else rel
        if ".gitignore" in filenames:
            try:
                lines = (Path(dirpath) / ".gitignore").read_text("utf-8", "replace").splitlines()
                spec = pathspec.GitIgnoreSpec.from_lines(lines)
                specs.append((rel, spec, _any_ignore(spec)))
            except OSError:
                pass
        dirnames[:] = sorted(
            d
            for d in dirnames
            if d not in DEFAULT_EXCLUDED_DIRS and not _ignored(_join(rel, d) + "/", specs)
        )
        for name in filenames:
            path = _join(rel, name)
            if not _ignored(path, specs):
                yield path


def _join(base: str, name: str) -> str:
    return f"{base}/{name}" if base else name


def _ignored(path: str, specs: list[_Spec]) -> bool:
    for base, spec, anyone in specs:
        if base and not path.startswith(base + "/"):
            continue
        relative = path[len(base) + 1 :] if base else path
        if (anyone is None or anyone.search(relative)) and spec.match_file(relative):
            return True
    return False


def _any_ignore(spec: pathspec.GitIgnoreSpec) -> re.Pattern[str] | None:
    """One regex that matches wherever one of the spec's ignoring patterns does.

    A path none of them matches is not ignored, whatever the negations say:
    most paths are settled by this one search instead of one per pattern.
    None (ask the spec every time) when the patterns cannot be joined.
    """
    regexes = [p.regex for p in spec.patterns if p.include and p.regex is not None]
    flags = {r.flags for r in regexes}
    sources = [r.pattern for r in regexes]
    if len(flags) > 1 or not all(isinstance(t, str) for t in sources):
        return None
    # Named groups would clash once joined, and joining renumbers the groups:
    # a pattern that refers back to a group is left to the spec.
    if any("(?P=" in t or "(?(" in t or _BACKREFERENCE.search(t) for t in sources):
        return None
    joined = "|".join(f"(?:{_GROUP.sub('(?:', t)})" for t in sources)
    return re.compile(joined or "(?!)", flags.pop() if flags else 0)


_GROUP = re.compile(r"\(\?P<\w+>")
_BACKREFERENCE = re.compile(r"\\\d")


def _excluded_dir(parts: Sequence[str]) -> bool:
    return any(part in DEFAULT_EXCLUDED_DIRS for part in parts)


def _allowed(path: str, root: str) -> bool:
    """Regular files only, and never a symlink that leads outside the scanned root."""
    full = f"{root}/{path}"
    try:
        mode = os.lstat(full).st_mode
        if stat.S_ISLNK(mode):
            target = Path(full).resolve(strict=True)
            return target.is_relative_to(root) and target.is_file()
        return stat.S_ISREG(mode)
    except (OSError, RuntimeError):
        return False
