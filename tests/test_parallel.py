"""Parallel extraction: the same facts in the same order as a serial scan."""

from __future__ import annotations

import dataclasses
import importlib.util
import os
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest

from taskaudit import parallel
from taskaudit.cache import Entry
from taskaudit.discover import SourceFile
from taskaudit.facts import FileFacts
from taskaudit.jobs import Job, run_job
from taskaudit.parallel import POOL_THRESHOLD, read_all
from taskaudit.pipeline import scan_tree
from taskaudit.source import ParseFailure

GENERATOR = Path(__file__).resolve().parents[1] / "bench" / "generate.py"


def test_one_job_reads_extracts_or_skips_a_file(tmp_path: Path) -> None:
    (tmp_path / "plain.py").write_text("x = 1\n")
    (tmp_path / "broken.py").write_text('print "x"\n')
    (tmp_path / "tasks.py").write_text("from celery import shared_task\n")
    plain = SourceFile("plain.py", "python", "plain")
    broken = SourceFile("broken.py", "python", "broken")
    gone = SourceFile("gone.py", "python", "gone")
    root = str(tmp_path)
    skipped = run_job(Job(root, plain, force=False, check=False))
    assert isinstance(skipped, Entry)
    assert (skipped.relevant, skipped.parsed, skipped.facts, skipped.size) == (
        False,
        False,
        None,
        6,
    )
    forced = run_job(Job(root, plain, force=True))
    assert isinstance(forced, Entry) and forced.facts is not None
    assert (forced.relevant, forced.facts.module, forced.facts.failure) == (False, "plain", None)
    checked = run_job(Job(root, broken, force=False, check=True))
    assert isinstance(checked, Entry) and checked.facts is not None
    assert checked.facts.failure == ParseFailure(
        "syntax error: Missing parentheses in call to 'print'. Did you mean print(...)?", 1, 1
    )
    assert run_job(Job(root, gone, force=False)) == FileFacts(
        "gone.py", "python", "gone", failure=ParseFailure("unreadable: No such file or directory")
    )
    relevant = run_job(Job(root, SourceFile("tasks.py", "python", "tasks"), force=False))
    assert isinstance(relevant, Entry) and (relevant.relevant, relevant.parsed) == (True, True)


def test_serial_and_parallel_scans_give_identical_files_and_projects(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("bench_generate", GENERATOR)
    assert spec is not None and spec.loader is not None
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    generator.generate(tmp_path, files=200, seed=5, lines=30)
    serial = scan_tree(tmp_path, jobs=1)
    parallel = scan_tree(tmp_path, jobs=2)
    assert parallel.files == serial.files
    assert parallel.project == serial.project


def _mixed_jobs(root: Path, count: int = POOL_THRESHOLD + 8) -> list[Job]:
    """Plain files, Celery-shaped ones and missing ones, interleaved, past the pool threshold."""
    jobs: list[Job] = []
    for index in range(count):
        name = f"m{index:03}.py"
        if index % 5 == 0:
            (root / name).write_text(
                f"from celery import shared_task\n\n@shared_task\ndef t{index}(): ...\n"
            )
        elif index % 17 != 0:
            (root / name).write_text(f"x = {index}\n")
        jobs.append(Job(str(root), SourceFile(name, "python", name[:-3]), force=False, check=False))
    return jobs


def _checked(jobs: list[Job]) -> list[Job]:
    """The same jobs as ``--parse-all`` runs them: every file parsed."""
    return [dataclasses.replace(job, check=True) for job in jobs]


def test_read_all_gives_run_job_results_in_order_with_skimmed_bytes(tmp_path: Path) -> None:
    jobs = _mixed_jobs(tmp_path)
    expected = [run_job(job) for job in jobs]
    for workers in (1, 2):
        results = read_all(jobs, workers)
        assert [r for r, _ in results] == expected
        # The bytes come back for files skimmed in-process, never for extracted ones.
        kept = {r.source.path for r, data in results if data is not None and isinstance(r, Entry)}
        assert kept == {r.source.path for r in expected if isinstance(r, Entry) and r.facts is None}


def test_read_all_runs_parse_all_jobs_through_the_same_pool_in_order(tmp_path: Path) -> None:
    jobs = _checked(_mixed_jobs(tmp_path))
    expected = [run_job(job) for job in jobs]
    for workers in (1, 2):
        assert read_all(jobs, workers) == [(r, None) for r in expected]


class _Recorder:
    """A stand-in ProcessPoolExecutor that runs each task at once and records its files."""

    batches: list[list[str]]

    def __init__(self, max_workers: int) -> None:
        self.max_workers = max_workers

    def submit(self, work: Callable[[list[Job]], Any], jobs: list[Job]) -> Future[Any]:
        _Recorder.batches.append([job.source.path for job in jobs])
        future: Future[Any] = Future()
        future.set_result(work(jobs))
        return future

    def shutdown(self, wait: bool, cancel_futures: bool) -> None:
        pass


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch) -> type[_Recorder]:
    import concurrent.futures

    _Recorder.batches = []
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", _Recorder)
    return _Recorder


def test_only_files_to_parse_reach_the_pool_in_growing_batches(
    tmp_path: Path, recorder: type[_Recorder]
) -> None:
    jobs = _mixed_jobs(tmp_path)
    assert [r for r, _ in read_all(jobs, 2)] == [run_job(job) for job in jobs]
    celery_shaped = [j.source.path for i, j in enumerate(jobs) if i % 5 == 0]
    assert [len(batch) for batch in recorder.batches] == [1, 2, 4, 8]
    assert [path for batch in recorder.batches for path in batch] == celery_shaped
    recorder.batches = []
    read_all(_checked(jobs), 2)  # with --parse-all every file is parsed: all go
    sizes = [len(batch) for batch in recorder.batches]
    assert sizes == [1, 2, 4, 8, 16, 16, 16, 9]
    assert sum(sizes) == len(jobs)


@pytest.mark.parametrize(("count", "workers"), [(POOL_THRESHOLD - 1, 2), (POOL_THRESHOLD * 2, 1)])
def test_no_pool_for_a_small_scan_or_a_single_worker(
    tmp_path: Path, recorder: type[_Recorder], count: int, workers: int
) -> None:
    jobs = _checked(_mixed_jobs(tmp_path, count))
    assert [r for r, _ in read_all(jobs, workers)] == [run_job(job) for job in jobs]
    assert recorder.batches == []


def _die(jobs: list[Job]) -> list[object]:
    os._exit(1)  # a worker killed mid-scan, as by the OOM killer


def test_files_of_a_dead_worker_are_read_again_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "run_jobs", _die)
    jobs = _checked(_mixed_jobs(tmp_path))
    assert [r for r, _ in read_all(jobs, 2)] == [run_job(job) for job in jobs]


def test_read_all_extracts_in_process_when_no_pool_can_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import concurrent.futures

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("no sem_open here")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", refuse)
    for jobs in (_mixed_jobs(tmp_path), _checked(_mixed_jobs(tmp_path))):
        assert [r for r, _ in read_all(jobs, 2)] == [run_job(job) for job in jobs]
