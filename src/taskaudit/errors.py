"""Errors the CLI turns into one line on stderr and a documented exit code."""

from __future__ import annotations

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3


class TaskauditError(Exception):
    """A problem with the user's input or configuration (exit 2).

    ``str()`` is the one line shown: ``path:line:col: message`` when there is
    a place to point at.
    """

    exit_code = EXIT_USAGE
