"""Fuzz the whole pipeline in-process: generated trees in, every output rendered.

Usage: ``python fuzz/fuzz_pipeline.py [--seconds 60] [--seed N]`` (``make fuzz``).
A crash is any exception other than a ``TaskauditError`` (which is exit 2, a
configuration problem, and cannot come from scanned files at all); each distinct
one is saved under ``fuzz/crashes/<signature>/`` with the tree that caused it.
An input taking longer than ``--hang`` seconds counts as a crash too.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import shutil
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path
from types import FrameType

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import hypothesmith_programs, tree

import taskaudit.scan
from taskaudit.config import Config
from taskaudit.errors import TaskauditError
from taskaudit.report.formats import to_gitlab, to_json, to_text
from taskaudit.report.github import to_github
from taskaudit.report.markdown import render_report
from taskaudit.report.sarif import to_sarif
from taskaudit.scan import ScanOptions, load_catalog, run_scan

CRASHES = Path(__file__).resolve().parent / "crashes"


class Hang(Exception):
    pass


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise Hang


def run_one(root: Path) -> None:
    result = run_scan(root, ScanOptions()).result
    for render in (to_json, to_sarif, to_gitlab):
        render(result)
    to_text(result, color=True)
    to_github(result, summary=True)
    render_report(result, month="2026-01", previous=None)


def signature(error: BaseException) -> str:
    frames = [f for f in traceback.extract_tb(error.__traceback__) if "taskaudit" in f.filename]
    where = f"{frames[-1].filename.rsplit('/', 1)[-1]}:{frames[-1].lineno}" if frames else "?"
    return f"{error.__class__.__name__} at {where}"


def save(sig: str, files: dict[str, bytes], error: BaseException) -> Path:
    folder = CRASHES / hashlib.sha256(sig.encode()).hexdigest()[:12]
    if folder.exists():
        shutil.rmtree(folder)
    for name, data in files.items():
        (folder / "tree" / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / "tree" / name).write_bytes(data)
    trace = "".join(traceback.format_exception(error))
    (folder / "traceback.txt").write_text(f"{sig}\n\n{trace}", encoding="utf-8")
    return folder


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--hang", type=int, default=20)
    args = parser.parse_args()
    try:
        catalog = load_catalog(Config())
    except TaskauditError as error:
        print(f"fuzz: the rules do not load, nothing to fuzz: {error}", file=sys.stderr)
        return 2
    # Loaded once: the fuzzer is after the scanned files, and rules.yaml is not one.
    taskaudit.scan.load_catalog = lambda options: catalog
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**32)
    rng = random.Random(seed)
    grammar = hypothesmith_programs(40)
    signal.signal(signal.SIGALRM, _alarm)
    crashes: dict[str, Path] = {}
    tried = files_tried = 0
    deadline = time.monotonic() + args.seconds
    while time.monotonic() < deadline:
        files = tree(rng, grammar)
        with tempfile.TemporaryDirectory(prefix="taskaudit-fuzz-") as scratch:
            root = Path(scratch)
            for name, data in files.items():
                (root / name).parent.mkdir(parents=True, exist_ok=True)
                (root / name).write_bytes(data)
            signal.alarm(args.hang)
            try:
                run_one(root)
            except Exception as error:  # every escape is what we are looking for
                sig = signature(error)
                if sig not in crashes:
                    crashes[sig] = save(sig, files, error)
                    print(f"crash: {sig} -> {crashes[sig]}", file=sys.stderr)
            finally:
                signal.alarm(0)
        tried += 1
        files_tried += len(files)
    grammar_note = f"{len(grammar)} hypothesmith programs" if grammar else "no hypothesmith"
    print(
        f"fuzz: seed {seed}, {tried} trees, {files_tried} files ({grammar_note}), "
        f"{len(crashes)} distinct crashes in {args.seconds:.0f}s"
    )
    return 1 if crashes else 0


if __name__ == "__main__":
    raise SystemExit(main())
