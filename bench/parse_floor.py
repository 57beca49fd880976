"""The parse floor of ``make bench``: every discovered Python file through ``ast.parse``.

    python bench/parse_floor.py TREE

One process, no prefilter, no extraction: what any tool that builds a
Python AST of every file pays at least. Prints how many files parsed.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from taskaudit.discover import discover


def floor(tree: Path) -> int:
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


if __name__ == "__main__":
    print(floor(Path(sys.argv[1])))
