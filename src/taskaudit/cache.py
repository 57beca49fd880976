"""The per-file facts cache: ``.taskaudit_cache/`` at the scanned root.

Rules are cross-file, so what is cached is each file's extracted facts (and
the prefilter's verdict), never findings; rules run on every scan. Layout and
habits follow ruff's and black's caches: a ``CACHEDIR.TAG`` (the Cache
Directory Tagging Specification) and a ``.gitignore`` holding ``*``,
``TASKAUDIT_CACHE_DIR`` to move it, atomic writes (temp file + ``os.replace``).

One pickle per (taskaudit version, Python version, digest of the installed
package's own source, scanned root) holds every file's entry: one read and
one write per run measured faster than a file per entry (see bench/). The
source digest means any edit to taskaudit (an extractor, a fact class)
starts a fresh cache: there is no version number to remember to bump.
An entry is trusted when size and ``mtime_ns`` match; when only the mtime
moved, or the mtime was too fresh to rule out a same-tick edit, the content
hash decides (black's rule). A cache that cannot be read, written or
unpickled is ignored; a read-only root simply scans without one.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import sys
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from taskaudit import __version__
from taskaudit.cache_pickle import dumps, loads
from taskaudit.discover import SourceFile
from taskaudit.facts import FileFacts

CACHE_DIR = ".taskaudit_cache"
ENV_VAR = "TASKAUDIT_CACHE_DIR"
_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by taskaudit.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)
_RACY_NS = 2_000_000_000  # an mtime this close to the read may hide a same-tick edit


@dataclass(frozen=True, slots=True)
class Entry:
    source: SourceFile
    size: int
    mtime_ns: int
    digest: bytes
    racy: bool
    relevant: bool  # the prefilter's verdict on the bytes
    parsed: bool  # parsed at least (extracted, or checked for a TA000)
    facts: FileFacts | None  # None: not extracted (nothing Celery-shaped, nothing pointed at it)
    # A skipped file's last word search (taskaudit.reach): the words and whether one was found.
    searched: tuple[tuple[str, ...], bool] | None = None


def digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def is_racy(mtime_ns: int, now_ns: int) -> bool:
    return now_ns - mtime_ns < _RACY_NS


class FactsCache:
    def __init__(self, directory: Path, name: str, entries: dict[str, Entry]) -> None:
        self.directory = directory
        self.name = name
        self.entries = entries
        self.dirty = False

    @classmethod
    def open(cls, root: Path, cache_dir: Path | None = None) -> FactsCache:
        directory = cache_directory(root, cache_dir)
        name = f"facts-{_key(root)}.pickle"
        try:
            loaded = loads((directory / name).read_bytes())
        except Exception:  # any damage means "no cache", never an error
            loaded = None
        entries = loaded if _valid(loaded) else {}
        return cls(directory, name, entries)  # type: ignore[arg-type]

    def get(
        self, source: SourceFile, size: int, mtime_ns: int, content: Callable[[], bytes | None]
    ) -> Entry | None:
        """The entry still valid for ``source``; ``content`` is read only to settle a doubt."""
        entry = self.entries.get(source.path)
        if entry is None or entry.source != source or entry.size != size:
            return None
        if entry.mtime_ns == mtime_ns and not entry.racy:
            return entry
        data = content()
        if data is None or digest(data) != entry.digest:
            return None
        fresh = replace(entry, mtime_ns=mtime_ns, racy=False)
        self.put(fresh)
        return fresh

    def put(self, entry: Entry) -> None:
        if self.entries.get(entry.source.path) != entry:
            self.entries[entry.source.path] = entry
            self.dirty = True

    def save(self, keep: Iterable[str]) -> None:
        """Write the entries of ``keep`` (this run's files); the others are pruned."""
        wanted = set(keep)
        if set(self.entries) - wanted:
            self.entries = {p: e for p, e in self.entries.items() if p in wanted}
            self.dirty = True
        if not self.dirty:
            return
        try:
            _prepare(self.directory)
            _atomic_write(self.directory / self.name, dumps(self.entries))
        except OSError:
            return  # a read-only tree: scan without a cache
        self.dirty = False


def cache_directory(root: Path, cache_dir: Path | None = None) -> Path:
    if cache_dir is not None:
        return cache_dir
    override = os.environ.get(ENV_VAR)
    return Path(override) if override else root / CACHE_DIR


def clean_cache(root: Path, cache_dir: Path | None = None) -> int:
    """Remove the cache taskaudit wrote for ``root``; the number of files removed."""
    directory = cache_directory(root, cache_dir)
    removed = 0
    try:
        names = sorted(p.name for p in directory.iterdir())
    except OSError:
        return 0
    for name in names:
        ours = name in ("CACHEDIR.TAG", ".gitignore") or name.startswith((".tmp-", "facts-"))
        if not ours:
            continue  # a shared TASKAUDIT_CACHE_DIR may hold other things: leave them
        try:
            (directory / name).unlink()
            removed += 1
        except OSError:
            pass
    with contextlib.suppress(OSError):
        directory.rmdir()  # only once empty: whatever else lives there stays
    return removed


def _key(root: Path) -> str:
    parts = [__version__, sys.version, _package_fingerprint(), str(root.resolve())]
    return hashlib.blake2b("\0".join(parts).encode(), digest_size=12).hexdigest()


@functools.cache
def _package_fingerprint() -> str:
    """The digest of taskaudit's own source, once per process (a few ms)."""
    return source_fingerprint(Path(__file__).parent)


def source_fingerprint(package: Path) -> str:
    """A digest of every ``.py`` file under ``package``, their paths included."""
    hasher = hashlib.blake2b(digest_size=16)
    for path in sorted(package.rglob("*.py")):
        try:
            hasher.update(path.relative_to(package).as_posix().encode() + b"\0")
            hasher.update(path.read_bytes())
        except OSError:
            continue
    return hasher.hexdigest()


def _valid(loaded: object) -> bool:
    return isinstance(loaded, dict) and all(
        isinstance(k, str) and isinstance(v, Entry) and v.source.path == k
        for k, v in loaded.items()
    )


def _prepare(directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in (("CACHEDIR.TAG", _TAG), (".gitignore", "*\n")):
        target = directory / name
        if not target.exists():
            _atomic_write(target, text.encode())


def _atomic_write(target: Path, data: bytes) -> None:
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        Path(temp).replace(target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
