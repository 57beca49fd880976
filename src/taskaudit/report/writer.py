"""Writing a report to disk: atomically, and never over someone else's file.

The text goes to a temporary file in the target's folder, then
``Path.replace`` (``os.replace``) puts it in place, atomically within one
file system, so a reader never sees half a report. An existing file is
replaced only when taskaudit wrote it and nobody has edited it since
(its hidden state still hashes to the recorded digest), unless forced.
A write killed between the two steps leaves its temporary file behind;
the next write into the folder removes it (``taskaudit.report.leftovers``).

The month policy: a report is the record of its month. One for a past
month is not rewritten from today's code unless forced (a missing one may
still be written, to close a month that has just ended), and a month more
than one ahead of the current one is refused outright. The current month
is the caller's to give, so the policy reads no clock.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from taskaudit.report.errors import ReportError
from taskaudit.report.leftovers import remove_leftovers, temporary_prefix
from taskaudit.report.state import read_state


@dataclass(frozen=True, slots=True)
class WriteOutcome:
    path: Path
    action: Literal["created", "replaced", "unchanged", "forced"]


def is_taskaudit_report(text: str) -> bool:
    """True when ``text`` ends with a readable taskaudit state comment."""
    return read_state(text) is not None


def _refusal(path: Path) -> str | None:
    """Why ``path`` may not be replaced, or None when it may."""
    try:
        existing = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return f"{path} was not written by taskaudit (not UTF-8 text); use --force to replace it"
    except IsADirectoryError:
        raise ReportError(f"{path} is a directory, not a report file") from None
    state = read_state(existing)
    if state is None:
        return f"{path} was not written by taskaudit; use --force to replace it"
    if not state.intact:
        return f"{path} was edited by hand since taskaudit wrote it; use --force to replace it"
    return None


def check_month(month: str, current: str) -> None:
    """Refuse a report month more than one ahead of ``current`` (both ``YYYY-MM``)."""
    if _index(month) > _index(current) + 1:
        raise ReportError(
            f"--month {month} is more than one month ahead; "
            "a report is written for this month, next month or a past one"
        )


def is_past(month: str, current: str) -> bool:
    return _index(month) < _index(current)


def _index(month: str) -> int:
    year, number = month.split("-")
    return int(year) * 12 + int(number) - 1


def write_report(path: Path, text: str, *, force: bool, past: str | None = None) -> WriteOutcome:
    """Write ``text`` to ``path`` atomically; ``ReportError`` when it would clobber a file.

    ``past`` is the month of a report for a past month: an existing file is
    then not replaced unless forced, even one taskaudit wrote.
    """
    remove_leftovers(path.parent)
    action: Literal["created", "replaced", "unchanged", "forced"] = "created"
    # mkstemp makes the file private (0600); a report is meant to be shared.
    mode = 0o644
    if path.exists():
        mode = path.stat().st_mode & 0o777
        reason = _refusal(path)
        if reason is None and path.read_text(encoding="utf-8") == text:
            return WriteOutcome(path, "unchanged")
        if reason is None and past is not None:
            reason = (
                f"{path} is the report of {past}, a past month, and is not rewritten "
                "from today's code; use --force to replace it"
            )
        if reason is not None and not force:
            raise ReportError(reason)
        action = "forced" if reason is not None else "replaced"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(
            prefix=temporary_prefix(path), suffix=".tmp", dir=path.parent
        )
    except OSError as error:
        raise ReportError(f"cannot write {path}: {error.strerror or error}") from None
    try:
        os.fchmod(descriptor, mode)
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        Path(temporary).replace(path)
    except OSError as error:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        raise ReportError(f"cannot write {path}: {error.strerror or error}") from None
    return WriteOutcome(path, action)
