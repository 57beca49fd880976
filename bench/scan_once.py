"""One timed unit of ``make bench``, run in a fresh process each time.

    python bench/scan_once.py TREE scan [--cache] [--no-check] [--jobs N]
    python bench/scan_once.py TREE floor

``scan`` does what ``taskaudit scan`` does up to rendering: discover, read
(cache, prefilter, processes), link, evaluate every rule, build the JSON
inventory. ``floor`` parses every discovered Python file with ``ast.parse``
in this one process: what any AST-based tool pays at least.
"""

from __future__ import annotations

import argparse
import ast
import json
from pathlib import Path


def scan(tree: Path, cache: bool, check: bool, jobs: int | None) -> int:
    from taskaudit.inventory import inventory_data
    from taskaudit.link.subjects import build_subjects
    from taskaudit.pipeline import scan_tree
    from taskaudit.rules import evaluate
    from taskaudit.scan import ScanOptions, load_catalog

    catalog = load_catalog(ScanOptions())
    scanned = scan_tree(tree, cache=cache, jobs=jobs, check_skipped=check)
    findings = evaluate(catalog, build_subjects(scanned.project)).findings
    json.dumps(inventory_data(scanned.project), default=str)
    return len(findings)


def floor(tree: Path) -> int:
    from taskaudit.discover import discover

    parsed = 0
    for source in discover(tree):
        if source.role != "python":
            continue
        try:
            ast.parse((tree / source.path).read_bytes())
            parsed += 1
        except (SyntaxError, ValueError, OSError, RecursionError, MemoryError):
            continue
    return parsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("tree", type=Path)
    parser.add_argument("mode", choices=("scan", "floor"))
    parser.add_argument("--cache", action="store_true")
    parser.add_argument("--no-check", action="store_true")
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args()
    if args.mode == "floor":
        print(floor(args.tree))
    else:
        print(scan(args.tree, args.cache, not args.no_check, args.jobs))


if __name__ == "__main__":
    main()
