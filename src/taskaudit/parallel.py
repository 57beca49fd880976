"""Reading and extracting many files: across processes when the tree is large.

Per-file extraction (``taskaudit.jobs``) is pure and CPU-bound, so large
scans fan it out over a ``concurrent.futures.ProcessPoolExecutor``; workers
get paths, read the bytes themselves and return small picklable entries.
Most files need no parsing, though, and shipping them to a process costs
more than reading them: the main process skims every file (``jobs.skim``)
and hands only the ones to parse to the pool, started at the first such
file, so that extraction overlaps the skimming. Small scans stay in-process
(a pool costs about 0.1 s to start), and a pool that cannot start (no
``sem_open``, a sandbox without fork) or whose worker dies leaves its files
to this process. Results come back in input order either way, so output
never depends on how the work was split.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from taskaudit.cache import Entry
from taskaudit.facts import FileFacts
from taskaudit.jobs import Job, run_job, skim

if TYPE_CHECKING:  # a scan served from the cache starts no pool: not even its imports
    from concurrent.futures import Executor, Future

Result = Entry | FileFacts

# Below this many files a pool's start-up outweighs what it saves.
POOL_THRESHOLD = 64
# Files per task sent to a worker: one round trip per file costs more than parsing a
# small one. The first batches are smaller, so that the workers start early.
_CHUNK = 16
_PROGRESS_AFTER = 300  # files: fewer finish before a bar would be worth drawing


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on every platform
        return max(1, os.cpu_count() or 1)


def read_all(
    jobs: Sequence[Job], workers: int | None = None, progress: bool = False
) -> list[tuple[Result, bytes | None]]:
    """Every job's result, in input order, with the bytes of each file skimmed here.

    Without a pool (a small scan, one worker, or none can start) the files
    to parse are extracted here too.
    """
    workers = default_jobs() if workers is None else max(1, workers)
    tick = _progress_bar(len(jobs)) if progress else None
    results: list[tuple[Result, bytes | None] | None] = [None] * len(jobs)
    later: list[int] = []
    pool = _Pool(workers) if workers > 1 and len(jobs) >= POOL_THRESHOLD else None
    try:
        for index, job in enumerate(jobs):
            skimmed = skim(job)
            if skimmed is not None:
                results[index] = skimmed
                if tick is not None:
                    tick(1)
            elif pool is None:
                later.append(index)
            else:
                pool.submit(index, job)
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


def run_jobs(jobs: Sequence[Job]) -> list[Result]:
    """A worker's task: a batch of jobs, in order."""
    return [run_job(job) for job in jobs]


class _Pool:
    """A process pool started on first use; what it cannot do is left in ``failed``."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.executor: Executor | None = None
        self.broken = False
        self.batch: list[tuple[int, Job]] = []
        self.sent = 0
        self.futures: list[tuple[list[int], Future[list[Result]]]] = []
        self.failed: list[int] = []

    def submit(self, index: int, job: Job) -> None:
        if self.broken:
            self.failed.append(index)
            return
        self.batch.append((index, job))
        # Batches of 1, 2, 4, ... up to _CHUNK files: the first file starts the workers.
        if len(self.batch) >= min(_CHUNK, 1 + self.sent):
            self._send()

    def _send(self) -> None:
        batch, self.batch = self.batch, []
        if not batch:
            return
        from concurrent.futures import ProcessPoolExecutor

        indices = [index for index, _ in batch]
        try:
            if self.executor is None:
                self.executor = ProcessPoolExecutor(max_workers=self.workers)
            future = self.executor.submit(run_jobs, [job for _, job in batch])
        # No pool on this machine (no working sem_open: NotImplementedError or ImportError;
        # fork/spawn refused: OSError; a broken pool: RuntimeError): extracted in-process.
        except (OSError, NotImplementedError, ImportError, RuntimeError):
            self.broken = True
            self.failed.extend(indices)
            return
        self.futures.append((indices, future))
        self.sent += len(batch)

    def results(self) -> Iterator[tuple[int, Result]]:
        from concurrent.futures.process import BrokenProcessPool

        self._send()
        for indices, future in self.futures:
            try:
                batch = future.result()
            except (OSError, BrokenProcessPool):
                self.failed.extend(indices)  # a worker died: read them again in-process
                continue
            yield from zip(indices, batch, strict=True)

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)


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
