"""One file's work: read it, skim it with the prefilter, extract it when it matters.

A ``Job`` is what a worker process receives (a path, never bytes) and an
``Entry`` (``taskaudit.cache``) or a failed ``FileFacts`` is what it sends
back: small picklable facts, never ASTs. ``skim`` is the cheap half that the
main process runs itself for files that need no parsing (``taskaudit.parallel``).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from taskaudit.cache import Entry, digest, is_racy
from taskaudit.discover import SourceFile
from taskaudit.extract.file import extract_file
from taskaudit.extract.mentions import Mentions
from taskaudit.facts import FileFacts
from taskaudit.link.paths import is_project_module
from taskaudit.prefilter import may_hold_facts
from taskaudit.source import MAX_FILE_BYTES, ParseFailure, decode, parse, read_source


@dataclass(frozen=True, slots=True)
class Job:
    root: str
    source: SourceFile
    force: bool  # extract even when the prefilter sees nothing: linking needs this file
    check: bool = False  # parse a file the prefilter skips, so that a broken one is a TA000


def read_file(full: Path) -> tuple[os.stat_result, bytes] | ParseFailure:
    """A file's identity and bytes, or why they cannot be had (a TA000 reason).

    The size is checked before reading so a huge file says how large it is;
    the read itself takes regular files only, never blocks and never passes
    the cap, since the tree may change between the two.
    """
    try:
        stat = full.stat()
    except OSError as exc:
        return ParseFailure(f"unreadable: {exc.strerror or exc.__class__.__name__}")
    if stat.st_size > MAX_FILE_BYTES:
        return ParseFailure(f"file too large to analyse ({stat.st_size // 1024 // 1024} MB)")
    data = read_source(full)
    return data if isinstance(data, ParseFailure) else (stat, data)


def run_job(job: Job) -> Entry | FileFacts:
    """One file: an ``Entry`` to cache, or the ``FileFacts`` of a file that could not be read."""
    read = read_file(Path(job.root) / job.source.path)
    if isinstance(read, ParseFailure):
        return _failed(job.source, read)
    return _entry(job, *read)


def skim(job: Job) -> tuple[Entry | FileFacts, bytes | None] | None:
    """``run_job`` when it is cheap: for a file that needs no parsing at all.

    The entry of a file the prefilter skips (with its bytes, which the word
    search of ``taskaudit.reach`` reads next), or of one that cannot be read;
    None when the file is to be parsed (always, for a ``check`` job), which is
    worth a worker process.
    """
    if job.check:  # every file is parsed: none is cheap
        return None
    read = read_file(Path(job.root) / job.source.path)
    if isinstance(read, ParseFailure):
        return _failed(job.source, read), None
    stat, data = read
    verdict = _relevance(job, data)
    if verdict[1]:
        return None
    return _entry(job, stat, data, verdict), data


def _relevance(job: Job, data: bytes) -> tuple[bool, bool]:
    """Whether the prefilter keeps the file, and whether it is to be extracted."""
    source = job.source
    # Test code and unimportable files never reach the project model: at most parsed.
    project = source.role != "python" or is_project_module(source.path, source.module)
    relevant = project and (source.role != "python" or may_hold_facts(data))
    return relevant, relevant or (job.force and project)


def _entry(
    job: Job, stat: os.stat_result, data: bytes, verdict: tuple[bool, bool] | None = None
) -> Entry:
    """The cache entry of a file read whole: extracted, only checked, or skipped."""
    source = job.source
    relevant, extract = verdict or _relevance(job, data)
    if extract:
        facts: FileFacts | None = extract_file(source, data)
    else:
        facts = _unreadable(source, data) if job.check else None
    racy = is_racy(stat.st_mtime_ns, time.time_ns())
    parsed = extract or job.check
    return Entry(source, len(data), stat.st_mtime_ns, digest(data), racy, relevant, parsed, facts)


def _unreadable(source: SourceFile, data: bytes) -> FileFacts | None:
    """The failure of a file Python cannot read, without running the extractors.

    The prefilter found nothing Celery-shaped in it (or it is no project
    code), so it declares no task: its mentions are empty.
    """
    text = decode(data)
    failure = text if isinstance(text, ParseFailure) else parse(text, source.path)
    if not isinstance(failure, ParseFailure):
        return None
    none = Mentions((), (), computed=False)
    return FileFacts(source.path, source.role, source.module, failure=failure, mentions=none)


def _failed(source: SourceFile, failure: ParseFailure) -> FileFacts:
    return FileFacts(source.path, source.role, source.module, failure=failure)
