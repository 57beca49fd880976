"""The scan pipeline's front half: discover, read, extract, link.

I/O happens here and in the CLI only; every stage after reading is a pure
function over frozen facts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from taskaudit.discover import SourceFile, discover
from taskaudit.extract.file import extract_file
from taskaudit.facts import FileFacts
from taskaudit.link.model import Project
from taskaudit.link.project import build_project
from taskaudit.source import MAX_FILE_BYTES, ParseFailure


@dataclass(frozen=True, slots=True)
class Scanned:
    root: Path
    files: tuple[FileFacts, ...]
    project: Project


def read_facts(root: Path, source: SourceFile) -> FileFacts:
    """Read one file; an unreadable or oversized file becomes a failure, not an error."""
    full = root / source.path
    try:
        size = full.stat().st_size
        if size > MAX_FILE_BYTES:
            failure = ParseFailure(f"file too large to analyse ({size // 1024 // 1024} MB)")
            return FileFacts(source.path, source.role, source.module, failure=failure)
        data = full.read_bytes()
    except OSError as exc:
        failure = ParseFailure(f"unreadable: {exc.strerror or exc.__class__.__name__}")
        return FileFacts(source.path, source.role, source.module, failure=failure)
    return extract_file(source, data)


def scan_tree(
    root: Path,
    exclude: Sequence[str] = (),
    source_roots: Sequence[str] = (),
    task_decorators: Sequence[str] = (),
) -> Scanned:
    sources = discover(root, exclude, source_roots)
    files = tuple(read_facts(root, s) for s in sources)
    return Scanned(root, files, build_project(files, task_decorators))


def scan_sources(
    files: dict[str, str], task_decorators: Sequence[str] = ()
) -> tuple[tuple[FileFacts, ...], Project]:
    """Scan in-memory files (rule examples, tests): the same path as a real tree."""
    from pathlib import PurePosixPath

    from taskaudit.discover import file_role, module_path

    # Snippets omit __init__.py files: read every directory as a package, so
    # `app/tasks.py` is module `app.tasks` as a reader would expect.
    init_dirs = {str(parent) for p in files for parent in PurePosixPath(p).parents}
    init_dirs.discard(".")
    facts: list[FileFacts] = []
    for path in sorted(files):
        role = file_role(path)
        if role is None:
            continue
        module, is_package = module_path(path, init_dirs) if role == "python" else (None, False)
        source = SourceFile(path, role, module, is_package)
        facts.append(extract_file(source, files[path].encode("utf-8")))
    return tuple(facts), build_project(facts, task_decorators)
