"""Errors in rule files and rule configuration, each pointing at ``path:line:col``.

A rules file is configuration: its problems are exceptions, caught once by the
CLI (exit code 2). The loader reports every problem it can find in one go,
sorted, so a user fixes a file in one round instead of one error per run.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from taskaudit.core.location import Location


def did_you_mean(word: str, options: Iterable[str]) -> str:
    """``"; did you mean 'x'?"`` for the closest option, or nothing."""
    close = difflib.get_close_matches(word, sorted(options), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


class RuleFileError(Exception):
    """One problem at one place; ``str()`` is exactly ``path:line:col: message``."""

    def __init__(self, path: str, line: int, column: int, message: str) -> None:
        super().__init__(path, line, column, message)
        self.path = path
        self.line = line
        self.column = column
        self.message = message

    @classmethod
    def at(cls, location: Location, message: str) -> RuleFileError:
        return cls(location.path, location.line, location.column, message)

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.message)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class RuleFileErrors(Exception):
    """All problems found while loading; one ``path:line:col: message`` per line."""

    def __init__(self, errors: list[RuleFileError]) -> None:
        self.errors = tuple(sorted(errors, key=RuleFileError.sort_key))
        super().__init__(*self.errors)

    def __str__(self) -> str:
        return "\n".join(str(error) for error in self.errors)


class Problems:
    """Collects problems while validating; raises them together at the end."""

    def __init__(self) -> None:
        self._errors: list[RuleFileError] = []

    def add(self, location: Location, message: str) -> None:
        self._errors.append(RuleFileError.at(location, message))

    def extend(self, errors: RuleFileErrors) -> None:
        self._errors.extend(errors.errors)

    def __len__(self) -> int:
        return len(self._errors)

    def raise_if_any(self) -> None:
        if self._errors:
            raise RuleFileErrors(self._errors)
