"""``make bench``: taskaudit against ruff's parse-only pass, celery-audit and the parse floor.

    python bench/run.py [--tree PATH] [--runs 3]

Without ``--tree`` it generates the synthetic monorepo (bench/generate.py,
seeded) under $TMPDIR/taskaudit-bench-tree: outside this repository, whose
git view would hide it. taskaudit is timed as a user runs it in CI:
``taskaudit scan TREE --format json --fail-on never --quiet`` (start-up,
discovery, reading, linking, every rule, the JSON on stdout), cold with
``--no-cache`` and warm with the cache. Every measurement is a fresh process, timed with
``time.perf_counter`` over several runs (median, min-max); peak memory is the
child's ``ru_maxrss`` from ``os.wait4`` (workers included). The cache goes to
a temporary ``TASKAUDIT_CACHE_DIR``, so the measured tree is never written to
except for the touched file, which is put back byte for byte.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
PEER_VENV = HERE / ".venv-peer"


@dataclass(frozen=True, slots=True)
class Row:
    name: str
    times: tuple[float, ...]  # seconds; empty: unavailable
    peak_mb: float

    @property
    def median(self) -> float:
        return statistics.median(self.times)


# ru_maxrss is no use here: Linux carries a parent's high-water mark across
# fork and exec into the child's. The launcher instead samples the RSS of the
# command's whole process tree (workers included) from /proc every 10 ms and
# keeps the largest sum, or the largest single VmHWM if that is more.
_LAUNCHER = """
import os, subprocess, sys, time

def tree_rss(pid):
    total, hwm, todo = 0, 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                    elif line.startswith("VmHWM:"):
                        hwm = max(hwm, int(line.split()[1]))
            for t in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{t}/children") as f:
                    todo += [int(c) for c in f.read().split()]
        except (OSError, ValueError):
            pass
    return max(total, hwm)

start = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
peak = 0
while child.poll() is None:
    peak = max(peak, tree_rss(child.pid))
    time.sleep(0.01)
print(time.perf_counter() - start, peak)
"""


def timed(command: Sequence[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time and peak RSS (MB, worker processes included) of one run of ``command``."""
    done = subprocess.run(
        [sys.executable, "-S", "-c", _LAUNCHER, *command],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    seconds, kilobytes = done.stdout.split()
    return float(seconds), int(kilobytes) / 1024


def measure(
    name: str,
    command: Sequence[str] | None,
    runs: int,
    env: dict[str, str],
    before: Callable[[int], None] | None = None,
) -> Row:
    if command is None:
        return Row(name, (), 0.0)
    times: list[float] = []
    peak = 0.0
    for index in range(runs):
        if before is not None:
            before(index)
        seconds, rss = timed(command, env)
        times.append(seconds)
        peak = max(peak, rss)
    return Row(name, tuple(times), peak)


def peer_command(tree: Path) -> list[str] | None:
    """celery-audit from PyPI in its own venv; None when it cannot be installed."""
    binary = PEER_VENV / "bin" / "celery-audit"
    if not binary.exists():
        try:
            subprocess.run([sys.executable, "-m", "venv", str(PEER_VENV)], check=True)
            pip = [str(PEER_VENV / "bin" / "python"), "-m", "pip", "install", "-q"]
            subprocess.run([*pip, "celery-audit"], check=True, timeout=600)
        except (OSError, subprocess.SubprocessError):
            return None
    if not binary.exists():
        return None
    configs = peer_configs(tree)
    flags = [f for path in configs for f in ("--config", path)]
    return [str(binary), str(tree), *flags, "--settings-namespace", "CELERY", "--format", "json"]


def peer_configs(tree: Path) -> list[str]:
    """celery-audit needs the config modules named: the settings first, then the app module."""
    settings, apps = [], []
    for path in sorted(tree.rglob("*.py")):
        if any(part.startswith(".") or part == "node_modules" for part in path.parts):
            continue
        data = path.read_bytes()
        if b"Celery(" in data and b"config_from_object" in data:
            apps.append(path)
        elif path.stem in ("settings", "base") and b"CELERY_" in data:
            settings.append(path)
    return [p.relative_to(tree).as_posix() for p in [*settings[:1], *apps[:1]]]


def task_file(tree: Path) -> Path | None:
    for path in sorted(tree.rglob("tasks.py")):
        if ".venv" not in path.parts and b"task" in path.read_bytes():
            return path
    return None


def tool(name: str) -> str | None:
    """The program next to this interpreter, else on PATH.

    The venv's own copy first: on PATH a `taskaudit` or `ruff` may be a pyenv
    shim, a shell script that adds 0.1-0.2 s to every run it starts.
    """
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.is_file() else shutil.which(name)


def table(rows: list[Row]) -> str:
    ruff = next((r for r in rows if r.name.startswith("ruff") and r.times), None)
    peer = next((r for r in rows if r.name.startswith("celery-audit") and r.times), None)
    lines = [
        f"{'measurement':44} {'median s':>9} {'min-max s':>15} {'x ruff':>7} "
        f"{'peer/x':>7} {'peak MB':>8}",
    ]
    for row in rows:
        if not row.times:
            lines.append(f"{row.name:44} {'unavailable':>9}")
            continue
        spread = f"{min(row.times):.3f}-{max(row.times):.3f}"
        vs_ruff = f"{row.median / ruff.median:.1f}" if ruff else "-"
        vs_peer = f"{peer.median / row.median:.1f}" if peer else "-"
        lines.append(
            f"{row.name:44} {row.median:9.3f} {spread:>15} {vs_ruff:>7} {vs_peer:>7} "
            f"{row.peak_mb:8.0f}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    from generate import generate

    default = Path(tempfile.gettempdir()) / "taskaudit-bench-tree"
    tree = args.tree.resolve() if args.tree else default
    if args.tree is None:
        generate(tree, seed=args.seed)
    floor = [sys.executable, str(HERE / "parse_floor.py"), str(tree)]
    script = tool("taskaudit")
    start = [script] if script else [sys.executable, "-m", "taskaudit"]
    scan = [*start, "scan", str(tree), "--format", "json", "--fail-on", "never", "--quiet"]
    with tempfile.TemporaryDirectory(prefix="taskaudit-bench-") as cache_dir:
        env = {**os.environ, "TASKAUDIT_CACHE_DIR": cache_dir}
        touched = task_file(tree)
        original = touched.read_bytes() if touched else b""
        stat = touched.stat() if touched else None

        def touch(index: int) -> None:
            if touched is not None:
                touched.write_bytes(original + f"# bench touch {index}\n".encode())

        rows = [measure("taskaudit cold (--no-cache)", [*scan, "--no-cache"], args.runs, env)]
        rows.append(measure("taskaudit cold, --parse-all", [*scan, "--no-cache", "--parse-all"],
                            args.runs, env))  # fmt: skip
        measure("(prime the cache)", scan, 1, env)
        rows.append(measure("taskaudit warm (cache, nothing changed)", scan, args.runs, env))
        try:
            rows.append(measure("taskaudit warm, one task file edited", scan, args.runs, env,
                                touch))  # fmt: skip
        finally:
            if touched is not None and stat is not None:
                touched.write_bytes(original)
                os.utime(touched, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        rows.append(measure("ast.parse floor (one process)", floor, args.runs, env))
        rows.append(measure("celery-audit", peer_command(tree), args.runs, env))
        ruff = tool("ruff")
        ruff_cmd = (
            [ruff, "check", "--select", "E9", "--no-cache", "--isolated", str(tree)]
            if ruff
            else None
        )
        rows.append(measure("ruff parse-only (E9)", ruff_cmd, args.runs, env))
        rows.append(measure("taskaudit --version", [*start, "--version"], args.runs, env))
    files = sum(1 for _ in tree.rglob("*.py"))
    print(f"tree: {tree} ({files} .py files), {args.runs} runs each, cpus: {os.cpu_count()}")
    print(table(rows))


if __name__ == "__main__":
    main()
