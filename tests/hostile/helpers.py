"""Shared by the hostile-input tests: a tree writer and the CLI run as a user runs it."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any

SAFE_ENV = {"PATH": "/usr/bin:/bin", "NO_COLOR": "1", "COLUMNS": "120", "HOME": "/nonexistent"}
GOOD_TASK = (
    "from celery import shared_task\n\n\n"
    '@shared_task(name="app.good.ping")\n'
    "def ping():\n"
    "    return 1\n"
)


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write ``files`` (relative path → text or bytes) under ``root``; return ``root``."""
    for relative, content in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8", newline="")
    return root


MEMORY_CAP = 1024 * 1024 * 1024


def _cap_memory() -> None:
    # A bomb that gets past a check then fails fast with MemoryError instead of
    # swapping the machine: the test sees exit 3, not a hang.
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def run(
    *args: str, cwd: Path, env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """``python -m taskaudit ARGS`` in a clean environment, bounded in time and memory."""
    return subprocess.run(
        [sys.executable, "-m", "taskaudit", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
        timeout=timeout,
        env={**SAFE_ENV, **(env or {})},
        preexec_fn=_cap_memory,
    )


def findings(stdout: str) -> list[tuple[str, str, int, int, str]]:
    """(rule, path, line, column, message) of every finding in ``--format json`` output."""
    data: dict[str, Any] = json.loads(stdout)
    return [
        (f["rule_id"], f["path"], f["line"], f["column"], f["message"]) for f in data["findings"]
    ]


def ta000(reason: str) -> str:
    return f"cannot read this file: {reason}; its tasks and settings are not audited"


def tree_listing(root: Path) -> list[str]:
    """Every path under ``root`` (symlinks not followed), to prove nothing was added.

    The facts cache (``.taskaudit_cache/``, self-ignored, CACHEDIR.TAG) is the one
    thing a scan may leave, by design, like ruff's ``.ruff_cache``.
    """
    out = []
    for directory, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if d != ".taskaudit_cache"]
        for name in [*dirs, *names]:
            out.append((Path(directory) / name).relative_to(root).as_posix())
    return sorted(out)
