"""Options of the celery CLI sub-commands, read from words into typed values.

Option names and which take a value follow Celery 5's click commands
(celery/bin/celery.py, worker.py, beat.py, purge.py, control.py; the
``celery worker --help`` / ``celery beat --help`` man pages). Note that ``-S``
is ``--statedb`` for a worker but ``--scheduler`` for beat; a worker's
embedded beat takes only the long ``--scheduler``.
"""

from __future__ import annotations

from dataclasses import dataclass

from taskaudit.core.values import Unknown
from taskaudit.extract.ops.words import is_dynamic

_SHORT = {
    "A": "--app",
    "b": "--broker",
    "B": "--beat",
    "Q": "--queues",
    "X": "--exclude-queues",
    "P": "--pool",
    "c": "--concurrency",
    "n": "--hostname",
    "l": "--loglevel",
    "f": "--logfile",
    "s": "--schedule",
    "O": "--optimization",
    "I": "--include",
    "E": "--events",
    "D": "--detach",
    "d": "--destination",
    "t": "--timeout",
}
# Short options that take a value, per sub-command; the rest are flags.
_SHORT_VALUES = {
    "worker": "AbQXPcnlfSsOI",
    "multi": "AbQXPcnlfSsOI",
    "beat": "AbSslf",
    "purge": "AbQX",
    "inspect": "Abdt",
    "control": "Abdt",
}
_LONG_VALUES = frozenset(
    {"--app", "--broker", "--result-backend", "--loader", "--config", "--workdir"}
    | {"--queues", "--exclude-queues", "--pool", "--concurrency", "--hostname", "--loglevel"}
    | {"--logfile", "--pidfile", "--uid", "--gid", "--umask", "--executable", "--schedule"}
    | {"--schedule-filename", "--scheduler", "--statedb", "--optimization", "--include"}
    | {"--prefetch-multiplier", "--time-limit", "--soft-time-limit", "--max-tasks-per-child"}
    | {"--max-memory-per-child", "--autoscale", "--max-interval", "--destination", "--timeout"}
)

Option = tuple[str, str | None]


@dataclass(frozen=True, slots=True)
class Reading:
    options: tuple[Option, ...]
    opaque: bool  # a bare ``$VAR`` / ``"$@"`` word may carry more options


def long_name(letter: str, subcommand: str | None) -> str:
    if letter == "S":
        return "--scheduler" if subcommand == "beat" else "--statedb"
    return _SHORT.get(letter, f"-{letter}")


def read_options(words: list[str] | tuple[str, ...], subcommand: str | None) -> Reading:
    short_values = _SHORT_VALUES.get(subcommand or "", "Ab")
    options: list[Option] = []
    opaque = False
    i = 0
    while i < len(words):
        word = words[i]
        i += 1
        if word == "--":  # what follows is arguments, never options
            break
        if word.startswith("--"):
            name, eq, value = word.partition("=")
            if not eq and name in _LONG_VALUES and i < len(words):
                value, i = words[i], i + 1
            options.append((name, value if eq or name in _LONG_VALUES else None))
        elif word.startswith("-") and len(word) > 1:
            for k, letter in enumerate(word[1:], start=1):
                if letter in short_values:
                    value = word[k + 1 :]
                    if not value and i < len(words):
                        value, i = words[i], i + 1
                    options.append((long_name(letter, subcommand), value))
                    break
                options.append((long_name(letter, subcommand), None))
        elif word.startswith(("$", "`")):
            opaque = True
    return Reading(tuple(options), opaque)


def last(options: tuple[Option, ...] | list[Option], name: str) -> str | None:
    found = None
    for key, value in options:
        if key == name and value is not None:
            found = value
    return found


def _unknown(value: str) -> Unknown:
    return Unknown(f"set at run time: {value}")


def text(value: str | None) -> str | Unknown | None:
    if value is None or not is_dynamic(value):
        return value
    return _unknown(value)


def names(value: str | None) -> tuple[str, ...] | Unknown | None:
    if value is None:
        return None
    if is_dynamic(value):
        return _unknown(value)
    return tuple(part.strip() for part in value.split(",") if part.strip())


def number(value: str | None) -> int | Unknown | None:
    if value is None:
        return None
    if is_dynamic(value):
        return _unknown(value)
    if value.isascii() and value.isdigit() and len(value) < 10:
        return int(value)
    return Unknown(f"not a whole number: {value}")
