"""The scan pipeline's front half: discover, read, extract, link.

I/O happens here and in the CLI only; every stage after reading is a pure
function over frozen facts. Reading is the costly part, so it is cached per
file (``taskaudit.cache``), spread over processes for large trees
(``taskaudit.parallel``) and skipped for files whose bytes hold nothing
Celery-shaped (``taskaudit.prefilter``) unless a file already read points at
them (``taskaudit.reach``). A skipped file is still counted as scanned.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from taskaudit.cache import Entry, FactsCache
from taskaudit.discover import SourceFile, list_files
from taskaudit.extract.file import extract_file
from taskaudit.extract.ops_model import CeleryCommand
from taskaudit.facts import FileFacts, PythonFacts
from taskaudit.jobs import Job
from taskaudit.link.decisions import DEFAULT_CONVENTIONS, Conventions
from taskaudit.link.model import Project
from taskaudit.link.paths import Layout
from taskaudit.link.project import Hints, build_project
from taskaudit.link.seen import with_root_gaps
from taskaudit.parallel import read_all
from taskaudit.prefilter import always_read
from taskaudit.reach import factory_words, unread_modules, word_pattern
from taskaudit.roots.decide import Roots, decide_roots
from taskaudit.roots.gather import early_evidence
from taskaudit.roots.imports import import_evidence
from taskaudit.roots.tree import Tree
from taskaudit.source import ParseFailure, read_source


@dataclass(frozen=True, slots=True)
class Scanned:
    files: tuple[FileFacts, ...]
    project: Project
    roots: Roots = field(default_factory=Roots)


def scan_tree(
    root: Path,
    exclude: Sequence[str] = (),
    source_roots: Sequence[str] = (),
    task_decorators: Sequence[str] = (),
    *,
    cache: bool = False,
    cache_dir: Path | None = None,
    jobs: int | None = None,
    progress: bool = False,
    prefilter: bool = True,
    parse_all: bool = False,
    conventions: Conventions = DEFAULT_CONVENTIONS,
    hints: Hints = Hints(),  # noqa: B008 - frozen, shared safely
) -> Scanned:
    """Scan the tree at ``root``; the options change speed, never the result.

    ``cache`` keeps per-file facts in ``cache_dir`` (default: ``TASKAUDIT_CACHE_DIR``
    or ``<root>/.taskaudit_cache``); ``jobs`` caps worker processes (None: one
    per CPU, 1: in-process); ``progress`` draws a bar on stderr at a terminal.
    ``prefilter`` runs the extractors only on files that can hold Celery facts
    (without it, on every project file: for tests of the prefilter). Test code
    and unimportable files are never extracted, since linking leaves them out.
    A file that is not extracted is not parsed either, unless ``parse_all``
    asks for every Python file to be parsed so that any file Python cannot
    read is reported (TA000), Celery-shaped or not.

    Module paths need the import roots (``taskaudit.roots``): process files
    are read first, since their ``celery -A`` targets are evidence; then the
    Python files, named from the roots the text-level evidence gives; then,
    if their absolute imports change the roots, the files whose module path
    changed are read again.
    """
    listing = list_files(root, exclude)
    store = FactsCache.open(root, cache_dir) if cache else None
    reader = _Reader(root, store, jobs, progress, parse_all)
    # Process files first: their commands are evidence for the roots. Few and
    # cheap, so read in this process, that no pool starts for them alone.
    # Dependency files hold no command, and a lock can take as long to parse
    # as hundreds of modules: they go with the Python files, to the workers.
    others = [s for s in listing.others() if s.role != "dependencies"]
    reader.use(others)
    reader.read(others, frozenset(s.path for s in others), workers=1)
    tree = Tree(listing.python)
    commands = [c for s in others for c in _commands(reader.facts_of(s))]
    early = early_evidence(root, listing, tree, commands)
    roots = decide_roots(tree, early, source_roots)
    sources = listing.sources(roots)
    reader.use(sources)
    kept = always_read(sources)
    deps = [s for s in sources if s.role == "dependencies"]
    forced = kept if prefilter else frozenset(s.path for s in sources)
    reader.read([*deps, *_python_sources(sources)], forced | {s.path for s in deps})
    # The imports of the files every scan extracts, whatever its options: same evidence.
    imports = import_evidence(reader.extracted(_python_sources(sources), kept))
    better = decide_roots(tree, (*early, *imports), source_roots)
    if better.key != roots.key:
        sources = listing.sources(better)
        reader.use(sources)
        kept = always_read(sources)
        forced = kept if prefilter else frozenset(s.path for s in sources)
        reader.read([s for s in _python_sources(sources) if reader.stale(s, forced)], forced)
    if prefilter:
        _follow(reader, sources, task_decorators)
    if store is not None:
        store.save(s.path for s in sources)
    files = tuple(reader.facts_of(s) for s in sources)
    project = with_root_gaps(build_project(files, task_decorators, conventions, hints), better.gaps)
    return Scanned(files, project, better)


def _python_sources(sources: Sequence[SourceFile]) -> list[SourceFile]:
    return [s for s in sources if s.role == "python"]


def _commands(facts: FileFacts) -> tuple[CeleryCommand, ...]:
    return facts.ops.commands if facts.ops is not None else ()


class _Reader:
    """Entries for the scan's files, from the cache when still valid, else read afresh."""

    def __init__(
        self,
        root: Path,
        store: FactsCache | None,
        jobs: int | None,
        progress: bool,
        check: bool,
    ) -> None:
        self.root, self.store, self.jobs, self.progress = root, store, jobs, progress
        self.check = check
        self.entries: dict[str, Entry | FileFacts] = {}
        self.data: dict[str, bytes] = {}  # bytes of the files skimmed in this process
        self.outside: frozenset[str] = frozenset()
        self.by_module: dict[str, SourceFile] = {}
        self.pattern: tuple[tuple[str, ...], re.Pattern[bytes] | None, list[bytes]] = ((), None, [])

    def use(self, sources: Sequence[SourceFile]) -> None:
        """The scan's sources, as named from the roots now decided."""
        layout = Layout.of(s.path for s in sources)
        self.outside = frozenset(s.path for s in sources if not _project(s, layout))
        self.by_module = {s.module: s for s in sources if s.module and s.path not in self.outside}

    def stale(self, source: SourceFile, forced: frozenset[str]) -> bool:
        """Whether the entry read so far is not the one ``source`` needs (roots changed)."""
        found = self.entries.get(source.path)
        if found is None:
            return True
        if isinstance(found, FileFacts):
            return found.module != source.module
        return found.source != source or (source.path in forced and found.facts is None)

    def extracted(
        self, sources: Sequence[SourceFile], kept: frozenset[str]
    ) -> list[tuple[str, PythonFacts]]:
        """The facts of the files the prefilter keeps or linking always reads."""
        found = []
        for source in sources:
            entry = self.entries.get(source.path)
            if isinstance(entry, Entry) and (entry.relevant or source.path in kept):
                facts = entry.facts.python if entry.facts is not None else None
                if facts is not None:
                    found.append((source.path, facts))
        return found

    def read(
        self, sources: Sequence[SourceFile], forced: frozenset[str], workers: int | None = None
    ) -> None:
        jobs: list[Job] = []
        for source in sources:
            if source.path in self.outside and not self.check:
                # Never extracted and not to be parsed: not even opened.
                self.entries[source.path] = FileFacts(source.path, source.role, source.module)
                continue
            force = source.path in forced
            cached = self._cached(source)
            usable = cached is not None and (
                cached.facts is not None or not (force or (self.check and not cached.parsed))
            )
            if cached is not None and usable:
                self.entries[source.path] = cached
            else:
                jobs.append(Job(str(self.root), source, force, self.check))
        for result, data in read_all(jobs, workers or self.jobs, self.progress):
            self._keep(result)
            if data is not None:  # kept for the word search of _follow
                self.data[_path(result)] = data

    def _keep(self, result: Entry | FileFacts) -> None:
        self.entries[_path(result)] = result
        if isinstance(result, Entry) and self.store is not None:
            self.store.put(result)

    def _cached(self, source: SourceFile) -> Entry | None:
        if self.store is None:
            return None
        full = f"{self.root}/{source.path}"
        try:
            stat = os.stat(full)  # noqa: PTH116 - once per file per warm scan: pathlib is slow
        except OSError:
            return None
        return self.store.get(source, stat.st_size, stat.st_mtime_ns, lambda: _bytes(Path(full)))

    def facts_of(self, source: SourceFile) -> FileFacts:
        found = self.entries[source.path]
        if isinstance(found, FileFacts):
            return found
        if found.facts is not None:
            return found.facts
        return FileFacts(source.path, source.role, source.module)

    def mentions(self, entry: Entry, words: tuple[str, ...]) -> bool:
        """Whether a skipped file holds one of ``words``; the verdict is cached with it."""
        if entry.searched is not None and entry.searched[0] == words:
            return entry.searched[1]
        if self.pattern[0] != words:
            self.pattern = (words, word_pattern(words), [w.encode() for w in words])
        _, pattern, encoded = self.pattern
        data = self.data.get(entry.source.path) or _bytes(self.root / entry.source.path) or b""
        # A plain substring test first: most files hold none of the words.
        found = any(w in data for w in encoded) and bool(pattern and pattern.search(data))
        updated = replace(entry, searched=(words, found))
        self.entries[entry.source.path] = updated
        if self.store is not None:
            self.store.put(updated)
        return found

    def python_read(self) -> dict[str, Entry | FileFacts]:
        return {
            module: self.entries[source.path]
            for module, source in self.by_module.items()
            if not _skipped(self.entries[source.path])
        }


def _follow(reader: _Reader, sources: Sequence[SourceFile], decorators: Sequence[str]) -> None:
    """Read what the files read so far point at, until they point at nothing new."""
    discovered = frozenset(reader.by_module)
    while True:
        read = {m: _python(e) for m, e in reader.python_read().items()}
        wanted = {reader.by_module[m].path for m in unread_modules(read, discovered)}
        words = tuple(sorted(factory_words(read, decorators)))
        if words:
            for source in sources:
                entry = reader.entries[source.path]
                if source.path in reader.outside or not _skipped(entry):
                    continue
                assert isinstance(entry, Entry)
                if reader.mentions(entry, words):
                    wanted.add(source.path)
        if not wanted:
            return
        reader.read([s for s in sources if s.path in wanted], frozenset(wanted))


def _path(result: Entry | FileFacts) -> str:
    return result.source.path if isinstance(result, Entry) else result.path


def _project(source: SourceFile, layout: Layout) -> bool:
    """Whether linking can use this file's facts (``taskaudit.link.paths``)."""
    return source.role != "python" or layout.is_project_module(source.path, source.module)


def _skipped(entry: Entry | FileFacts) -> bool:
    return isinstance(entry, Entry) and entry.facts is None


def _python(entry: Entry | FileFacts) -> PythonFacts | None:
    facts = entry if isinstance(entry, FileFacts) else entry.facts
    return facts.python if facts is not None else None


def _bytes(path: Path) -> bytes | None:
    data = read_source(path)
    return None if isinstance(data, ParseFailure) else data


def scan_sources(
    files: dict[str, str],
    task_decorators: Sequence[str] = (),
    conventions: Conventions = DEFAULT_CONVENTIONS,
    hints: Hints = Hints(),  # noqa: B008 - frozen, shared safely
) -> tuple[tuple[FileFacts, ...], Project]:
    """Scan in-memory files (rule examples, tests): the same path as a real tree."""
    from pathlib import PurePosixPath

    from taskaudit.discover import file_role, python_source

    # Snippets omit __init__.py files: read every directory as a package, so
    # `app/tasks.py` is module `app.tasks` as a reader would expect.
    init_dirs = {str(parent) for p in files for parent in PurePosixPath(p).parents}
    init_dirs.discard(".")
    facts: list[FileFacts] = []
    for path in sorted(files):
        role = file_role(path)
        if role is None:
            continue
        source = python_source(path, init_dirs) if role == "python" else SourceFile(path, role)
        facts.append(extract_file(source, files[path].encode("utf-8")))
    return tuple(facts), build_project(facts, task_decorators, conventions, hints)
