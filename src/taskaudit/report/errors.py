"""The one error the report package raises: a bad template, baseline or target file."""

from __future__ import annotations

from taskaudit.errors import TaskauditError


class ReportError(TaskauditError):
    """One line for stderr; the CLI exits 2 with it."""

    def __init__(self, message: str) -> None:
        # A multi-line reason would break the one-line-on-stderr contract.
        super().__init__(" ".join(message.split()))
        self.message = " ".join(message.split())
