"""Reading and extracting many files: across processes when the tree is large.

Per-file extraction (``taskaudit.jobs``) is pure and CPU-bound, so large
scans fan it out over a ``concurrent.futures.ProcessPoolExecutor``; workers
get paths, read the bytes themselves and return small picklable entries.
Small scans stay in-process (a pool costs about 0.1 s to start), and a pool
that cannot start (no ``sem_open``, a sandbox without fork) falls back to
serial. Results come back in input order either way, so output never
depends on how the work was split.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, TypeVar

from taskaudit.cache import Entry
from taskaudit.facts import FileFacts
from taskaudit.jobs import Job, run_job, skim

if TYPE_CHECKING:  # a scan served from the cache starts no pool: not even its imports
    from concurrent.futures import Executor, Future

# Below this many files a pool's start-up outweighs what it saves.
POOL_THRESHOLD = 64
_CHUNK = 16
_PROGRESS_AFTER = 300  # files: fewer finish before a bar would be worth drawing

T = TypeVar("T")
R = TypeVar("R")


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on every platform
        return max(1, os.cpu_count() or 1)


def run_all(
    work: Callable[[T], R], items: Sequence[T], jobs: int | None = None, progress: bool = False
) -> list[R]:
    """``work`` over ``items``, in input order; over processes when it pays."""
    jobs = default_jobs() if jobs is None else max(1, jobs)
    tick = _progress_bar(len(items)) if progress else None
    try:
        if jobs > 1 and len(items) >= POOL_THRESHOLD:
            pooled = _pooled(work, items, jobs, tick)
            if pooled is not None:
                return pooled
        results: list[R] = []
        for item in items:
            results.append(work(item))
            if tick is not None:
                tick(1)
        return results
    finally:
        if tick is not None:
            tick(-1)


def read_all(
    jobs: Sequence[Job], workers: int | None = None, progress: bool = False
) -> list[tuple[Entry | FileFacts, bytes | None]]:
    """Every job's result, in input order, with the bytes of each file skimmed here.

    Most files need no parsing, and shipping them to a process costs more than
    reading them: this process skims each file (``skim``) and hands the ones
    to extract to a pool, started at the first such file once the scan is
    large enough, so that extraction overlaps the skimming. Without a pool
    (a small scan, one worker, or none can start) they are extracted here.
    """
    workers = default_jobs() if workers is None else max(1, workers)
    tick = _progress_bar(len(jobs)) if progress else None
    results: list[tuple[Entry | FileFacts, bytes | None] | None] = [None] * len(jobs)
    later: list[int] = []
    pool = _Pool(workers) if workers > 1 and len(jobs) >= POOL_THRESHOLD else None
    try:
        for index, job in enumerate(jobs):
            skimmed = skim(job)
            if skimmed is not None:
                results[index] = skimmed
                if tick is not None:
                    tick(1)
            elif pool is None or not pool.submit(index, job):
                later.append(index)
        if pool is not None:
            for index, result in pool.results():
                results[index] = (result, None)
                if tick is not None:
                    tick(1)
            later.extend(pool.failed)
        for index in sorted(later):
            results[index] = (run_job(jobs[index]), None)
            if tick is not None:
                tick(1)
    finally:
        if pool is not None:
            pool.close()
        if tick is not None:
            tick(-1)
    return [result for result in results if result is not None]


class _Pool:
    """A process pool started on first use; what it cannot do is left in ``failed``."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.executor: Executor | None = None
        self.broken = False
        self.futures: list[tuple[int, Future[Entry | FileFacts]]] = []
        self.failed: list[int] = []

    def submit(self, index: int, job: Job) -> bool:
        if self.broken:
            return False
        from concurrent.futures import ProcessPoolExecutor

        try:
            if self.executor is None:
                self.executor = ProcessPoolExecutor(max_workers=self.workers)
            self.futures.append((index, self.executor.submit(run_job, job)))
        except (OSError, NotImplementedError, ImportError, RuntimeError):
            self.broken = True  # no pool here: the caller extracts in-process
            return False
        return True

    def results(self) -> Iterator[tuple[int, Entry | FileFacts]]:
        from concurrent.futures.process import BrokenProcessPool

        for index, future in self.futures:
            try:
                yield index, future.result()
            except (OSError, BrokenProcessPool):
                self.failed.append(index)  # a worker died: read it again in-process

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)


def _pooled(
    work: Callable[[T], R], items: Sequence[T], jobs: int, tick: Callable[[int], None] | None
) -> list[R] | None:
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    try:
        with ProcessPoolExecutor(max_workers=min(jobs, len(items))) as pool:
            results: list[R] = []
            for result in pool.map(work, items, chunksize=_CHUNK):
                results.append(result)
                if tick is not None:
                    tick(1)
            return results
    # No pool on this machine (no working sem_open: NotImplementedError or ImportError;
    # fork/spawn refused: OSError) or a worker died: the caller reads serially instead.
    except (OSError, NotImplementedError, ImportError, BrokenProcessPool):
        return None


def _progress_bar(total: int) -> Callable[[int], None] | None:
    """A transient bar on stderr for long scans at a terminal; ``tick(-1)`` closes it."""
    if total < _PROGRESS_AFTER or not sys.stderr.isatty():
        return None
    from rich.console import Console
    from rich.progress import Progress

    bar = Progress(console=Console(stderr=True), transient=True)
    task = bar.add_task("reading files", total=total)
    bar.start()

    def tick(step: int) -> None:
        if step < 0:
            bar.stop()
        else:
            bar.advance(task, step)

    return tick
