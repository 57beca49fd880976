"""The facts cache: never changes output, survives damage, stays out of the way."""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path

import pytest

from taskaudit import cache, pipeline
from taskaudit.cache import (
    CACHE_DIR,
    FactsCache,
    cache_directory,
    clean_cache,
    source_fingerprint,
)
from taskaudit.cache_pickle import dumps, loads
from taskaudit.config import Config
from taskaudit.inventory import inventory_data
from taskaudit.link.subjects import build_subjects
from taskaudit.pipeline import Scanned, scan_sources, scan_tree
from taskaudit.rules import evaluate
from taskaudit.scan import load_catalog

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "clinic"
TASKS = (
    "from celery import shared_task\n\n\n"
    '@shared_task(name="app.tasks.ping", acks_late=True)\n'
    "def ping():\n    return 1\n"
)


def _tree(root: Path) -> Path:
    (root / "app").mkdir(parents=True)
    (root / "app" / "__init__.py").write_text("")
    (root / "app" / "tasks.py").write_text(TASKS)
    (root / "app" / "models.py").write_text("x = 1\n")
    return root


def _output(scanned: Scanned) -> str:
    """What a user sees of a scan: its inventory and findings, as JSON."""
    catalog = load_catalog(Config())
    findings = evaluate(catalog, build_subjects(scanned.project)).findings
    rows = [(f.rule_id, f.location.path, f.location.line, f.message) for f in findings]
    return json.dumps({"inventory": inventory_data(scanned.project), "findings": rows})


def test_the_example_scans_to_the_same_bytes_cold_warm_and_uncached(tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    uncached = _output(scan_tree(EXAMPLE, jobs=1))
    cold = _output(scan_tree(EXAMPLE, cache=True, cache_dir=cache_dir, jobs=1))
    warm = _output(scan_tree(EXAMPLE, cache=True, cache_dir=cache_dir, jobs=1))
    assert cold == uncached
    assert warm == uncached


def test_the_cache_directory_marks_and_ignores_itself(tmp_path: Path) -> None:
    root = _tree(tmp_path / "proj")
    scan_tree(root, cache=True, jobs=1)
    names = sorted(p.name for p in (root / CACHE_DIR).iterdir())
    assert names[:2] == [".gitignore", "CACHEDIR.TAG"]
    assert [n.startswith("facts-") and n.endswith(".pickle") for n in names[2:]] == [True]
    assert (root / CACHE_DIR / ".gitignore").read_text() == "*\n"
    assert (
        (root / CACHE_DIR / "CACHEDIR.TAG")
        .read_text()
        .startswith("Signature: 8a477f597d28d172789f06886806bc55\n")
    )


def test_an_edit_is_seen_and_a_touch_without_change_reuses_the_entry(tmp_path: Path) -> None:
    root = _tree(tmp_path / "proj")
    scan_tree(root, cache=True, jobs=1)
    tasks = root / "app" / "tasks.py"
    tasks.write_text(TASKS.replace("app.tasks.ping", "app.tasks.pong"))
    edited = scan_tree(root, cache=True, jobs=1)
    assert [t.name for t in edited.project.tasks] == ["app.tasks.pong"]
    stat = tasks.stat()
    os.utime(tasks, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    store = FactsCache.open(root)
    source = store.entries["app/tasks.py"].source
    reused = store.get(source, stat.st_size, stat.st_mtime_ns + 5_000_000_000, tasks.read_bytes)
    assert reused is not None and reused.facts == edited.files[2]


def test_a_corrupt_cache_is_ignored_and_rebuilt(tmp_path: Path) -> None:
    root = _tree(tmp_path / "proj")
    expected = _output(scan_tree(root, jobs=1))
    scan_tree(root, cache=True, jobs=1)
    [pickled] = (root / CACHE_DIR).glob("facts-*.pickle")
    pickled.write_bytes(pickled.read_bytes()[:40])
    assert _output(scan_tree(root, cache=True, jobs=1)) == expected
    assert FactsCache.open(root).entries.keys() == {
        "app/__init__.py",
        "app/models.py",
        "app/tasks.py",
    }


def test_a_planted_pickle_cannot_run_code() -> None:
    planted = b"taskaudit-facts-1\n" + pickle.dumps(print)
    with pytest.raises(pickle.UnpicklingError, match=r"refusing builtins\.print"):
        loads(planted)
    with pytest.raises(ValueError, match="not a taskaudit facts cache"):
        loads(pickle.dumps({}))


def test_facts_round_trip_through_the_cache_format() -> None:
    facts, _ = scan_sources({"app/tasks.py": TASKS, "app/plain.py": "x = 1\n"})
    assert loads(dumps(facts)) == facts


def test_an_unwritable_cache_location_means_no_cache_and_no_error(tmp_path: Path) -> None:
    root = _tree(tmp_path / "proj")
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    scanned = scan_tree(root, cache=True, cache_dir=blocker / "cache", jobs=1)
    assert [t.name for t in scanned.project.tasks] == ["app.tasks.ping"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file", "proj"]


def test_the_environment_moves_the_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TASKAUDIT_CACHE_DIR", str(tmp_path / "elsewhere"))
    assert cache_directory(Path("/repo")) == tmp_path / "elsewhere"
    assert cache_directory(Path("/repo"), tmp_path / "given") == tmp_path / "given"
    monkeypatch.delenv("TASKAUDIT_CACHE_DIR")
    assert cache_directory(Path("/repo")) == Path("/repo/.taskaudit_cache")


def test_clean_removes_only_what_taskaudit_wrote(tmp_path: Path) -> None:
    root = _tree(tmp_path / "proj")
    assert clean_cache(root) == 0
    scan_tree(root, cache=True, jobs=1)
    assert clean_cache(root) == 3
    assert not (root / CACHE_DIR).exists()
    shared = tmp_path / "shared"
    scan_tree(root, cache=True, cache_dir=shared, jobs=1)
    (shared / "notes.txt").write_text("keep me")
    assert clean_cache(root, shared) == 3
    assert sorted(p.name for p in shared.iterdir()) == ["notes.txt"]


def test_a_warm_scan_reads_no_skipped_file_for_factory_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `background` wraps shared_task, so a file with no Celery spelling may still
    # declare a task with it: the first scan searches every skipped file for the
    # word, later scans reuse the verdict until the file changes.
    root = _tree(tmp_path / "proj")
    (root / "app" / "wrap.py").write_text(
        "from celery import shared_task\n\n\ndef background(**kw):\n    return shared_task(**kw)\n"
    )
    (root / "app" / "jobs.py").write_text("from app.wrap import background\n")
    for index in range(3):
        (root / "app" / f"plain_{index}.py").write_text(f"x = {index}\n")
    for path in (root / "app").iterdir():  # old enough that no same-tick edit can hide
        os.utime(path, (path.stat().st_atime - 60, path.stat().st_mtime - 60))
    cache_dir = tmp_path / "cache"
    first = scan_tree(root, cache=True, cache_dir=cache_dir, jobs=1)
    read: list[str] = []
    real = pipeline._bytes

    def counted(path: Path) -> bytes | None:
        read.append(path.name)
        return real(path)

    monkeypatch.setattr(pipeline, "_bytes", counted)
    again = scan_tree(root, cache=True, cache_dir=cache_dir, jobs=1)
    assert (read, _output(again)) == ([], _output(first))
    (root / "app" / "plain_1.py").write_text(
        "from app.wrap import background\n\n\n@background()\ndef late():\n    pass\n"
    )
    read.clear()
    edited = scan_tree(root, cache=True, cache_dir=cache_dir, jobs=1)
    assert set(read) == {"plain_1.py"}  # searched, then re-hashed: its mtime is too fresh
    assert "app.plain_1.late" in [t.name for t in edited.project.tasks]


def test_the_source_fingerprint_follows_every_python_file(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    (package / "extract").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "extract" / "tasks.py").write_text("NAMES = ('shared_task',)\n")
    (package / "rules.yaml").write_text("version: 1\n")
    before = source_fingerprint(package)
    assert source_fingerprint(package) == before
    (package / "rules.yaml").write_text("version: 2\n")  # not Python: facts cannot depend on it
    assert source_fingerprint(package) == before
    (package / "extract" / "tasks.py").write_text("NAMES = ('shared_task', 'task')\n")
    edited = source_fingerprint(package)
    assert edited != before
    (package / "extract" / "tasks.py").rename(package / "extract" / "names.py")
    assert source_fingerprint(package) not in (before, edited)


def test_facts_cached_by_other_taskaudit_source_are_not_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _tree(tmp_path / "proj")
    scan_tree(root, cache=True, jobs=1)
    assert FactsCache.open(root).entries.keys() == {
        "app/__init__.py",
        "app/models.py",
        "app/tasks.py",
    }
    monkeypatch.setattr(cache, "_package_fingerprint", lambda: "an edited extractor")
    assert FactsCache.open(root).entries == {}
    scan_tree(root, cache=True, jobs=1)
    assert len(list((root / CACHE_DIR).glob("facts-*.pickle"))) == 2
