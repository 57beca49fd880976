"""Temporary files of a write that was killed: recognised by name, removed by the next write.

``write_report`` writes ``.NAME.taskaudit-PID.RANDOM.tmp`` beside the
target, then renames it over the target. A SIGKILL (or a power cut) in
between leaves that file behind, hidden. The next write into the same
folder removes such files, and only those: the name must match taskaudit's
pattern exactly, and the writer must be gone. A file is left alone while it
is young (a write takes milliseconds, and in another container's process
namespace its pid means nothing here) and while its pid is a running
process, unless it is so old that the pid can only have been reused.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from pathlib import Path

_PATTERN = re.compile(r"^\..+\.taskaudit-(\d+)\.[A-Za-z0-9_]+\.tmp$")
GRACE_SECONDS = 60.0
ABANDONED_SECONDS = 3600.0


def temporary_prefix(target: Path) -> str:
    """The prefix ``tempfile.mkstemp`` gets; it adds the random part and ``.tmp``."""
    return f".{target.name}.taskaudit-{os.getpid()}."


def _running(pid: int) -> bool:
    if os.name == "nt":  # os.kill(pid, 0) would terminate the process on Windows
        return True
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except PermissionError:  # it runs, as another user
        return True
    except (OSError, OverflowError):  # ProcessLookupError, or no such pid at all
        return False
    return True


def remove_leftovers(folder: Path, now: float | None = None) -> list[Path]:
    """Remove abandoned temporary files of taskaudit's writes in ``folder``; the ones removed."""
    clock = time.time() if now is None else now
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for entry in entries:
        match = _PATTERN.match(entry.name)
        if match is None or not entry.is_file(follow_symlinks=False):
            continue
        with contextlib.suppress(OSError):
            age = clock - entry.stat(follow_symlinks=False).st_mtime
            if age > GRACE_SECONDS and (age > ABANDONED_SECONDS or not _running(int(match[1]))):
                Path(entry.path).unlink()
                removed.append(Path(entry.path))
    return sorted(removed)
