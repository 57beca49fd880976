"""Parallel extraction: the same facts in the same order as a serial scan."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from taskaudit.cache import Entry
from taskaudit.discover import SourceFile
from taskaudit.facts import FileFacts
from taskaudit.jobs import Job, run_job
from taskaudit.parallel import POOL_THRESHOLD, read_all, run_all
from taskaudit.pipeline import scan_tree
from taskaudit.source import ParseFailure

GENERATOR = Path(__file__).resolve().parents[1] / "bench" / "generate.py"


def test_results_keep_the_input_order_over_a_pool() -> None:
    items = list(range(-POOL_THRESHOLD * 2, 0))
    assert run_all(abs, items, jobs=2) == [-i for i in items]
    assert run_all(abs, items[:3], jobs=2, progress=True) == [128, 127, 126]


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


def _mixed_jobs(root: Path) -> list[Job]:
    """Plain files, Celery-shaped ones and a missing one, interleaved, past the pool threshold."""
    jobs: list[Job] = []
    for index in range(POOL_THRESHOLD + 8):
        name = f"m{index:03}.py"
        if index % 5 == 0:
            (root / name).write_text(
                f"from celery import shared_task\n\n@shared_task\ndef t{index}(): ...\n"
            )
        elif index % 17 != 0:
            (root / name).write_text(f"x = {index}\n")
        jobs.append(Job(str(root), SourceFile(name, "python", name[:-3]), force=False, check=False))
    return jobs


def test_read_all_gives_run_job_results_in_order_with_skimmed_bytes(tmp_path: Path) -> None:
    jobs = _mixed_jobs(tmp_path)
    expected = [run_job(job) for job in jobs]
    for workers in (1, 2):
        results = read_all(jobs, workers)
        assert [r for r, _ in results] == expected
        # The bytes come back for files skimmed in-process, never for extracted ones.
        kept = {r.source.path for r, data in results if data is not None and isinstance(r, Entry)}
        assert kept == {r.source.path for r in expected if isinstance(r, Entry) and r.facts is None}


def test_read_all_extracts_in_process_when_no_pool_can_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import concurrent.futures

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("no sem_open here")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", refuse)
    jobs = _mixed_jobs(tmp_path)
    assert [r for r, _ in read_all(jobs, 2)] == [run_job(job) for job in jobs]
